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

    // Entries: every refusal of an entry (its code, position, field and message)
    case refused(EntryRefusal)
    case wrongSigningKey(expected: String, found: String)

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
        if case let .refused(r) = self { return .refused(r.at(index)) }
        return self
    }

    /// The index of the entry this error is about, if any.
    public var entryIndex: UInt64? {
        if case let .refused(r) = self { return r.index }
        return nil
    }

    /// The refusal, when this error is one.
    public var refusal: EntryRefusal? {
        if case let .refused(r) = self { return r }
        return nil
    }

    /// True when trying again later may succeed (another writer held the lock).
    public var isRetryable: Bool { if case .busy = self { return true } else { return false } }

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
        case let .refused(r):
            return r.description
        case let .wrongSigningKey(expected, found):
            return "the key file holds \(found) but the entry must be signed by \(expected); pass the right --key"
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
