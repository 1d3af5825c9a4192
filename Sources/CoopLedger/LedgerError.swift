/// Everything the ledger can refuse or fail at. Entry failures carry the entry's index (its
/// position in the tree, from 0) when it is known, so `coop verify` can name the entry.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    // Opening and storage
    case ledgerNotFound(path: String)
    case ledgerExists(path: String)
    case notALedger(path: String, reason: String)
    case unsupportedStoreVersion(found: Int, supported: Int)
    case busy(path: String)
    case storage(String)
    case readOnly(path: String, cause: ReadOnlyCause = .openedReadOnly)
    case diskFull(path: String)
    case clockBehind(clock: String, ledgerTime: String)

    // Entries
    case malformedEntry(index: UInt64?, reason: String)
    case badSignature(index: UInt64?, author: String)
    case wrongSigningKey(expected: String, found: String)
    case wrongLedger(index: UInt64?, expected: String, found: String)
    case chainBroken(index: UInt64?, author: String, reason: String)
    case unknownAuthor(index: UInt64?, author: String)
    case keyNotInForce(index: UInt64?, author: String, reason: String)
    case unauthorized(index: UInt64?, author: String, type: String, reason: String)
    case unknownEntryType(index: UInt64?, type: String)
    case invalidBody(index: UInt64?, type: String, reason: String)
    case ledgerTimeWentBackwards(index: UInt64?, previous: String, found: String)
    case claimedTimeAhead(index: UInt64?, author: String, claimed: String, ledgerTime: String)
    case countersignature(index: UInt64?, type: String, reason: String)
    case genesisMisplaced(index: UInt64?)

    // Tree, checkpoints, proofs
    case entryNotFound(index: UInt64, size: UInt64)
    case treeSizeOutOfRange(requested: UInt64, size: UInt64)
    case noCheckpoint(reason: String)
    case checkpointInvalid(reason: String)
    case ledgerKeyMismatch(expected: String, found: String)

    // Bundles and receipts
    case bundleInvalid(path: String, reason: String)
    case receiptInvalid(reason: String)

    /// The same error with the entry index filled in where it was not known yet.
    public func at(_ index: UInt64) -> LedgerError {
        switch self {
        case let .malformedEntry(nil, r): return .malformedEntry(index: index, reason: r)
        case let .badSignature(nil, a): return .badSignature(index: index, author: a)
        case let .wrongLedger(nil, e, f): return .wrongLedger(index: index, expected: e, found: f)
        case let .chainBroken(nil, a, r): return .chainBroken(index: index, author: a, reason: r)
        case let .unknownAuthor(nil, a): return .unknownAuthor(index: index, author: a)
        case let .keyNotInForce(nil, a, r): return .keyNotInForce(index: index, author: a, reason: r)
        case let .unauthorized(nil, a, t, r): return .unauthorized(index: index, author: a, type: t, reason: r)
        case let .unknownEntryType(nil, t): return .unknownEntryType(index: index, type: t)
        case let .invalidBody(nil, t, r): return .invalidBody(index: index, type: t, reason: r)
        case let .ledgerTimeWentBackwards(nil, p, f): return .ledgerTimeWentBackwards(index: index, previous: p, found: f)
        case let .claimedTimeAhead(nil, a, c, l): return .claimedTimeAhead(index: index, author: a, claimed: c, ledgerTime: l)
        case let .countersignature(nil, t, r): return .countersignature(index: index, type: t, reason: r)
        case .genesisMisplaced(nil): return .genesisMisplaced(index: index)
        default: return self
        }
    }

    /// The index of the entry this error is about, if any.
    public var entryIndex: UInt64? {
        switch self {
        case let .malformedEntry(i, _), let .badSignature(i, _), let .wrongLedger(i, _, _), let .chainBroken(i, _, _),
             let .unknownAuthor(i, _), let .keyNotInForce(i, _, _), let .unauthorized(i, _, _, _),
             let .unknownEntryType(i, _), let .invalidBody(i, _, _), let .ledgerTimeWentBackwards(i, _, _),
             let .claimedTimeAhead(i, _, _, _), let .countersignature(i, _, _),
             let .genesisMisplaced(i):
            return i
        default:
            return nil
        }
    }

    /// True when trying again later may succeed (another writer held the lock).
    public var isRetryable: Bool { if case .busy = self { return true } else { return false } }

    private static func prefix(_ index: UInt64?) -> String { index.map { "entry \($0): " } ?? "" }

    public var description: String {
        switch self {
        case let .ledgerNotFound(path):
            return "no ledger at \(path); create one with 'coop init' or pass --ledger PATH (or COOP_LEDGER)"
        case let .ledgerExists(path):
            return "\(path) already exists; choose another --ledger path (coop never overwrites a ledger)"
        case let .notALedger(path, reason):
            return "\(path) is not a coop ledger: \(reason)"
        case let .unsupportedStoreVersion(found, supported):
            return found < supported
                ? "this ledger file has store version \(found), written by an older coop whose entries this coop does not read "
                    + "(it reads version \(supported) only); verify it with the coop that wrote it"
                : "this ledger file has store version \(found); this coop reads version \(supported): upgrade coop"
        case let .busy(path):
            return "the ledger \(path) is busy (another writer holds it); nothing was written: try again"
        case let .storage(reason):
            return "ledger storage error: \(reason)"
        case let .readOnly(path, cause):
            return cause.message(path: path)
        case let .diskFull(path):
            return "the disk holding \(path) is full; nothing was written (the ledger is unchanged): "
                + "free some space on that disk, then try again"
        case let .clockBehind(clock, ledgerTime):
            return "the clock reads \(clock), but the ledger's last entry has ledger time \(ledgerTime): ledger time never "
                + "goes backwards, so nothing was written; set this machine's clock right (or COOP_TIME, which states the "
                + "operator's time), then try again"
        case let .malformedEntry(i, reason):
            return Self.prefix(i) + "malformed entry: \(reason)"
        case let .badSignature(i, author):
            return Self.prefix(i) + "the signature by \(author) does not verify (forged or altered entry)"
        case let .wrongSigningKey(expected, found):
            return "the key file holds \(found) but the entry must be signed by \(expected); pass the right --key"
        case let .wrongLedger(i, expected, found):
            return Self.prefix(i) + "the entry was signed for ledger \(found), not this ledger \(expected) (replayed from another ledger?)"
        case let .chainBroken(i, author, reason):
            return Self.prefix(i) + "\(author)'s chain is broken: \(reason)"
        case let .unknownAuthor(i, author):
            return Self.prefix(i) + "\(author) is not a member of this cooperative at this point in the ledger"
        case let .keyNotInForce(i, author, reason):
            return Self.prefix(i) + "\(author) signed with a key not in force: \(reason)"
        case let .unauthorized(i, author, type, reason):
            return Self.prefix(i) + "\(author) may not author \(type): \(reason)"
        case let .unknownEntryType(i, type):
            return Self.prefix(i) + "unknown entry type \"\(type)\" (this coop may be older than the ledger)"
        case let .invalidBody(i, type, reason):
            return Self.prefix(i) + "invalid \(type): \(reason)"
        case let .ledgerTimeWentBackwards(i, previous, found):
            return Self.prefix(i) + "its ledger time \(found) is earlier than the previous entry's (\(previous)): "
                + "ledger time never goes backwards (reordered entries, or a clock set back)"
        case let .claimedTimeAhead(i, author, claimed, ledgerTime):
            return Self.prefix(i) + "\(author) claims \(claimed), later than the ledger time \(ledgerTime) "
                + "(by more than \(LedgerState.claimTolerance) s): an entry cannot be dated in the future; check the signing clock"
        case let .countersignature(i, type, reason):
            return Self.prefix(i) + "\(type) countersignature: \(reason)"
        case let .genesisMisplaced(i):
            return Self.prefix(i) + "the genesis entry must be the first entry, and only the first"
        case let .entryNotFound(index, size):
            return "there is no entry \(index): the ledger has \(size) entries (0 to \(size == 0 ? 0 : size - 1))"
        case let .treeSizeOutOfRange(requested, size):
            return "tree size \(requested) is out of range: the ledger has \(size) entries"
        case let .noCheckpoint(reason):
            return "no checkpoint: \(reason)"
        case let .checkpointInvalid(reason):
            return "invalid checkpoint: \(reason)"
        case let .ledgerKeyMismatch(expected, found):
            return "the ledger key is \(found), not the trusted key \(expected)"
        case let .bundleInvalid(path, reason):
            return "the bundle at \(path) is invalid: \(reason)"
        case let .receiptInvalid(reason):
            return "the receipt does not verify: \(reason)"
        }
    }
}
