import CoopBylaws
import CoopCrypto
import CoopGovernance
import CoopModel
import CoopSecretBallot

/// Where a motion is in its life: proposed (notice running, seconds gathering), open for
/// ballots, or closed with a recorded outcome.
public enum MotionStatus: String, Sendable, Codable, CaseIterable {
    case proposed
    case open
    case closed
}

/// One motion as the ledger knows it: the proposal, the opening (rule, electorate, window), every
/// ballot and proxy event in ledger order, and the outcome. Replayed from entries.
public struct Motion: Sendable, Equatable, Codable {
    public var id: MotionID
    public var kind: MotionKind
    public var title: String
    public var text: String
    public var proposer: MemberID
    /// The index and ledger time of the `motion.propose` entry (notice runs from its date).
    public var proposedAt: UInt64
    public var proposedTime: Timestamp
    /// Earliest opening and requested closing times named by the proposal.
    public var opens: Timestamp?
    public var closes: Timestamp?
    /// A bylaws amendment's complete new files.
    public var bylawsFiles: BylawsFiles?
    /// An election's method (seats included) and candidates, in the order proposed.
    public var election: ElectionSpec?
    /// A patronage approval's year and allocation result hash (hex).
    public var patronage: PatronageSpec?
    /// A dues change's new tiers and the month they apply from.
    public var dues: DuesChangeSpec?
    /// A resolution authorizing one redemption of retained patronage, and the `equity.redeem`
    /// entry that used it.
    public var redemption: RedemptionSpec?
    public var redemptionUsedAt: UInt64?
    /// Members who seconded, in ledger order.
    public var seconds: [MemberID] = []
    public var status: MotionStatus = .proposed
    public var opening: MotionOpening?
    /// Ballots and proxy events in ledger order (positions strictly increasing).
    public var events: [VoteEvent] = []
    public var outcome: MotionOutcome?
    /// True when the proposal asked for a secret ballot (bylaws `ballot: on-request`).
    public var secretRequested: Bool?
    /// A secret motion's trustees, key, encrypted ballots, tally and counts (set at opening).
    public var secret: SecretElection?

    enum CodingKeys: String, CodingKey {
        case id, kind, title, text, proposer, opens, closes, election, patronage, dues, seconds, status, opening, events, outcome
        case redemption, secret
        case secretRequested = "secret_requested"
        case proposedAt = "proposed_at"
        case proposedTime = "proposed_time"
        case bylawsFiles = "bylaws_files"
        case redemptionUsedAt = "redemption_used_at"
    }
}

public struct ElectionSpec: Sendable, Equatable, Codable {
    public var method: ElectionMethod
    public var candidates: [String]
}

public struct PatronageSpec: Sendable, Equatable, Codable {
    public var year: Int
    public var resultHash: String
    enum CodingKeys: String, CodingKey {
        case year
        case resultHash = "result_hash"
    }
}

public struct DuesChangeSpec: Sendable, Equatable, Codable {
    public var tiers: [String: DuesTier]
    public var effective: YearMonth
}

/// A redemption of retained patronage that a resolution puts to the members: exactly this
/// amount, from this member's lot.
public struct RedemptionSpec: Sendable, Equatable, Codable {
    public var member: MemberID
    public var component: EquityComponent
    public var amount: Money

    public init(member: MemberID, component: EquityComponent, amount: Money) {
        self.member = member
        self.component = component
        self.amount = amount
    }
}

/// What `motion.open` fixed: the rule in force then (and its bylaws version), the frozen
/// electorate and the record position it was judged at, the window, and the tie-break seed (the
/// open entry's hash, known before any ballot so no one can choose it after seeing them).
public struct MotionOpening: Sendable, Equatable, Codable {
    public var index: UInt64
    public var time: Timestamp
    /// The record position and date eligibility was judged at (the proposal's, or the open's).
    public var recordIndex: UInt64
    public var recordDate: CivilDate
    /// Hex entry hash of the `motion.open` entry: the election tie-break seed.
    public var entryHash: String
    public var closesAt: Timestamp?
    /// Hex version hash of the bylaws in force at opening; the rule below is read from them.
    public var bylawsVersion: String
    public var rule: VotingRule
    /// Members eligible to vote, sorted by number.
    public var electorate: [MemberID]
    /// Hex SHA-256 of the canonical JSON array of the electorate's ids (`["m1","m3"]`).
    public var electorateHash: String

    enum CodingKeys: String, CodingKey {
        case index, time, rule, electorate
        case recordIndex = "record_index"
        case recordDate = "record_date"
        case entryHash = "entry_hash"
        case closesAt = "closes_at"
        case bylawsVersion = "bylaws_version"
        case electorateHash = "electorate_hash"
    }
}

/// One ballot or proxy event, by ledger position.
public struct VoteEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case ballot
        case proxyGrant = "proxy-grant"
        case proxyRevoke = "proxy-revoke"
    }

    public var kind: Kind
    public var position: UInt64
    /// The author: the voter, proxy holder casting, or grantor.
    public var member: MemberID
    public var choice: Choice?
    /// For a proxy ballot: the grantor it is cast for.
    public var grantor: MemberID?
    /// For a grant: the holder.
    public var holder: MemberID?
}

/// The recorded and re-derived result of a closed motion.
public struct MotionOutcome: Sendable, Equatable, Codable {
    public var index: UInt64
    public var time: Timestamp
    public var passed: Bool
    public var tally: Tally?
    public var electionTally: ElectionTally?
    public var winners: [String]?
    public var superseded: [UInt64]
    /// A ranked election's count, every round as data (snake_case, no prose), so a verifier
    /// reading the state sees how the winners were reached; nil when nothing was counted.
    public var rankedResult: RankedResult?

    enum CodingKeys: String, CodingKey {
        case index, time, passed, tally, winners, superseded
        case electionTally = "election_tally"
        case rankedResult = "ranked_result"
    }
}
