import Foundation
import GRDB

/// A checkpoint as stored: the signed note text and the size it claims.
public struct StoredCheckpoint: Sendable, Hashable {
    public let id: Int64
    public let size: UInt64
    public let note: String
}

extension LedgerStore {
    static func insertCheckpoint(size: UInt64, note: String, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO checkpoints (size, note) VALUES (?, ?)", arguments: [Int64(size), note])
    }

    /// Every checkpoint, oldest first.
    public func checkpoints() throws -> [StoredCheckpoint] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, size, note FROM checkpoints ORDER BY id").map {
                StoredCheckpoint(id: $0["id"], size: UInt64($0["size"] as Int64), note: $0["note"])
            }
        }
    }

    static func insertSnapshot(size: UInt64, state: [UInt8], _ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO snapshots (size, state) VALUES (?, ?)", arguments: [Int64(size), Data(state)])
    }

    /// The size of the newest snapshot kept, without reading it (0 when there is none).
    static func newestSnapshotSize(_ db: Database) throws -> UInt64 {
        UInt64(try Int64.fetchOne(db, sql: "SELECT MAX(size) FROM snapshots") ?? 0)
    }

    /// The newest snapshot at or below `size`.
    static func snapshot(atMost size: UInt64, _ db: Database) throws -> (size: UInt64, bytes: [UInt8])? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT size, state FROM snapshots WHERE size <= ? ORDER BY size DESC LIMIT 1",
                arguments: [Int64(size)])
        else { return nil }
        return (UInt64(row["size"] as Int64), Array(row["state"] as Data))
    }

    /// The snapshot at exactly `size`, if one was kept.
    public func snapshot(at size: UInt64) throws -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT state FROM snapshots WHERE size = ?", arguments: [Int64(size)]).map { Array($0) }
        }
    }
}
