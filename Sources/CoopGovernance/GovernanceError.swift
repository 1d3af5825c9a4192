import CoopModel

/// Why a ballot, proxy or election setup was refused. Messages say what happened and what to do.
public enum GovernanceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The member was not eligible when voting opened (the electorate is frozen then).
    case notInElectorate(MemberID)
    /// Ballots and proxies must be fed in ledger order so "the last ballot counts" is well defined.
    case positionOutOfOrder(position: UInt64, after: UInt64)
    /// A yes/no/abstain ballot was cast in an election.
    case motionChoiceInElection(MemberID)
    /// A candidate selection was cast on a motion.
    case selectionOnMotion(MemberID)
    /// A ranking was cast on a motion or in an election that is not ranked.
    case rankingOutsideRankedElection(MemberID)
    /// A yes/no or a plain selection was cast in a ranked election.
    case unrankedChoiceInRankedElection(MemberID)
    /// A plurality ballot chose more candidates than there are seats.
    case tooManyCandidates(MemberID, selected: Int, seats: Int)
    case unknownCandidate(MemberID, String)
    case duplicateCandidate(MemberID, String)
    /// The election was set up with a seat count below 1.
    case invalidSeats(Int)
    /// The election's candidate list is empty, names someone twice, or has an empty name.
    case invalidCandidates(String)
    /// The rule for this motion does not allow proxies.
    case proxiesNotAllowed
    case proxyToSelf(MemberID)
    /// The holder already carries as many proxies as the bylaws allow.
    case proxyLimitReached(holder: MemberID, limit: Int)
    case noProxyToRevoke(MemberID)
    /// The member casting for `grantor` does not hold the grantor's proxy.
    case notProxyHolder(holder: MemberID, grantor: MemberID)

    public var description: String {
        switch self {
        case .notInElectorate(let m):
            return "\(m) is not in the electorate of this vote (it was fixed when voting opened); "
                + "only members eligible then may vote or hold proxies"
        case .positionOutOfOrder(let p, let after):
            return "ballot at position \(p) comes after position \(after); feed ballots and proxies in ledger order"
        case .motionChoiceInElection(let m):
            return "\(m) voted yes/no on an election; choose candidates by name (an empty list abstains)"
        case .selectionOnMotion(let m):
            return "\(m) chose candidates on a motion; vote yes, no or abstain"
        case .rankingOutsideRankedElection(let m):
            return "\(m) cast a ranking, but this vote is not a ranked election; vote yes, no or abstain on a motion, "
                + "or choose candidates (not a ranking) in a plurality or approval election"
        case .unrankedChoiceInRankedElection(let m):
            return "\(m) cast a ballot that is not a ranking in a ranked election; rank candidates most preferred first "
                + "({\"rank\": [names]}, 'coop vote --rank'), or abstain"
        case .tooManyCandidates(let m, let selected, let seats):
            return "\(m) chose \(selected) candidates for \(seats) seat(s); choose at most \(seats)"
        case .unknownCandidate(let m, let name):
            return "\(m) chose \"\(name)\", who is not a candidate; check the spelling against the candidate list"
        case .duplicateCandidate(let m, let name):
            return "\(m) chose \"\(name)\" more than once; name each candidate at most once"
        case .invalidSeats(let seats):
            return "an election needs at least 1 seat, not \(seats); fix the election's seat count"
        case .invalidCandidates(let why):
            return "the candidate list is unusable: \(why); fix the nominations before opening the election"
        case .proxiesNotAllowed:
            return "the bylaws do not allow proxies for this vote; the member must vote directly"
        case .proxyToSelf(let m):
            return "\(m) cannot give a proxy to themselves; name another member of the electorate"
        case .proxyLimitReached(let holder, let limit):
            return "\(holder) already holds \(limit) proxies, the most the bylaws allow; give the proxy to someone else"
        case .noProxyToRevoke(let m):
            return "\(m) has no proxy in force to revoke"
        case .notProxyHolder(let holder, let grantor):
            return "\(holder) does not hold a proxy from \(grantor); record the grant first or let \(grantor) vote directly"
        }
    }
}
