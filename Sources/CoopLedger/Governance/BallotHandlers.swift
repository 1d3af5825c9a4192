import CoopGovernance
import CoopModel

extension LedgerState {
    /// The motion, if it is open for ballots at `time`; otherwise an error saying why not.
    func openMotion(_ id: MotionID, at time: Timestamp, for entry: DecodedEntry) throws -> (Motion, MotionOpening) {
        let motion = try motion(id, field: "motion")
        switch motion.status {
        case .proposed:
            throw entry.refuse(.status, field: "motion", "\(id) is not open for voting yet (the secretary opens it with 'coop motion open \(id)')")
        case .closed:
            throw entry.refuse(.status, field: "motion", "\(id) is closed; ballots and proxies are no longer accepted")
        case .open: break
        }
        guard let opening = motion.opening else { throw entry.refuse(.status, field: "motion", "\(id) has no opening recorded") }
        if let closes = opening.closesAt, time >= closes {
            throw entry.refuse(.tooLate, "voting on \(id) ended at \(closes); this entry's ledger time (\(time)) is too late")
        }
        // A key an officer recovered after the electorate was frozen did not belong to this
        // member when it was: it may not take part (dual control of key recovery).
        let author = entry.statement.author
        if let recovered = members[author]?.recoveredAt, recovered > opening.index {
            throw entry.refuse(
                .notEligible,
                "\(author)'s key was recovered by an officer (in force from entry \(recovered)), after \(id) "
                    + "opened (entry \(opening.index)); a recovered key may not vote on a motion opened before it came into force")
        }
        return (motion, opening)
    }

    /// Refuses (`status`) unless `member` is active now: the electorate is frozen at opening, but
    /// a member expelled, withdrawn or suspended since then has lost the vote (and may neither
    /// hold nor grant a proxy). `field` is the body field naming them (nil for the author).
    func requireActive(_ member: MemberID, field: String?, role: String, for entry: DecodedEntry) throws {
        guard let m = members[member], m.status != .active else { return }
        throw entry.refuse(
            .status, field: field,
            "\(role), \(member), is \(m.status.rawValue) now; only active members vote, grant or hold proxies")
    }

    /// Checks `event` against the motion's ballot box (electorate, proxies, choice) and records it.
    mutating func record(_ event: VoteEvent, on motion: Motion, for entry: DecodedEntry) throws {
        var box = try ballotBox(for: motion)
        do {
            try box.record(event)
        } catch {
            var (code, field) = Self.refusal(for: error)
            // A ranking's bad name is inside `choice.rank`; point there.
            if case .ranking = event.choice, case .unknownCandidate = error { field = "choice.rank" }
            if case .ranking = event.choice, case .duplicateCandidate = error { field = "choice.rank" }
            // Left out of the electorate: say why, in words the member can act on.
            if case let .notInElectorate(member) = error, let o = motion.opening,
                let why = whyNotEligible(member, under: o.rule, recordIndex: o.recordIndex, recordDate: o.recordDate)
            {
                throw entry.refuse(code, field: field, error.description + ": " + why)
            }
            throw entry.refuse(code, field: field, error.description)
        }
        governance.motions[motion.id]?.events.append(event)
    }

    /// The code and body field of a ballot box's refusal of a ballot or proxy.
    static func refusal(for error: GovernanceError) -> (EntryRefusal.Code, String?) {
        switch error {
        case .notInElectorate: return (.notEligible, nil)
        case .motionChoiceInElection, .selectionOnMotion, .tooManyCandidates, .unknownCandidate, .duplicateCandidate,
            .rankingOutsideRankedElection, .unrankedChoiceInRankedElection:
            return (.field, "choice")
        case .proxiesNotAllowed, .proxyLimitReached: return (.bylaws, nil)
        case .proxyToSelf: return (.field, "holder")
        case .noProxyToRevoke: return (.nothingPending, nil)
        case .notProxyHolder: return (.notAuthorized, "for")
        // Not reachable from one entry (positions only grow; elections are checked when proposed).
        case .positionOutOfOrder, .invalidSeats, .invalidCandidates: return (.invalid, nil)
        }
    }
}

/// `ballot.cast`: a member of the frozen electorate votes (yes/no/abstain, candidates in an
/// election, or a ranking `{"rank": [...]}` in a ranked election); with `for`, a proxy holder votes for the member who granted the proxy. A later
/// ballot replaces the earlier one; repeating the ballot in force is refused as a duplicate.
struct BallotCastHandler: EntryHandler {
    let type = EntryType.ballotCast

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(BallotBody.self)
        let (motion, _) = try state.openMotion(body.motion, at: entry.time, for: entry)
        guard motion.secret == nil else {
            throw entry.refuse(
                .status, field: "choice",
                "\(motion.id) is voted by secret ballot: a choice in the clear is refused; 'coop vote' encrypts it (ballot.secret)")
        }
        try state.requireActive(s.author, field: nil, role: "the voter", for: entry)
        if let grantor = body.grantor { try state.requireActive(grantor, field: "for", role: "the proxy's grantor", for: entry) }
        let previous = motion.events.last { $0.kind == .ballot && $0.member == s.author && $0.grantor == body.grantor }
        // Compared as counted, not as written: in an election `"abstain"` and `[]` are one ballot.
        if let previous, let before = previous.choice, let box = try? state.ballotBox(for: motion),
            let counted = try? box.validated(body.choice, by: s.author), (try? box.validated(before, by: s.author)) == counted
        {
            let whose = body.grantor.map { " for \($0)" } ?? ""
            throw entry.refuse(
                .duplicate, field: "choice",
                "\(s.author) already cast this ballot\(whose) on \(motion.id) (entry \(previous.position)); nothing changes")
        }
        let event = VoteEvent(kind: .ballot, position: index, member: s.author, choice: body.choice, grantor: body.grantor)
        try state.record(event, on: motion, for: entry)
    }
}

/// `proxy.grant`: a member of the electorate lets another vote for them on one open motion,
/// if the rule fixed at opening allows proxies (within its per-holder limit).
struct ProxyGrantHandler: EntryHandler {
    let type = EntryType.proxyGrant

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(ProxyGrantBody.self)
        let (motion, _) = try state.openMotion(body.motion, at: entry.time, for: entry)
        try state.requireActive(s.author, field: nil, role: "the proxy's grantor", for: entry)
        try state.requireActive(body.holder, field: "holder", role: "the proxy holder", for: entry)
        try state.record(
            VoteEvent(kind: .proxyGrant, position: index, member: s.author, holder: body.holder),
            on: motion, for: entry)
    }
}

/// `proxy.revoke`: the grantor takes their proxy back; a ballot cast under it stops counting.
struct ProxyRevokeHandler: EntryHandler {
    let type = EntryType.proxyRevoke

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(MotionRefBody.self)
        let (motion, _) = try state.openMotion(body.motion, at: entry.time, for: entry)
        try state.record(VoteEvent(kind: .proxyRevoke, position: index, member: s.author), on: motion, for: entry)
    }
}
