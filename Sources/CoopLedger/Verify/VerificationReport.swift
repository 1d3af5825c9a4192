import CoopModel
import CoopCrypto

/// One thing `verify` found wrong, about an entry when it can name one.
public struct VerificationProblem: Sendable, Hashable, CustomStringConvertible {
    public let index: UInt64?
    public let message: String

    public init(index: UInt64?, message: String) {
        self.index = index
        self.message = message
    }

    public init(_ error: LedgerError) {
        self.init(index: error.entryIndex, message: error.description)
    }

    public var description: String { message }
}

/// What `verify` checked and what it found.
public struct VerificationReport: Sendable {
    /// The tree size verified.
    public var size: UInt64 = 0
    /// The first entry checked in full (0, or the size of the kept checkpoint with `--since`).
    public var startedAt: UInt64 = 0
    public var root: SHA256Digest?
    public var entriesChecked: UInt64 = 0
    public var signaturesChecked: UInt64 = 0
    public var checkpointsChecked = 0
    public var latestCheckpointSize: UInt64?
    public var members = 0
    public var authors = 0
    /// The member equity the entries record, found equal to Σ capital accounts + reserve.
    public var memberEquity = Money.zero
    public var problems: [VerificationProblem] = []
    /// Problems past the reporting cap are counted, not kept.
    public var problemsNotListed = 0
    public var seconds: Double = 0

    public var ok: Bool { problems.isEmpty && problemsNotListed == 0 }
}
