import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopModel
import CoopSecretBallot

/// The result of counting a motion's ballots under its rule: what `motion.close` must record
/// and what `coop motion tally` shows. Always derived, never trusted from an entry.
public struct MotionDecision: Sendable, Equatable {
    public var resolved: ResolvedBallots
    public var passed: Bool
    /// The decided motion outcome (yes/no motions) or election result.
    public var outcome: TallyOutcome?
    public var election: ElectionResult?
    /// A ranked election's count, round by round (nil when not ranked, or the quorum was not met).
    public var ranked: RankedResult?
    public var explanation: [String]
    /// A secret motion's counts as the trustees' partial decryptions prove them.
    public var secretResult: DecryptedTally? = nil

    /// SHA-256 of the canonical JSON of `ranked`: what `motion.close` records as `result_hash`.
    public var rankedResultHash: SHA256Digest? {
        get throws { try ranked.map(LedgerState.rankedResultHash) }
    }

    /// Ballots counted (abstentions included).
    public var ballots: Int64 {
        if let t = resolved.tally { return Int64(clamping: t.ballots) }
        return resolved.electionTally?.ballots ?? 0
    }
}

extension LedgerState {
    /// The motion `id`, or a `notFound` refusal that says how to find one (naming the body's
    /// `field` that gave the id, when one did).
    public func motion(_ id: MotionID, field: String? = nil) throws -> Motion {
        guard let m = governance.motions[id] else {
            throw LedgerError.invalidBody(
                index: nil, type: "motion", reason: "there is no motion \(id) (see 'coop motion list')",
                code: .notFound, field: field)
        }
        return m
    }

    /// The members eligible to vote on a `rule` motion whose record position is entry
    /// `recordIndex` (dated `recordDate`): admitted before it, active now, of an eligible class
    /// (when the rule names classes), and in good standing as recorded before it (dues charged
    /// through the record date's month, credits effective on or before it: see
    /// `duesPosition(of:recordedBefore:on:)`). Sorted by member number.
    public func electorate(under rule: VotingRule, recordIndex: UInt64, recordDate: CivilDate) -> [MemberID] {
        members.values.filter { m in
            guard m.status == .active, m.admittedAt < recordIndex else { return false }
            if let classes = rule.eligibleClasses, !(m.memberClass.map(classes.contains) ?? false) { return false }
            return duesPosition(of: m.id, recordedBefore: recordIndex, on: recordDate)?.goodStanding ?? true
        }.map(\.id).sorted()
    }

    /// The electorate a `motion.open` at entry `openIndex`, dated `openDate`, fixes for
    /// `motion` under the bylaws in force: judged at the record position the rule names (the
    /// proposal, or the open), with its fingerprint. What the open entry must state.
    public func openingElectorate(for motion: Motion, openIndex: UInt64, openDate: CivilDate) throws
        -> (ids: [MemberID], hash: SHA256Digest, recordIndex: UInt64, recordDate: CivilDate)
    {
        guard let rule = bylaws?.rules.governance.rule(for: motion.kind) else {
            throw LedgerError.invalidBody(
                index: nil, type: "motion", reason: "motions need machine bylaws (this ledger has none)",
                code: .bylaws)
        }
        let record = rule.recordDate == .open ? (openIndex, openDate) : (motion.proposedAt, motion.proposedTime.date)
        let ids = electorate(under: rule, recordIndex: record.0, recordDate: record.1)
        return (ids, try Self.electorateHash(ids), record.0, record.1)
    }

    /// The body of the `motion.open` that would open `id` as the next entry, dated `openDate`:
    /// the electorate it fixes, by fingerprint and size, so the CLI, tools and tests sign the
    /// same thing the handler re-derives.
    public func openBody(for id: MotionID, closes: Timestamp? = nil, openDate: CivilDate) throws -> MotionOpenBody {
        let electorate = try openingElectorate(for: try motion(id), openIndex: size, openDate: openDate)
        return MotionOpenBody(motion: id, closes: closes, electorateHash: electorate.hash, electorateCount: Int64(electorate.ids.count))
    }

    /// Why `member` is not in the electorate `electorate(under:recordIndex:recordDate:)` gives,
    /// in words a member can act on; nil when they are in it.
    public func whyNotEligible(_ member: MemberID, under rule: VotingRule, recordIndex: UInt64, recordDate: CivilDate) -> String? {
        guard let m = members[member] else { return "\(member) is not a member" }
        guard m.status == .active else { return "\(member) is \(m.status.rawValue)" }
        guard m.admittedAt < recordIndex else { return "\(member) was admitted after the record date \(recordDate)" }
        if let classes = rule.eligibleClasses, !(m.memberClass.map(classes.contains) ?? false) {
            return "members of the \(m.memberClass ?? "unclassed") class do not vote on this kind of motion (eligible: "
                + classes.joined(separator: ", ") + ")"
        }
        if let p = duesPosition(of: member, recordedBefore: recordIndex, on: recordDate), !p.goodStanding {
            return "\(p.monthsInArrears) month\(p.monthsInArrears == 1 ? "" : "s") of dues unpaid at the record date \(recordDate) "
                + "(the bylaws allow \(bylaws?.rules.dues.maxArrearsMonths ?? 0))"
        }
        return nil
    }

    /// SHA-256 of the canonical JSON array of member ids: what the opening records as the
    /// electorate's fingerprint (docs/FORMAT.md "Governance").
    static func electorateHash(_ ids: [MemberID]) throws -> SHA256Digest {
        SHA256.hash(try CanonicalJSON.encode(.array(ids.map { .string($0.description) })))
    }

