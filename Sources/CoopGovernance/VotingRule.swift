import CoopModel

/// What the bylaws say about deciding one kind of motion: who must take part, how many must
/// agree, and the procedural data (notice, window, proxies, eligibility, proposers) the ledger
/// layer enforces.
///
/// The tally engine reads only `quorum`, `threshold`, `base` and `comparison`; the other fields
/// are carried as plain data so one value describes the whole rule and the bylaws schema maps to
/// it field by field (see `VotingRule+Codable.swift` for the encoded names).
public struct VotingRule: Hashable, Sendable {
    /// How many ballots must be cast for the vote to count at all.
    public var quorum: Quorum
    /// The fraction of `base` that must vote yes (1/2, 2/3, 3/4).
    public var threshold: Ratio
    /// What the threshold is a fraction of.
    public var base: ThresholdBase
    /// Whether reaching the threshold exactly is enough (`inclusive`) or it must be exceeded.
    public var comparison: Comparison
    /// Days of notice members must be given before voting opens (0: none required).
    public var noticeDays: Int
    /// How long voting stays open, in days; nil when the motion closes by an explicit entry.
    public var votingDays: Int?
    /// Whether members may vote by proxy, and how many proxies one holder may carry; nil: no proxies.
    public var proxies: ProxyRule?
    /// The membership classes that vote on this kind of motion; nil: every class.
    public var eligibleClasses: [String]?
    /// Who may put this kind of motion to the members.
    public var proposers: Proposers
    /// When eligibility to vote is judged: at the proposal (the default) or at the opening.
    public var recordDate: RecordDate
    /// Whether ballots are open (signed choices), always secret, or secret when the proposal asks.
    public var ballot: BallotMode
    /// Whether a proxy holder may cast a secret ballot for the grantor (only meaningful with
    /// `proxies` and a secret ballot).
    public var secretProxies: Bool

    public init(
        quorum: Quorum = .none, threshold: Ratio, base: ThresholdBase = .votesCast, comparison: Comparison,
        noticeDays: Int = 0, votingDays: Int? = nil, proxies: ProxyRule? = nil,
        eligibleClasses: [String]? = nil, proposers: Proposers = .board, recordDate: RecordDate = .proposal,
        ballot: BallotMode = .open, secretProxies: Bool = false
    ) {
        self.ballot = ballot
        self.secretProxies = secretProxies
        self.quorum = quorum
        self.threshold = threshold
        self.base = base
        self.comparison = comparison
        self.noticeDays = noticeDays
        self.votingDays = votingDays
        self.proxies = proxies
        self.eligibleClasses = eligibleClasses
        self.proposers = proposers
        self.recordDate = recordDate
    }

    /// Robert's Rules majority: more than half of the votes cast for and against; abstentions
    /// do not count and a tie fails (2·yes > yes + no). No quorum; set one with `with(quorum:)`.
    public static let majority = VotingRule(threshold: Fraction.half, base: .votesCast, comparison: .strict)

    /// Robert's two-thirds vote: at least two thirds of the votes cast (3·yes ≥ 2·(yes + no)),
    /// so 40 to 20 passes and 39 to 21 fails.
    public static let twoThirds = VotingRule(threshold: Fraction.twoThirds, base: .votesCast, comparison: .inclusive)

    /// At least three quarters of the votes cast (4·yes ≥ 3·(yes + no)).
    public static let threeQuarters = VotingRule(threshold: Fraction.threeQuarters, base: .votesCast, comparison: .inclusive)

    /// "A majority of the entire membership": more than half of the whole electorate, so every
    /// member who does not vote yes (absent, abstaining or voting no) counts against.
    public static let majorityOfElectorate = VotingRule(threshold: Fraction.half, base: .electorate, comparison: .strict)

    /// This rule with another quorum (presets carry none; bylaws usually add one).
    public func with(quorum: Quorum) -> VotingRule {
        var copy = self
        copy.quorum = quorum
        return copy
    }
}

/// How the members' ballots on a kind of motion are cast (docs/SECRET-BALLOTS.md).
public enum BallotMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every ballot is a signed, public choice (the default).
    case open
    /// Every ballot is encrypted; the trustees decrypt only the tally.
    case secret
    /// Open, unless the proposal asks for a secret ballot (`"ballot": "secret"`).
    case onRequest = "on-request"
}

/// The position at which a motion's electorate is judged (a corporation's "record date"): money
/// entries appended after it, or dated after it, cannot change who may vote.
public enum RecordDate: String, Hashable, Sendable, Codable, CaseIterable {
    /// The `motion.propose` entry (the default: fixed before anyone knows when voting opens).
    case proposal
    /// The `motion.open` entry.
    case open
}

/// The minimum number of ballots for a vote to count.
///
/// Quorum is counted on ballots cast, abstentions included: a member who returns a ballot marked
/// "abstain" is present for the vote even though the ballot is neither for nor against.
public enum Quorum: Hashable, Sendable {
    /// No minimum.
    case none
    /// At least this many ballots.
    case count(Int64)
    /// At least ⌈fraction × electorate⌉ ballots (a fifth of 58 members is 12).
    case fraction(Ratio)

    /// The number of ballots needed with `electorate` eligible voters (exact, never rounded down).
    public func needed(electorate: Int64) -> Int64 {
        switch self {
        case .none: return 0
        case .count(let n): return max(0, n)
        case .fraction(let r):
            // Int128 so an unreasonable fraction cannot trap; clamp to Int64 for the report.
            let d = Int128(r.denominator)
            let value = (Int128(r.numerator) * Int128(max(0, electorate)) + d - 1) / d
            return value > Int128(Int64.max) ? Int64.max : Int64(value)
        }
    }
}

/// What the threshold is a fraction of.
public enum ThresholdBase: String, Hashable, Sendable, Codable, CaseIterable {
    /// Yes + no: abstentions are not counted (Robert's Rules).
    case votesCast = "votes-cast"
    /// Yes + no + abstain: an abstention counts as not agreeing.
    case ballotsCast = "ballots-cast"
    /// Every eligible voter, whether or not they voted ("of the entire membership").
    case electorate
}

/// How `yes / base` is compared with the threshold.
public enum Comparison: String, Hashable, Sendable, Codable, CaseIterable {
    /// yes / base > threshold: "more than half".
    case strict
    /// yes / base ≥ threshold: "at least two thirds".
    case inclusive
}

/// Proxy voting is allowed; each holder may carry at most `perHolderLimit` members' proxies.
public struct ProxyRule: Hashable, Sendable, Codable {
    /// The most grants one member may hold at a time (checked when a grant is made).
    public var perHolderLimit: Int

    public init(perHolderLimit: Int) { self.perHolderLimit = perHolderLimit }

    enum CodingKeys: String, CodingKey { case perHolderLimit = "per_holder_limit" }
}

/// Who may propose a kind of motion.
public enum Proposers: Hashable, Sendable {
    /// A director (the `board` role).
    case board
    /// Any member, once this many other members have seconded.
    case anyMember(seconds: Int)
    /// A holder of any of these roles.
    case roles([String])
}

/// The presets' fractions (a namespace of our own, so no name is added to `Ratio`).
enum Fraction {
    // Known-good literals; the fallbacks are never taken but avoid force unwraps.
    static let half = Ratio(reducing: 1, 2) ?? .one
    static let twoThirds = Ratio(reducing: 2, 3) ?? .one
    static let threeQuarters = Ratio(reducing: 3, 4) ?? .one
    static let oneFifth = Ratio(reducing: 1, 5) ?? .one
}
