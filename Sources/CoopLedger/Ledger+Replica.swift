import CoopCrypto
import CoopModel
import CoopTlog
import Foundation
import GRDB

/// A replica: a ledger file that copies another ledger entry for entry, leaf for leaf (the
/// ledger times that ledger gave), judging every entry exactly as `verify` does, and keeping
/// the signed checkpoints it accepted from it.
extension Ledger {
    /// Creates a replica file from a ledger's genesis entry as that ledger logged it.
    public static func createReplica(
        at path: String, genesis: LogEntry, catalog: EntryCatalog = .cooperative, clock: any LedgerClock = SystemClock()
    ) throws -> Ledger {
        // Judge the genesis before creating any file, so a bad one leaves nothing behind.
        var probe = LedgerState()
        let decoded = try genesis.decode()
        try probe.apply(decoded, index: 0, catalog: catalog)
        let store = try LedgerStore.create(at: path, ledgerID: decoded.statement.ledger)
        let ledger = Ledger(store: store, catalog: catalog, clock: clock)
        do {
            _ = try ledger.replicate([genesis])
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return ledger
    }

    /// Appends entries as another ledger logged them, ledger times kept, in order and in one
    /// transaction (all or none), after every check `verify` makes (signatures included).
    @discardableResult
    public func replicate(_ entries: [LogEntry]) throws -> [StoredEntry] {
        guard !entries.isEmpty else { return [] }
        return try commit(loggedTimes: entries.map(\.ledgerTime)) { _ in Batch(entries.map(\.signed)) { $0 } }
    }

    /// The state after the first `size` entries (the head's when `size` reaches it): what was
    /// in force at that size, from the newest snapshot at or below it.
    public func state(atSize size: UInt64) throws -> LedgerState {
        try store.read { db in
            let head = try loadHead(db).state
            guard size < head.size else { return head }
            var state = LedgerState()
            if let snap = try LedgerStore.snapshot(atMost: size, db), let restored = try? LedgerState(snapshotBytes: snap.bytes) {
                state = restored
            }
            var next = state.size
            try replay(db, into: &state) { _ in
                defer { next += 1 }
                return next < size
            }
            return state
        }
    }

    /// The state the ledger would have after appending `entries` (as another ledger logged
    /// them), without writing anything: a replica judges a remote checkpoint under the bylaws in
    /// force at its size (FORMAT.md §6.1) before it keeps any entry that checkpoint covers.
    ///
    /// Only a `motion.close` can bring new bylaws into force, and a canonical statement names its
    /// type as the exact bytes `"type":"motion.close"`; the entries after the last one holding
    /// them cannot change the witness policy, so they are not applied. Signatures are not checked
    /// here (`replicate` checks them); a rule the entries break fails here as it would there.
    public func state(appending entries: [LogEntry]) throws -> LedgerState {
        var state = try self.state()
        guard let last = entries.lastIndex(where: { Self.mayAmendBylaws($0) }) else { return state }
        for entry in entries[...last] {
            let index = state.size
            do {
                try state.apply(try entry.decode(checkSignature: false), index: index, catalog: catalog)
            } catch let e as LedgerError {
                throw e.at(index)
            }
        }
        return state
    }

    private static let closeTypeBytes = Array(#""type":"motion.close""#.utf8)

    private static func mayAmendBylaws(_ entry: LogEntry) -> Bool {
        entry.statementBytes.firstRange(of: closeTypeBytes) != nil
    }

    /// The tree root and leaf count the ledger would have after appending `leafHashes`, without
    /// writing anything: a replica checks fetched entries against a checkpoint before applying.
    public func root(appending leafHashes: [SHA256Digest]) throws -> (size: UInt64, root: SHA256Digest) {
        try store.read { db in
            var tree = try loadHead(db).tree
            for h in leafHashes { tree.add(h) }
            return (tree.size, tree.root())
        }
    }

    /// Keeps a checkpoint signed by the ledger key for exactly the current head: its root must
    /// be this tree's and its state digest this replayed state's. A replica calls this after
    /// appending the entries a remote checkpoint covers.
    @discardableResult
    public func accept(checkpoint note: String) throws -> StoredCheckpoint {
        try store.write { db -> StoredCheckpoint in
            let (state, tree) = try loadHead(db)
            let opened = try Checkpoints.open(note, keyText: state.ledgerKey, origin: state.origin)
            guard opened.size == state.size else {
                throw LedgerError.checkpointInvalid(reason: "it covers \(opened.size) entries; this ledger holds \(state.size)")
            }
            guard opened.root == tree.root() else {
                throw LedgerError.checkpointInvalid(reason: "its root hash is not this ledger's root at size \(opened.size)")
            }
            guard let digest = opened.stateDigest else {
                throw LedgerError.checkpointInvalid(reason: "it has no coop-state v\(LedgerState.schemaVersion) line")
            }
            guard digest == (try state.digest()) else {
                throw LedgerError.checkpointInvalid(reason: "its state digest is not the digest of the state replayed here")
            }
            try LedgerStore.insertCheckpoint(size: state.size, note: note, db)
            try LedgerStore.insertSnapshot(size: state.size, state: state.canonicalBytes(), db)
            return StoredCheckpoint(id: db.lastInsertedRowID, size: state.size, note: note)
        }
    }

    /// The entry the ledger already holds for `signed`'s author and sequence number, if any: a
    /// second submission of the same signed statement is answered with the first one's index.
    public func existing(_ signed: SignedEntry) throws -> StoredEntry? {
        let statement = try signed.statement(checkSignatures: false)
        return try store.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: LedgerStore.entryByAuthorAndSeq, arguments: [statement.author.description, statement.seq])
            else { return nil }
            return try LedgerStore.row(row)
        }
    }

