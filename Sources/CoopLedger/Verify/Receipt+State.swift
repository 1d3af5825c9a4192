import CoopCrypto
import CoopModel
import CoopTlog

extension Receipt {
    /// The ledger state at a verified receipt's tree size, rebuilt from a source that holds the
    /// entries up to it (the member's replica, or an export bundle) and taken only when its
    /// digest is the one the receipt's checkpoint signs: the source need not be trusted. Its
    /// bylaws hold the witness policy the receipt's checkpoint is judged under (FORMAT.md §6.1).
    ///
    /// Starts from the source's snapshot at that size, else from its newest snapshot below it
    /// (at a checkpoint), else from the genesis, and applies the entries in between (their
    /// signatures unchecked: the digest check covers everything they could change). Returns nil
    /// when the source holds fewer entries than the receipt's tree (a replica not pulled yet).
    public static func signedState(_ receipt: Verified, from source: some EntrySource, catalog: EntryCatalog = .cooperative) throws
        -> LedgerState?
    {
        guard let digest = receipt.stateDigest else {
            throw LedgerError.receiptInvalid(reason: "its checkpoint carries no coop-state line, so no state can be matched to it")
        }
        let size = receipt.treeSize
        guard try source.entryCount() >= size else { return nil }
        var state = try startingState(at: size, source: source) ?? LedgerState()
        if state.size < size {
            // Entries [state.size, size): the source streams on past the receipt's tree; stop there.
            do {
                try source.forEachBatch(from: state.size, batchSize: 1024) { batch in
                    for item in batch {
                        guard item.index < size else { throw ReachedSize() }
                        try state.apply(try item.entry.decode(checkSignature: false), index: item.index, catalog: catalog)
                    }
                }
            } catch is ReachedSize {}
        }
        guard state.size == size, try state.digest() == digest else {
            guard state.ledgerID == receipt.entry.statement.ledger else {
                throw LedgerError.receiptInvalid(
                    reason: "\(source.label) is another ledger (\(state.ledgerID?.text ?? "none")), not the receipt's "
                        + "(\(receipt.entry.statement.ledger.text)): use your own replica of it, pulled, or its export bundle")
            }
            throw LedgerError.receiptInvalid(
                reason: "SPLIT VIEW: the receipt's checkpoint signs another state at size \(size) than the one \(source.label) "
                    + "holds for the same ledger: the operator showed two different ledgers (or that copy was altered); keep the "
                    + "receipt and that copy, they prove it")
        }
        return state
    }

    /// The source's snapshot at `size`, else its newest one below it at a checkpoint's size.
    private static func startingState(at size: UInt64, source: some EntrySource) throws -> LedgerState? {
        let sizes = try source.checkpointNotes().compactMap { try? SignedCheckpoint.parse($0).checkpoint.size }
        for candidate in Set(sizes + [size]).filter({ $0 <= size && $0 > 0 }).sorted(by: >) {
            if let bytes = try source.snapshot(at: candidate), let state = try? LedgerState(snapshotBytes: bytes) { return state }
        }
        return nil
    }
}

/// Stops a stream of entries at the size wanted.
private struct ReachedSize: Error {}
