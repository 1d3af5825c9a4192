import CoopCrypto
import CoopModel
import CoopTlog
import Foundation
import GRDB

/// A stored entry with its position.
public struct StoredEntry: Sendable {
    public let index: UInt64
    public let entry: LogEntry

    public init(index: UInt64, entry: LogEntry) {
        self.index = index
        self.entry = entry
    }
}

extension LedgerStore {
    /// The number of entries (the tree size).
    public static func size(_ db: Database) throws -> UInt64 {
        UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(idx) + 1, 0) FROM entries") ?? 0)
    }

    public func size() throws -> UInt64 { try read { try Self.size($0) } }

    /// The ledger id written at creation.
    public func ledgerIDText() throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'ledger_id'") }
    }

    static func insert(_ entry: DecodedEntry, at index: UInt64, _ db: Database) throws {
        let s = entry.statement
        // A cached statement: compiling the SQL again for every entry cost as much as running it.
        try db.cachedStatement(
            sql: "INSERT INTO entries (idx, ledger_time, statement, signatures, author, seq, type, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            Int64(index), entry.time.secondsSinceEpoch, Data(entry.entry.statementBytes),
            Data(entry.entry.signed.signatures.flatMap { $0.bytes }),
            s.author.description, s.seq, s.type.rawValue, entry.time.description,
        ])
    }

    /// The columns `row(_:)` reads.
    static let entryColumns = "idx, ledger_time, statement, signatures"

    /// The entry an author signed with a sequence number (arguments: author, seq), found through
    /// the (seq, author) uniqueness index.
    static let entryByAuthorAndSeq = "SELECT \(entryColumns) FROM entries WHERE author = ? AND seq = ?"

    static func insert(_ nodes: [MerkleNode], _ db: Database) throws {
        guard !nodes.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)")
        for n in nodes {
            try insert.execute(arguments: [n.level, Int64(n.index), Data(n.hash.bytes)])
        }
    }

    /// Reads a row of `entryColumns`, by position (every verification reads every entry through
    /// here; a lookup by name hashes the column's name each time) and copying each blob once.
    static func row(_ row: Row) throws -> StoredEntry {
        let index = UInt64(row[0] as Int64)
        let seconds: Int64 = row[1]
        // Copied out of SQLite's buffers as raw bytes (through `Data`'s iterator they were a
        // byte at a time), each signature straight from the blob.
        let stmt = try row.withUnsafeData(atIndex: 2) { $0?.withUnsafeBytes { [UInt8]($0) } ?? [] }
        let signatures = try row.withUnsafeData(atIndex: 3) { data -> [Ed25519.Signature]? in
            data?.withUnsafeBytes { raw -> [Ed25519.Signature]? in
                guard !raw.isEmpty, raw.count % 64 == 0, raw.count <= 64 * (1 + Statement.maxCountersigners) else { return nil }
                return try? stride(from: 0, to: raw.count, by: 64).map { try Ed25519.Signature(copying: UnsafeRawBufferPointer(rebasing: raw[$0..<$0 + 64])) }
            }
        }
        guard let signatures else {
            throw LedgerError.malformedEntry(
                index: index, reason: "the stored signatures are not 1 to \(1 + Statement.maxCountersigners) signatures of 64 bytes")
        }
        guard seconds >= 0 else { throw LedgerError.malformedEntry(index: index, reason: "the stored ledger time is negative") }
        return StoredEntry(
            index: index,
            entry: LogEntry(
                ledgerTime: Timestamp(secondsSinceEpoch: seconds),
                signed: SignedEntry(statementBytes: stmt, signatures: signatures)))
    }

    /// The entry at `index`.
    public func entry(at index: UInt64) throws -> LogEntry {
        try read { db in
            guard
                let r = try Row.fetchOne(
                    db, sql: "SELECT \(Self.entryColumns) FROM entries WHERE idx = ?",
                    arguments: [Int64(index)])
            else {
                throw LedgerError.entryNotFound(index: index, size: try Self.size(db))
            }
            return try Self.row(r).entry
        }
    }

    /// Streams entries `[from, to)` in index order, `batchSize` at a time, inside one read
    /// transaction (a consistent view even while others append).
    public func forEachBatch(
        from: UInt64 = 0, to: UInt64? = nil, batchSize: Int = 4096,
        _ body: ([StoredEntry]) throws -> Void
    ) throws {
        try read { db in
            let end = try to ?? Self.size(db)
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT \(Self.entryColumns) FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx",
                arguments: [Int64(from), Int64(end)])
            var batch: [StoredEntry] = []
            batch.reserveCapacity(batchSize)
            while let r = try cursor.next() {
                batch.append(try Self.row(r))
                if batch.count == batchSize {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }

    /// Index of entries matching a type and/or author, and whose ledger time (seconds since the
    /// epoch) is in `ledgerTimes`, in order (for `coop log`).
    public func indexes(type: String?, author: String?, ledgerTimes: Range<Int64>? = nil) throws -> [UInt64] {
        try read { db in
            var sql = "SELECT idx FROM entries WHERE 1"
            var args: [any DatabaseValueConvertible] = []
            if let type {
                sql += " AND type = ?"
                args.append(type)
            }
            if let author {
                sql += " AND author = ?"
                args.append(author)
            }
            if let ledgerTimes {
                sql += " AND ledger_time >= ? AND ledger_time < ?"
                args.append(ledgerTimes.lowerBound)
                args.append(ledgerTimes.upperBound)
            }
            return try Int64.fetchAll(db, sql: sql + " ORDER BY idx", arguments: StatementArguments(args)).map { UInt64($0) }
        }
    }
}

/// Perfect-subtree hashes read from the `nodes` table, for proofs and resuming the tree.
struct StoredNodes: MerkleNodeSource {
    let db: Database

    func node(level: Int, index: UInt64) throws -> SHA256Digest {
        guard
            let data = try Data.fetchOne(
                db, sql: "SELECT hash FROM nodes WHERE level = ? AND idx = ?",
                arguments: [level, Int64(index)]),
            let digest = SHA256Digest(bytes: Array(data))
        else {
            throw LedgerError.storage("tree node (level \(level), index \(index)) is missing; run 'coop verify'")
        }
        return digest
    }

    /// The compact range (right-edge peaks) of the tree of `size` leaves.
    func accumulator(size: UInt64) throws -> MerkleAccumulator {
        try MerkleAccumulator(size: size, source: self)
    }
}

extension LedgerStore {
    /// A cursor over stored entries from `from`, in index order.
    static func rows(_ db: Database, from: UInt64) throws -> some Cursor<StoredEntry> {
        try Row.fetchCursor(
            db, sql: "SELECT \(Self.entryColumns) FROM entries WHERE idx >= ? ORDER BY idx",
            arguments: [Int64(from)]
        ).map { try LedgerStore.row($0) }
    }
}

/// An entry just appended: where it went, and the id its appending assigned (a `member.admit`
/// gives the new member's id, a `motion.propose` the motion's).
public struct Appended: Sendable {
    public let stored: StoredEntry
    public let member: MemberID?
    public let motion: MotionID?

    public init(stored: StoredEntry, member: MemberID? = nil, motion: MotionID? = nil) {
        self.stored = stored
        self.member = member
        self.motion = motion
    }

    public var index: UInt64 { stored.index }
    public var entry: LogEntry { stored.entry }
}