    /// Appends groups of entries signed elsewhere, each group all or none, in one transaction
    /// for them all (group commit): a group holding an entry the rules refuse is left out, with
    /// the refusal in its place, and the others are appended in order. An error that is not a
    /// refusal (storage, a busy file) fails every group.
    public func submitEach(_ groups: [[SignedEntry]]) throws -> [Result<[StoredEntry], GroupRefusal>] {
        var outcome = [Result<[StoredEntry], GroupRefusal>?](repeating: nil, count: groups.count)
        var pending = groups.indices.filter { !groups[$0].isEmpty }
        for g in groups.indices where groups[g].isEmpty { outcome[g] = .success([]) }
        while !pending.isEmpty {
            let start = try store.read { try LedgerStore.size($0) }
            let flat = pending.flatMap { groups[$0] }
            do {
                var stored = try commit { _ in Batch(flat) { $0 } }[...]
                for g in pending {
                    outcome[g] = .success(Array(stored.prefix(groups[g].count)))
                    stored = stored.dropFirst(groups[g].count)
                }
                pending = []
            } catch let e as LedgerError {
                // The refused entry's position in the batch: its index minus the head it started on.
                guard let index = e.entryIndex, index >= start, index - start < UInt64(flat.count) else { throw e }
                var position = Int(index - start)
                for (k, g) in pending.enumerated() {
                    if position < groups[g].count {
                        outcome[g] = .failure(GroupRefusal(error: e, position: position))
                        pending.remove(at: k)
                        break
                    }
                    position -= groups[g].count
                }
            }
        }
        return outcome.map { $0 ?? .failure(GroupRefusal(error: .storage("a group was neither appended nor refused"), position: 0)) }
    }

    /// The entries `[from, to)` as logged.
    public func entries(from: UInt64, to: UInt64) throws -> [LogEntry] {
        var out: [LogEntry] = []
        out.reserveCapacity(Int(clamping: to - min(from, to)))
        try store.forEachBatch(from: from, to: to) { batch in out += batch.map(\.entry) }
        return out
    }

    /// The bytes of a C2SP tlog-tiles hash tile of this tree (every node it holds must exist).
    public func hashTile(_ tile: TileID) throws -> [UInt8] {
        try store.read { db in
            let size = try LedgerStore.size(db)
            let needed = (tile.index << 8 + UInt64(tile.width)) << UInt64(tile.merkleLevel)
            guard needed <= size else { throw LedgerError.treeSizeOutOfRange(requested: needed, size: size) }
            return try HashTile.bytes(of: tile, source: StoredNodes(db: db))
        }
    }

    /// The newest checkpoint kept, if any.
    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT id, size, note FROM checkpoints ORDER BY id DESC LIMIT 1").map {
                StoredCheckpoint(id: $0["id"], size: UInt64($0["size"] as Int64), note: $0["note"])
            }
        }
    }

    /// The member and motion ids the entry at `index` assigned, read from the state before it
    /// (admissions and proposals take the next number).
    public func assigned(at index: UInt64) throws -> Appended {
        try store.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(LedgerStore.entryColumns) FROM entries WHERE idx = ?", arguments: [Int64(index)])
            else { throw LedgerError.entryNotFound(index: index, size: try LedgerStore.size(db)) }
            let stored = try LedgerStore.row(row)
            let type = try stored.entry.signed.statement(checkSignatures: false).type
            guard type == .memberAdmit || type == .motionPropose else { return Appended(stored: stored) }
            var state = LedgerState()
            if let snap = try LedgerStore.snapshot(atMost: index, db), let restored = try? LedgerState(snapshotBytes: snap.bytes) {
                state = restored
            }
            let cursor = try LedgerStore.rows(db, from: state.size)
            while state.size < index, let next = try cursor.next() {
                try state.apply(try next.entry.decode(checkSignature: false), index: next.index, catalog: catalog)
            }
            if type == .memberAdmit { return Appended(stored: stored, member: MemberID(number: state.nextMemberNumber)) }
            return Appended(stored: stored, motion: MotionID(number: state.governance.nextMotionNumber))
        }
    }
}

/// Why `submitEach` left a group out: the refusal, and the refused entry's position in its group.
public struct GroupRefusal: Error, Sendable {
    public let error: LedgerError
    public let position: Int
}
