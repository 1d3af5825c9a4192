import CoopCrypto
import CoopModel

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

/// Where the replayed state before the first fully checked entry came from.
public enum StateOrigin: Sendable, Equatable {
    /// Every entry was replayed from the genesis (a full verification).
    case genesis
    /// Entries `0 ..< size` were replayed without re-checking their signatures, and the state
    /// they give matched the kept checkpoint's state digest.
    case replayedPrefix(size: UInt64)
    /// The state at `size` was read from a snapshot whose SHA-256 equals the state digest the
    /// kept checkpoint signs: taken on the word of that checkpoint, which the auditor keeps only
    /// when a full verification of theirs confirmed it (`coop verify --keep`).
    case keptCheckpoint(size: UInt64, digest: SHA256Digest)
}

/// What `verify` checked and what it found.
public struct VerificationReport: Sendable {
    /// The tree size verified.
    public var size: UInt64 = 0
    /// The first entry checked in full (0, or the size of the kept checkpoint with `--since`).
    public var startedAt: UInt64 = 0
    /// Entries before `startedAt` whose leaf hashes were recomputed from their bytes (all of them).
    public var leavesRehashed: UInt64 = 0
    public var stateOrigin = StateOrigin.genesis
    public var root: SHA256Digest?
    public var entriesChecked: UInt64 = 0
    public var signaturesChecked: UInt64 = 0
    public var checkpointsChecked = 0
    public var latestCheckpointSize: UInt64?
    /// The newest checkpoint whose root and state digest this run recomputed and found equal:
    /// what `coop verify --keep` writes.
    public var confirmedCheckpoint: String?
    public var confirmedCheckpointSize: UInt64?
    /// The witness policy (the bylaws' `witnesses`, k of n) as this run found it: the newest
    /// checkpoint size with k valid cosignatures under the bylaws in force at its size (a
    /// checkpoint needing none counts), and, when the newest checkpoint falls short, why.
    public var witnessedCheckpointSize: UInt64?
    public var notWitnessed: String?
    /// Each witnessed checkpoint's size and its witness time (the earliest of the valid
    /// cosignatures' timestamps, POSIX seconds), oldest first.
    public var witnessTimes: [(size: UInt64, time: UInt64)] = []
    public var members = 0
    public var authors = 0
    /// The ledger time of the last entry.
    public var ledgerTime: Timestamp?
    /// The member equity the entries record, found equal to Σ capital accounts + reserve.
    public var memberEquity = Money.zero
    public var problems: [VerificationProblem] = []
    /// Problems past the reporting cap are counted, not kept.
    public var problemsNotListed = 0
    public var seconds: Double = 0

    public var ok: Bool { problems.isEmpty && problemsNotListed == 0 }

    /// All problems found, listed or not.
    public var problemCount: Int { problems.count + problemsNotListed }
}
