import CoopCrypto
import CoopModel
import CoopTlog
import Dispatch
import Foundation
import GRDB
import GRDBSQLite

/// One leaf as the prefix before a kept checkpoint needs it: its position, its ledger time (which
/// must never go backwards) and its hash, computed from the entry's bytes.
public struct LeafHash: Sendable {
    public let index: UInt64
    public let ledgerTime: Timestamp
    public let hash: SHA256Digest

    public init(index: UInt64, ledgerTime: Timestamp, hash: SHA256Digest) {
        self.index = index
        self.ledgerTime = ledgerTime
        self.hash = hash
    }
}

/// A batch of leaves in index order and, when they are one whole perfect subtree of the tree
/// (2^k leaves from a multiple of 2^k, none missing), that subtree's root, computed off the
/// reading thread (the tree's hashing was a third of that thread's work at 10^6 leaves).
public struct LeafHashBatch: Sendable {
    public let leaves: [LeafHash]
    /// The root of the perfect subtree the leaves make, or nil when they make none (or the
    /// source did not compute it): then they join the tree one by one.
    public let subtreeRoot: SHA256Digest?

    public init(leaves: [LeafHash], subtreeRoot: SHA256Digest? = nil) {
        self.leaves = leaves
        self.subtreeRoot = subtreeRoot
    }

    /// Whether `count` leaves from `first` (consecutive indexes) are one perfect subtree.
    static func isPerfectSubtree(first: UInt64, last: UInt64, count: Int) -> Bool {
        count > 0 && count.nonzeroBitCount == 1 && last - first == UInt64(count - 1) && first % UInt64(count) == 0
    }
}

extension EntrySource {
    /// Leaf hashes of entries [from, to), in order, in batches: whole entries read and hashed.
    /// Sources that can read the leaf bytes directly do better (`LedgerStore`).
    public func forEachLeafBatch(from: UInt64, to: UInt64, batchSize: Int, _ body: (LeafHashBatch) throws -> Void) throws {
        do {
            try forEachBatch(from: from, batchSize: batchSize) { batch in
                let leaves = batch.filter { $0.index < to }.map { LeafHash(index: $0.index, ledgerTime: $0.entry.ledgerTime, hash: $0.entry.hash) }
                if !leaves.isEmpty { try body(LeafHashBatch(leaves: leaves)) }
                if leaves.count < batch.count { throw StopStreaming() }
            }
        } catch is StopStreaming {}
    }
}

/// Ends a stream early once past the range asked for.
private struct StopStreaming: Error {}

extension LedgerStore {
    /// Leaf hashes straight from the stored bytes, with no entry parsed: each batch's leaves are
    /// copied into one buffer and hashed on the other cores while the next batch is read, and
    /// a batch that is a perfect subtree gets its root there too. This is what lets `verify
    /// --since` rehash a million-entry prefix in well under a second.
    public func forEachLeafBatch(from: UInt64, to: UInt64, batchSize: Int, _ body: (LeafHashBatch) throws -> Void) throws {
        try read { db in
            // Stepped by hand: a GRDB Row per entry costs more than the entry's bytes.
            let statement = try db.makeStatement(
                sql: "SELECT idx, ledger_time, signatures, statement FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx")
            try statement.setArguments([Int64(from), Int64(to)])
            let raw = statement.sqliteStatement
            defer { sqlite3_reset(raw) }
            var pending: LeafHashJob?
            var batch = LeafBatch(capacity: batchSize)
            while true {
                let code = sqlite3_step(raw)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw LedgerError.storage("reading the entries failed: \(String(cString: sqlite3_errstr(code)))")
                }
                let index = sqlite3_column_int64(raw, 0), seconds = sqlite3_column_int64(raw, 1)
                let signatureCount = Int(sqlite3_column_bytes(raw, 2))
                guard index >= 0, seconds >= 0, signatureCount > 0, signatureCount % 64 == 0, signatureCount / 64 <= 255,
                    let signatures = sqlite3_column_blob(raw, 2)
                else {
                    throw LedgerError.malformedEntry(index: UInt64(max(0, index)), reason: "the stored signatures or ledger time are malformed")
                }
                let signatureBytes = UnsafeRawBufferPointer(start: signatures, count: signatureCount)
                let statementCount = Int(sqlite3_column_bytes(raw, 3))
                let statementBytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(raw, 3), count: statementCount)
                batch.append(index: UInt64(index), seconds: UInt64(seconds), signatures: signatureBytes, statement: statementBytes)
                if batch.count == batchSize {
                    let job = LeafHashJob(batch)
                    if let pending { try body(pending.wait()) }
                    pending = job
                    batch = LeafBatch(capacity: batchSize)
                }
            }
            if batch.count > 0 {
                let job = LeafHashJob(batch)
                if let pending { try body(pending.wait()) }
                pending = job
            }
            if let pending { try body(pending.wait()) }
        }
    }
}

