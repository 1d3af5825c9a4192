import CoopCrypto
import CoopTlog
import GRDB

extension Ledger {
    /// Signs a checkpoint of the current tree with the ledger key, stores it with a state
    /// snapshot, and returns it. Every entry it covers was committed (durably) before.
    @discardableResult
    public func checkpoint(ledgerKey: Ed25519.PrivateKey) throws -> StoredCheckpoint {
        let (stored, _) = try store.write { db -> (StoredCheckpoint, Void) in
            let (state, tree) = try loadHead(db)
            guard state.size > 0 else { throw LedgerError.noCheckpoint(reason: "the ledger is empty") }
            let offered = Checkpoints.verifierKeyText(ledgerKey.publicKey, origin: state.origin)
            guard offered == state.ledgerKey else {
                throw LedgerError.ledgerKeyMismatch(expected: state.ledgerKey, found: offered)
            }
            let note = try Checkpoints.sign(
                origin: state.origin, size: state.size, root: tree.root(), stateDigest: try state.digest(),
                key: ledgerKey)
            try LedgerStore.insertCheckpoint(size: state.size, note: note, db)
            try LedgerStore.insertSnapshot(size: state.size, state: state.canonicalBytes(), db)
            let id = db.lastInsertedRowID
            return (StoredCheckpoint(id: id, size: state.size, note: note), ())
        }
        return stored
    }

    /// RFC 9162 inclusion proof of entry `index` in the tree of `size` (default: current).
    public func inclusionProof(index: UInt64, size: UInt64? = nil) throws -> (size: UInt64, proof: [SHA256Digest]) {
        try store.read { db in
            let current = try LedgerStore.size(db)
            let n = size ?? current
            guard n <= current, n > 0 else { throw LedgerError.treeSizeOutOfRange(requested: n, size: current) }
            guard index < n else { throw LedgerError.entryNotFound(index: index, size: n) }
            return (n, try Merkle.inclusionProof(index: index, size: n, source: StoredNodes(db: db)))
        }
    }

    /// RFC 9162 consistency proof that the tree of size `from` is a prefix of the tree of `to`.
    public func consistencyProof(from m: UInt64, to n: UInt64? = nil) throws -> (to: UInt64, proof: [SHA256Digest]) {
        try store.read { db in
            let current = try LedgerStore.size(db)
            let to = n ?? current
            guard to <= current else { throw LedgerError.treeSizeOutOfRange(requested: to, size: current) }
            guard m >= 1, m <= to else { throw LedgerError.treeSizeOutOfRange(requested: m, size: to) }
            return (to, try Merkle.consistencyProof(from: m, to: to, source: StoredNodes(db: db)))
        }
    }

    /// The Merkle root of the tree of `size` (default: current).
    public func root(size: UInt64? = nil) throws -> SHA256Digest {
        try store.read { db in
            let current = try LedgerStore.size(db)
            let n = size ?? current
            guard n <= current else { throw LedgerError.treeSizeOutOfRange(requested: n, size: current) }
            return try Merkle.root(size: n, source: StoredNodes(db: db))
        }
    }
}

extension Ledger {
    /// Keeps a cosigned copy of a stored checkpoint: the same signed note with witnesses'
    /// cosignature lines added (c2sp.org/tlog-cosignature). The checkpoints table is
    /// append-only, so the cosigned note is a new row of the same size; readers take the
    /// newest row of a size. The note must carry the ledger's valid signature, and its body
    /// must be that of a checkpoint this ledger stored.
    @discardableResult
    public func keepCosigned(_ note: String) throws -> StoredCheckpoint {
        let (stored, _) = try store.write { db -> (StoredCheckpoint, Void) in
            let (state, _) = try loadHead(db)
            let opened = try Checkpoints.open(note, keyText: state.ledgerKey, origin: state.origin)
            let body = opened.signed.note.text
            let same = try Row.fetchAll(db, sql: "SELECT note FROM checkpoints WHERE size = ?", arguments: [Int64(opened.size)])
                .contains { (try? SignedCheckpoint.parse($0["note"] as String).note.text) == body }
            guard same else {
                throw LedgerError.checkpointInvalid(
                    reason: "this ledger stored no checkpoint of size \(opened.size) with that body; cosignatures are kept only for its own checkpoints")
            }
            try LedgerStore.insertCheckpoint(size: opened.size, note: note, db)
            return (StoredCheckpoint(id: db.lastInsertedRowID, size: opened.size, note: note), ())
        }
        return stored
    }
}
