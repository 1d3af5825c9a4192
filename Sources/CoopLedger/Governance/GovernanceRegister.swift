import CoopCrypto
import CoopModel

extension EntryType {
    /// A member puts a motion to the members.
    public static let motionPropose = EntryType("motion.propose")
    /// A member seconds a motion (when the bylaws require seconds).
    public static let motionSecond = EntryType("motion.second")
    /// The secretary opens voting: the rule and the electorate are fixed.
    public static let motionOpen = EntryType("motion.open")
    /// A member's ballot (or one cast under a proxy they hold).
    public static let ballotCast = EntryType("ballot.cast")
    /// A member gives their vote on one motion to another member.
    public static let proxyGrant = EntryType("proxy.grant")
    /// A member takes back the proxy they gave.
    public static let proxyRevoke = EntryType("proxy.revoke")
    /// The secretary closes voting and records the tally and outcome (re-derived by every verifier).
    public static let motionClose = EntryType("motion.close")
}

/// The cooperative's motions and what passed: replayed from governance entries.
public struct GovernanceRegister: Sendable, Equatable, Codable {
    public var motions: [MotionID: Motion] = [:]
    public var nextMotionNumber: Int64 = 1
    /// Approved patronage allocations: year (decimal text) → result hash (hex).
    public var approvedPatronageResults: [String: String] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case motions
        case nextMotionNumber = "next_motion"
        case approvedPatronageResults = "approved_patronage"
    }

    /// True for a ledger that never saw a motion (its snapshot omits the register).
    public var isEmpty: Bool { motions.isEmpty && approvedPatronageResults.isEmpty && nextMotionNumber == 1 }

    /// The allocation result hash the members approved for `year`, if a patronage-approval
    /// motion passed for it (the latest one wins): a patronage commit checks against it.
    public func approvedPatronage(year: Int) -> SHA256Digest? {
        approvedPatronageResults[String(year)].flatMap { SHA256Digest(hex: $0) }
    }

    /// Motions in id order.
    public var list: [Motion] { motions.values.sorted { $0.id < $1.id } }

    /// The next motion's id.
    public var nextID: MotionID { MotionID(counter: nextMotionNumber) }
}
