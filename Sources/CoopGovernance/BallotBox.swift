import CoopModel

/// Resolves the ballots of one vote, fed in ledger order, into the ballot that counts for each
/// member.
///
/// Rules (why: a signed ledger keeps every ballot, so the box must say which one counts):
/// - the electorate is frozen when voting opens; anyone else is refused;
/// - a member may change their ballot until the vote closes: the last one counts and the
///   earlier ones are reported as superseded;
/// - a proxy ballot counts for its grantor only while the grant is in force and only if the
///   grantor has no direct ballot; a direct ballot overrides the proxy whether cast before or
///   after the proxy ballot (proxy rules are in `Proxies.swift`);
/// - positions must increase strictly, so "last" is the ledger's order and nothing else.
///
/// A refused call changes nothing, so the ledger can reject that entry and carry on.
public struct BallotBox: Sendable {
    /// What is being decided.
    public enum Kind: Hashable, Sendable {
        case motion
        /// An election among `candidates` (distinct, non-empty names).
        case election(ElectionMethod, candidates: [String])
    }

    public let kind: Kind
    /// Members who may vote, fixed at opening.
    public let electorate: Set<MemberID>
    /// Proxy rule in force for this vote; nil when proxies are not allowed.
    public let proxyRule: ProxyRule?

    /// The ballots recorded so far for one member.
    struct Slot: Sendable {
        var direct: Cast?
        var proxy: Cast?
        /// Who cast `proxy`.
        var proxyHolder: MemberID?
    }

    struct Cast: Sendable {
        var choice: Choice
        var position: UInt64
    }

    var slots: [MemberID: Slot] = [:]
    var lastPosition: UInt64?
    var superseded: [UInt64] = []
    var revokedProxyBallots: [UInt64] = []
    /// Grantor → grant in force.
    var grants: [MemberID: ProxyGrant] = [:]
    /// Holder → number of grants in force.
    var held: [MemberID: Int] = [:]
    /// Candidate name → index in the candidate list (elections only).
    let candidateIndex: [String: Int]

    /// A box for a motion (yes / no / abstain).
    public init(electorate: some Sequence<MemberID>, proxies: ProxyRule? = nil) {
        self.kind = .motion
        self.electorate = Set(electorate)
        self.proxyRule = proxies
        self.candidateIndex = [:]
    }

    /// A box for an election; throws when the seats or the candidate list are unusable.
    public init(
        electorate: some Sequence<MemberID>, election method: ElectionMethod, candidates: [String],
        proxies: ProxyRule? = nil
    ) throws(GovernanceError) {
        guard method.seats >= 1 else { throw .invalidSeats(method.seats) }
        guard !candidates.isEmpty else { throw .invalidCandidates("there are no candidates") }
        var index: [String: Int] = [:]
        for (i, name) in candidates.enumerated() {
            guard !name.isEmpty else { throw .invalidCandidates("a candidate's name is empty") }
            guard index.updateValue(i, forKey: name) == nil else {
                throw .invalidCandidates("\"\(name)\" is listed twice")
            }
        }
        self.kind = .election(method, candidates: candidates)
        self.electorate = Set(electorate)
        self.proxyRule = proxies
        self.candidateIndex = index
    }

    /// Records `voter`'s own ballot. A later ballot from the same voter replaces this one.
    public mutating func cast(voter: MemberID, choice: Choice, position: UInt64) throws(GovernanceError) {
        try checkOrder(position)
        guard electorate.contains(voter) else { throw .notInElectorate(voter) }
        let choice = try validated(choice, by: voter)
        lastPosition = position
        if let earlier = slots[voter]?.direct { superseded.append(earlier.position) }
        slots[voter, default: Slot()].direct = Cast(choice: choice, position: position)
    }