    /// The ballot box of an opened motion with every recorded event replayed, in ledger order.
    func ballotBox(for motion: Motion) throws -> BallotBox {
        guard let opening = motion.opening else {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id) has not been opened for voting", code: .status)
        }
        var box: BallotBox
        do {
            if let election = motion.election {
                box = try BallotBox(
                    electorate: opening.electorate, election: election.method,
                    candidates: election.candidates, proxies: opening.rule.proxies)
            } else {
                box = BallotBox(electorate: opening.electorate, proxies: opening.rule.proxies)
            }
            for e in motion.events { try box.record(e) }
        } catch {
            // Every event was checked when recorded: only a corrupted state gets here.
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id): \(error)", code: .invalid)
        }
        return box
    }

    /// Who has a counted ballot on an opened motion (and which ballots were replaced), without
    /// counting it: for a secret motion the choices are placeholders (`"abstain"` or `[]`); its
    /// counts are known only once the trustees decrypt the tally (`decision(for:)`).
    public func resolvedBallots(for motion: Motion) throws -> ResolvedBallots {
        try ballotBox(for: motion).finish()
    }

    /// The body of the `motion.close` the counted ballots call for: exactly what the close
    /// handler recounts, so the CLI, tools and tests sign the same thing.
    public func closeBody(for motion: Motion) throws -> (body: MotionCloseBody, decision: MotionDecision) {
        let decision = try decision(for: motion)
        var body = MotionCloseBody(
            motion: motion.id, electorate: Int64(motion.opening?.electorate.count ?? 0),
            ballots: decision.ballots, passed: decision.passed)
        if let t = decision.resolved.tally {
            body.yes = t.yes
            body.no = t.no
            body.abstain = t.abstain
        } else if let t = decision.resolved.electionTally {
            // A ranked election records its winners and the hash of its count, not the first
            // preferences (which decide nothing by themselves).
            if t.method.rankedMethod == nil { body.votes = t.counts }
            body.winners = decision.election?.winners ?? []
            body.abstain = t.abstentions
            body.resultHash = try decision.rankedResultHash
        }
        return (body, decision)
    }

    /// Counts an opened motion's ballots under the rule fixed at its opening.
    public func decision(for motion: Motion) throws -> MotionDecision {
        let resolved = try ballotBox(for: motion).finish()
        guard let opening = motion.opening else {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id) has not been opened for voting", code: .status)
        }
        if motion.secret != nil {
            // Secret: the box knows who counts; the trustees' decryptions say how they voted.
            let (proven, counts) = try secretResolved(resolved, motion: motion, electorate: Int64(opening.electorate.count))
            var decided = try decision(motion, resolved: proven, opening: opening)
            decided.secretResult = counts
            decided.explanation.insert(
                counts.trustees.isEmpty
                    ? "secret ballot: the trustees never set up an election key, so no ballot was cast"
                    : "secret ballot: counts proven from \(counts.ballots) encrypted ballots and the partial decryptions of trustees "
                        + counts.trustees.map(String.init).joined(separator: ", ")
                        + (counts.rejected.isEmpty ? "" : "; set aside: " + counts.rejected.map(\.description).joined(separator: "; ")),
                at: 0)
            return decided
        }
        return try decision(motion, resolved: resolved, opening: opening)
    }

    /// Decides `motion` from its resolved ballots under the rule fixed at `opening`.
    func decision(_ motion: Motion, resolved: ResolvedBallots, opening: MotionOpening) throws -> MotionDecision {
        if let tally = resolved.electionTally {
            let seed = Hex.decode(opening.entryHash) ?? []
            if let method = tally.method.rankedMethod, let candidates = motion.election?.candidates {
                let decided = try rankedDecision(
                    resolved, tally: tally, method: method, candidates: candidates,
                    quorum: opening.rule.quorum, seed: seed, motion: motion.id)
                let result = decided.election
                return MotionDecision(
                    resolved: resolved, passed: result.quorumMet && !result.winners.isEmpty, outcome: nil,
                    election: result, ranked: decided.ranked, explanation: result.explanation)
            }
            let result = ElectionResult.decide(tally, quorum: opening.rule.quorum, seed: seed)
            return MotionDecision(
                resolved: resolved, passed: result.quorumMet && !result.winners.isEmpty,
                outcome: nil, election: result, ranked: nil, explanation: result.explanation)

        }
        let tally = resolved.tally ?? Tally(electorate: Int64(opening.electorate.count), yes: 0, no: 0)
        let outcome = opening.rule.evaluate(tally)
        return MotionDecision(
            resolved: resolved, passed: outcome.passed, outcome: outcome, election: nil, ranked: nil,
            explanation: outcome.explanation)
    }
}

extension BallotBox {
    /// Re-applies one recorded event (it was valid when recorded, so this only fails on a
    /// corrupted state).
    mutating func record(_ e: VoteEvent) throws(GovernanceError) {
        switch e.kind {
        case .ballot:
            let choice = e.choice ?? .abstain
            if let grantor = e.grantor {
                try castAsProxy(holder: e.member, for: grantor, choice: choice, position: e.position)
            } else {
                try cast(voter: e.member, choice: choice, position: e.position)
            }
        case .proxyGrant:
            guard let holder = e.holder else { throw .noProxyToRevoke(e.member) }
            try grantProxy(from: e.member, to: holder, position: e.position)
        case .proxyRevoke:
            try revokeProxy(from: e.member, position: e.position)
        }
    }
}