/// Leaves laid end to end in one buffer, as hashed: 0x00 ‖ ledger time (8 bytes, big-endian) ‖
/// number of signatures ‖ signatures ‖ statement (docs/FORMAT.md §5).
struct LeafBatch: Sendable {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var indexes: [UInt64] = []
    var seconds: [UInt64] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity * 512)
        ends.reserveCapacity(capacity)
        indexes.reserveCapacity(capacity)
        seconds.reserveCapacity(capacity)
    }

    var count: Int { ends.count }

    mutating func append(index: UInt64, seconds time: UInt64, signatures: UnsafeRawBufferPointer, statement: UnsafeRawBufferPointer) {
        bytes.append(0)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: time >> UInt64(shift))) }
        bytes.append(UInt8(signatures.count / 64))
        bytes.append(contentsOf: signatures)
        bytes.append(contentsOf: statement)
        ends.append(bytes.count)
        indexes.append(index)
        seconds.append(time)
    }
}

/// One batch being hashed on worker threads: its leaves, then (for a perfect subtree) its root.
final class LeafHashJob: @unchecked Sendable {
    private let batch: LeafBatch
    private let hashes: UnsafeMutableBufferPointer<SHA256Digest>
    private let group = DispatchGroup()
    /// The subtree root's task, started when the leaves' `group` is done.
    private let tree = DispatchGroup()
    /// Written once, by that task; read after `tree` is done.
    private var subtreeRoot: SHA256Digest?
    private static let placeholder = SHA256.hash([UInt8]())

    init(_ batch: LeafBatch) {
        self.batch = batch
        let hashes = UnsafeMutableBufferPointer<SHA256Digest>.allocate(capacity: batch.count)
        hashes.initialize(repeating: LeafHashJob.placeholder)
        self.hashes = hashes
        let workers = Cores.available
        let per = (batch.count + workers - 1) / workers
        for w in 0..<workers {
            let range = (w * per)..<min(batch.count, (w + 1) * per)
            guard !range.isEmpty else { continue }
            DispatchQueue.global().async(group: group) { [self] in
                self.batch.bytes.withUnsafeBufferPointer { all in
                    for i in range {
                        let start = i == 0 ? 0 : self.batch.ends[i - 1]
                        // Each worker writes only its own range; `wait` reads after the group.
                        self.hashes[i] = SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[start..<self.batch.ends[i]])))
                    }
                }
            }
        }
        guard let first = batch.indexes.first, let last = batch.indexes.last,
            LeafHashBatch.isPerfectSubtree(first: first, last: last, count: batch.count)
        else { return }
        // The subtree's root, once every leaf is hashed.
        tree.enter()
        group.notify(queue: .global()) { [self] in
            var accumulator = MerkleAccumulator()
            for hash in self.hashes { accumulator.add(hash) }
            self.subtreeRoot = accumulator.peaks.first
            self.tree.leave()
        }
    }

    deinit {
        group.wait()
        tree.wait()
        hashes.deinitialize().deallocate()
    }

    /// Waits for the workers; the batch's leaves in order, and its subtree root if it is one.
    func wait() -> LeafHashBatch {
        group.wait()
        tree.wait()
        let leaves = (0..<batch.count).map {
            LeafHash(index: batch.indexes[$0], ledgerTime: Timestamp(secondsSinceEpoch: Int64(clamping: batch.seconds[$0])), hash: hashes[$0])
        }
        return LeafHashBatch(leaves: leaves, subtreeRoot: subtreeRoot)
    }
}