    /// Ends the vote: the ballot that counts for each member, what was set aside, and the counts.
    public func finish() -> ResolvedBallots {
        var ballots: [CountedBallot] = []
        ballots.reserveCapacity(slots.count)
        var overridden: [UInt64] = []
        for (member, slot) in slots {
            if let direct = slot.direct {
                ballots.append(CountedBallot(member: member, choice: direct.choice, position: direct.position, proxyHolder: nil))
                if let proxy = slot.proxy { overridden.append(proxy.position) }
            } else if let proxy = slot.proxy {
                ballots.append(
                    CountedBallot(
                        member: member, choice: proxy.choice, position: proxy.position,
                        proxyHolder: slot.proxyHolder))
            }
        }
        ballots.sort { $0.member < $1.member }

        var tally: Tally?
        var electionTally: ElectionTally?
        let electorateSize = Int64(electorate.count)
        switch kind {
        case .motion:
            var t = Tally(electorate: electorateSize, yes: 0, no: 0, abstain: 0)
            for b in ballots {
                switch b.choice {
                case .yes: t.yes += 1
                case .no: t.no += 1
                case .abstain, .selection, .ranking: t.abstain += 1  // selections and rankings are refused on motions
                }
            }
            tally = t
        case .election(let method, let candidates):
            var votes = [Int64](repeating: 0, count: candidates.count)
            var abstentions: Int64 = 0
            for b in ballots {
                switch b.choice {
                case .selection(let names) where !names.isEmpty:
                    for name in names { if let i = candidateIndex[name] { votes[i] += 1 } }
                case .ranking(let names) where !names.isEmpty:
                    // A ranked election's counts are first preferences; the count itself is
                    // `RankedCount`'s (see `rankedBallots(candidates:)`).
                    if let i = candidateIndex[names[0]] { votes[i] += 1 }
                default:
                    abstentions += 1
                }
            }
            electionTally = ElectionTally(
                method: method, electorate: electorateSize, ballots: Int64(ballots.count), abstentions: abstentions,
                counts: zip(candidates, votes).map { CandidateCount(name: $0, votes: $1) })
        }
        return ResolvedBallots(
            ballots: ballots, superseded: superseded.sorted(), overriddenProxyBallots: overridden.sorted(),
            revokedProxyBallots: revokedProxyBallots.sorted(), tally: tally, electionTally: electionTally)
    }

    func checkOrder(_ position: UInt64) throws(GovernanceError) {
        if let last = lastPosition, position <= last { throw .positionOutOfOrder(position: position, after: last) }
    }

    /// The choice as it will be counted, or the reason it cannot be. In an election `abstain`
    /// becomes the empty selection and names become the candidate list's own spelling. Public so
    /// the ledger can tell a repeated ballot from a new one by what it counts as, not how it is
    /// written (`"abstain"` and `[]` are the same ballot in an election).
    public func validated(_ choice: Choice, by voter: MemberID) throws(GovernanceError) -> Choice {
        switch (kind, choice) {
        case (.motion, .selection):
            throw .selectionOnMotion(voter)
        case (.motion, .ranking):
            throw .rankingOutsideRankedElection(voter)
        case (.motion, _):
            return choice
        case (.election(.ranked, _), .abstain):
            return .ranking([])
        case (.election(.ranked, _), .yes), (.election(.ranked, _), .no), (.election(.ranked, _), .selection):
            throw .unrankedChoiceInRankedElection(voter)
        case (.election(.ranked, let candidates), .ranking(let names)):
            return .ranking(try canonical(names, candidates: candidates, by: voter))
        case (.election, .ranking):
            throw .rankingOutsideRankedElection(voter)
        case (.election, .abstain):
            return .selection([])
        case (.election, .yes), (.election, .no):
            throw .motionChoiceInElection(voter)
        case (.election(let method, let candidates), .selection(let names)):
            if case .pluralityAtLarge(let seats) = method, names.count > seats {
                throw .tooManyCandidates(voter, selected: names.count, seats: seats)
            }
            return .selection(try canonical(names, candidates: candidates, by: voter))
        }
    }

    /// `names` in the candidate list's own spelling; refuses an unknown or repeated name.
    func canonical(_ names: [String], candidates: [String], by voter: MemberID) throws(GovernanceError) -> [String] {
        var seen = Set<Int>()
        var canonical: [String] = []
        canonical.reserveCapacity(names.count)
        for name in names {
            guard let i = candidateIndex[name] else { throw .unknownCandidate(voter, name) }
            guard seen.insert(i).inserted else { throw .duplicateCandidate(voter, name) }
            canonical.append(candidates[i])
        }
        return canonical
    }
}
