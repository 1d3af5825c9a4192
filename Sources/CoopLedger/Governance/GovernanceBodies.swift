import CoopBylaws
import CoopCrypto
import CoopGovernance
import CoopModel

/// `motion.propose`: the ledger gives the motion the next motion id. Kind-specific fields are
/// carried only by their kind (the handler refuses the others).
public struct MotionProposeBody: SingleTypeBody {
    public static let entryType = EntryType.motionPropose
    public static let fields = fieldNames(CodingKeys.self)

    public var kind: MotionKind
    public var title: String
    public var text: String
    public var opens: Timestamp?
    public var closes: Timestamp?
    /// `bylaws-amendment`: the complete new bylaws.
    public var bylawsFiles: BylawsFiles?
    /// `election`: seats, candidates and method (`plurality`, `plurality-at-large`, `approval`).
    public var seats: Int?
    public var candidates: [String]?
    public var method: String?
    /// `patronage-approval`: the fiscal year and the allocation's result hash.
    public var year: Int?
    public var resultHash: SHA256Digest?
    /// `dues-change`: the new tiers and the month they apply from.
    public var tiers: [String: DuesTier]?
    public var effective: YearMonth?
    /// `resolution`: one redemption of retained patronage it authorizes.
    public var redemption: RedemptionSpec?
    /// `"secret"` asks for a secret ballot where the bylaws leave it to the proposal
    /// (`ballot: on-request`); `"open"` is the default and may be left out.
    public var ballot: BallotMode?

    public init(kind: MotionKind, title: String, text: String, opens: Timestamp? = nil, closes: Timestamp? = nil) {
        self.kind = kind
        self.title = title
        self.text = text
        self.opens = opens
        self.closes = closes
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, title, text, opens, closes, seats, candidates, method, year, tiers, effective, redemption, ballot
        case bylawsFiles = "bylaws_files"
        case resultHash = "result_hash"
    }

    /// The fields only one kind may carry.
    static let kindFields: [MotionKind: Set<String>] = [
        .resolution: ["redemption"], .bylawsAmendment: ["bylaws_files"], .election: ["seats", "candidates", "method"],
        .patronageApproval: ["year", "result_hash"], .duesChange: ["tiers", "effective"],
    ]
}

/// `motion.second` and `proxy.revoke`: the motion alone.
public struct MotionRefBody: EntryBody {
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID

    public init(motion: MotionID) { self.motion = motion }

    enum CodingKeys: String, CodingKey, CaseIterable { case motion }
}

/// `motion.open`: the officer states the electorate (its fingerprint and size) they open it with.
public struct MotionOpenBody: SingleTypeBody {
    public static let entryType = EntryType.motionOpen
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var closes: Timestamp?
    public var electorateHash: SHA256Digest
    public var electorateCount: Int64
    /// Secret motions: the trustees who will hold shares of the election key, in the order that
    /// numbers them 1...n, and how many of them must take part in decrypting the tally.
    public var trustees: [MemberID]?
    public var threshold: Int?

    public init(
        motion: MotionID, closes: Timestamp? = nil, electorateHash: SHA256Digest, electorateCount: Int64,
        trustees: [MemberID]? = nil, threshold: Int? = nil
    ) {
        self.motion = motion
        self.closes = closes
        self.electorateHash = electorateHash
        self.electorateCount = electorateCount
        self.trustees = trustees
        self.threshold = threshold
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case motion, closes, trustees, threshold
        case electorateHash = "electorate_hash"
        case electorateCount = "electorate_count"
    }
}

/// `ballot.cast`: a choice, for oneself or (with `grantor`) under a proxy.
public struct BallotBody: SingleTypeBody {
    public static let entryType = EntryType.ballotCast
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var choice: Choice
    public var grantor: MemberID?

    public init(motion: MotionID, choice: Choice, grantor: MemberID? = nil) {
        self.motion = motion
        self.choice = choice
        self.grantor = grantor
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case motion, choice
        case grantor = "for"
    }
}

/// `proxy.grant`.
public struct ProxyGrantBody: SingleTypeBody {
    public static let entryType = EntryType.proxyGrant
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var holder: MemberID

    public init(motion: MotionID, holder: MemberID) {
        self.motion = motion
        self.holder = holder
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case motion, holder }
}

/// `motion.close`: the recorded result, which must equal the recount.
public struct MotionCloseBody: SingleTypeBody {
    public static let entryType = EntryType.motionClose
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var electorate: Int64
    public var ballots: Int64
    public var passed: Bool
    public var yes: Int64?
    public var no: Int64?
    public var abstain: Int64?
    /// Plurality and approval elections: each candidate's votes.
    public var votes: [CandidateCount]?
    public var winners: [String]?
    /// Ranked elections whose quorum was met: SHA-256 of the canonical JSON of the count
    /// (`RankedResult`), so the close signs every round, not only the winners.
    public var resultHash: SHA256Digest?

    public init(
        motion: MotionID, electorate: Int64, ballots: Int64, passed: Bool, yes: Int64? = nil, no: Int64? = nil,
        abstain: Int64? = nil, votes: [CandidateCount]? = nil, winners: [String]? = nil, resultHash: SHA256Digest? = nil
    ) {
        self.motion = motion
        self.electorate = electorate
        self.ballots = ballots
        self.passed = passed
        self.yes = yes
        self.no = no
        self.abstain = abstain
        self.votes = votes
        self.winners = winners
        self.resultHash = resultHash
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case motion, electorate, ballots, passed, yes, no, abstain, votes, winners
        case resultHash = "result_hash"
    }
}
