import CoopCrypto
import CoopTlog
import Foundation
import GRDB

/// An entry read for verification, with the leaf hash the store recorded for it when it was
/// appended (if the source keeps tree nodes), which lets `verify` name a moved or altered entry.
public struct SourceEntry: Sendable {
    public let index: UInt64
    public let entry: LogEntry
    public let recordedLeafHash: SHA256Digest?

    public init(index: UInt64, entry: LogEntry, recordedLeafHash: SHA256Digest?) {
        self.index = index
        self.entry = entry
        self.recordedLeafHash = recordedLeafHash
    }
}

/// Where a verifier reads a ledger from: the SQLite file, or an export bundle.
public protocol EntrySource {
    /// A label for messages (the path).
    var label: String { get }
    /// The number of entries the source holds.
    func entryCount() throws -> UInt64
    /// The entry at index 0 (the genesis), if the source has one; read without streaming the rest.
    func firstEntry() throws -> SourceEntry?
    /// Streams entries with index ≥ `from` in index order, in batches.
    func forEachBatch(from: UInt64, batchSize: Int, _ body: ([SourceEntry]) throws -> Void) throws
    /// Streams the leaf hashes of entries [from, to) in index order, in batches (default: from
    /// `forEachBatch`; see LeafStream.swift).
    func forEachLeafBatch(from: UInt64, to: UInt64, batchSize: Int, _ body: (LeafHashBatch) throws -> Void) throws
    /// The signed checkpoint notes the source holds.
    func checkpointNotes() throws -> [String]
    /// The state snapshot kept at exactly `size`, if any.
    func snapshot(at size: UInt64) throws -> [UInt8]?
    /// How many leaves the stored tree records (nil when the source keeps no tree).
    func recordedLeafCount() throws -> UInt64?
}

extension LedgerStore: EntrySource {
    public var label: String { path }

    public func entryCount() throws -> UInt64 {
        // The highest index + 1: a deleted entry in the middle shows up as a gap while streaming.
        try size()
    }

    public func forEachBatch(from: UInt64, batchSize: Int, _ body: ([SourceEntry]) throws -> Void) throws {
        try read { db in
            // Two ordered scans merged by index: cheaper than a per-row join.
            let entries = try Row.fetchCursor(
                db, sql: "SELECT \(LedgerStore.entryColumns) FROM entries WHERE idx >= ? ORDER BY idx", arguments: [Int64(from)])
            let leaves = try Row.fetchCursor(
                db, sql: "SELECT idx, hash FROM nodes WHERE level = 0 AND idx >= ? ORDER BY idx", arguments: [Int64(from)])
            func leafOf(_ row: Row) throws -> (index: UInt64, hash: SHA256Digest?) {
                (UInt64(row[0] as Int64), try row.withUnsafeData(atIndex: 1) { $0.flatMap { SHA256Digest(bytes: [UInt8]($0)) } })
            }
            var leaf = try leaves.next().map(leafOf)
            var batch: [SourceEntry] = []
            batch.reserveCapacity(batchSize)
            while let row = try entries.next() {
                let stored = try LedgerStore.row(row)
                while let l = leaf, l.index < stored.index {
                    leaf = try leaves.next().map(leafOf)
                }
                let recorded = leaf.flatMap { $0.index == stored.index ? $0.hash : nil }
                batch.append(SourceEntry(index: stored.index, entry: stored.entry, recordedLeafHash: recorded))
                if batch.count == batchSize {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }

    public func firstEntry() throws -> SourceEntry? {
        guard try size() > 0 else { return nil }
        return try read { db in
            try Row.fetchOne(db, sql: "SELECT \(LedgerStore.entryColumns) FROM entries ORDER BY idx LIMIT 1")
                .map { try LedgerStore.row($0) }
                .map { SourceEntry(index: $0.index, entry: $0.entry, recordedLeafHash: nil) }
        }
    }

    public func checkpointNotes() throws -> [String] { try checkpoints().map(\.note) }

    public func recordedLeafCount() throws -> UInt64? {
        try read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(idx) + 1, 0) FROM nodes WHERE level = 0") ?? 0) }
    }
}
