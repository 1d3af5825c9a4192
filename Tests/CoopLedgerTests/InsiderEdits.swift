import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import GRDB

/// Opens the ledger file at `path` with the append-only triggers dropped and runs `edit` in one
/// transaction: an insider changing the file behind coop's back.
func editBehindCoopsBack(_ path: String, _ edit: (Database) throws -> Void) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
        for table in ["entries", "nodes", "checkpoints", "snapshots", "meta"] {
            for op in ["update", "delete"] { try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_no_\(op)") }
        }
        try edit(db)
    }
    try queue.close()
}

/// What an insider who holds members' keys (with their cooperation) writes into the file of an
/// `Assembly`: entries signed by the real keys, placed wherever the insider likes.
extension Assembly {
    /// `author`'s next entry after `state` (right seq and prev), signed with their key, claiming
    /// `time`, and stamped by the insider with ledger time `ledgerTime` (default: `time`).
    func forge(
        _ author: MemberID, _ type: EntryType, _ body: [String: JSONValue], time: Timestamp,
        ledgerTime: Timestamp? = nil, on state: LedgerState? = nil
    ) throws -> LogEntry {
        let s = try state ?? self.state
        let head = s.heads[author]
        let signed = try SignedEntry.sign(
            Statement(
                ledger: testLedgerID!, author: author, key: keys[author]!.publicKey, seq: (head?.seq ?? 0) + 1, prev: head?.hash,
                time: time, type: type, body: .object(body)), with: keys[author]!)
        return LogEntry(ledgerTime: ledgerTime ?? time, signed: signed)
    }

    /// Writes `entries` at `index`, `index + 1`, ... (the rows must be free).
    func insert(_ entries: [LogEntry], at index: UInt64) throws {
        try editBehindCoopsBack(path) { db in try Self.insert(entries, at: index, db) }
    }

    /// Replaces every entry from `index` on with `entries`, and drops the tree nodes recorded for
    /// them, so nothing but the entries themselves can betray the rewrite.
    func rewriteTail(from index: UInt64, with entries: [LogEntry]) throws {
        try editBehindCoopsBack(path) { db in
            try db.execute(sql: "DELETE FROM entries WHERE idx >= ?", arguments: [Int64(index)])
            // A node at (level, idx) covers leaves idx·2^level ..< (idx+1)·2^level.
            try db.execute(sql: "DELETE FROM nodes WHERE ((idx + 1) << level) > ?", arguments: [Int64(index)])
            try Self.insert(entries, at: index, db)
        }
    }

    private static func insert(_ entries: [LogEntry], at index: UInt64, _ db: Database) throws {
        for (i, e) in entries.enumerated() {
            let s = try e.decode().statement
            try db.execute(
                sql: "INSERT INTO entries (idx, ledger_time, statement, signatures, author, seq, type, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    Int64(index) + Int64(i), e.ledgerTime.secondsSinceEpoch, Data(e.statementBytes),
                    Data(e.signed.signatures.flatMap(\.bytes)), s.author.description, s.seq, s.type.rawValue, s.time.description,
                ])
        }
    }

    /// The entry stored at `index`, read back from the file.
    func stored(_ index: UInt64) throws -> LogEntry {
        try LedgerStore.open(at: path, readOnly: true).entry(at: index)
    }
}

extension VerificationReport {
    /// The indices of the entries the problems name, in order.
    var namedIndices: [UInt64] { problems.compactMap(\.index) }

    /// The messages of the problems about entry `index`.
    func messages(_ index: UInt64) -> String { problems.filter { $0.index == index }.map(\.message).joined(separator: "\n") }
}
