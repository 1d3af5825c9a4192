import CoopCrypto
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The witness's records on disk: an append-only journal of cosigned checkpoints, flushed in
/// group commits. Each record is a header line and the note:
///
///     coop-witness-record v1 <byte length> <hex SHA-256 of the note> LF
///     <the note, that many bytes>
///
/// Records queued while a flush runs go out together in the next one (one write, one
/// `fdatasync`), so many logs posting at once share the cost of a flush; each caller's
/// completion runs only once its record is on disk. On opening, a torn record at the end (a
/// crash mid-write: never acknowledged) is cut off. Past `compactBytes` the journal is rewritten
/// with the latest record per origin (temporary file, fsync, rename, fsync of the folder).
// @unchecked: `fd` and `size` are touched only on `queue` (and before it starts); the rest is
// in `queued`.
final class WitnessJournal: @unchecked Sendable {
    static let header = "coop-witness-record v1 "
    /// Rewrite the journal once it grows past this many bytes.
    let compactBytes: Int
    let path: String
    private var fd: Int32
    private var size: Int
    private let queue = DispatchQueue(label: "coop.witness.journal")
    /// What callers and the flushing queue share.
    private struct Queued {
        /// Records waiting for the next flush.
        var pending: [(bytes: [UInt8], done: @Sendable ((any Error)?) -> Void)] = []
        /// Whether a flush is scheduled.
        var scheduled = false
        /// Set by a failed flush: nothing more is accepted (a restart reloads what is on disk).
        var failure: WitnessError?
    }
    private let queued = Mutex(Queued())
    /// Gives the latest record of every origin, for compaction.
    private let snapshot: @Sendable () -> [String]

    /// Opens (creating) the journal and returns it with the notes it holds, oldest first.
    static func open(path: String, compactBytes: Int = 8 << 20, snapshot: @escaping @Sendable () -> [String]) throws -> (WitnessJournal, [String]) {
        let data = FileManager.default.contents(atPath: path) ?? Data()
        let (notes, good) = parse(Array(data))
        let fd = posixOpen(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WitnessError.io(path: path, reason: String(cString: strerror(errno))) }
        if good < data.count {
            // A torn tail: the record was never acknowledged. Cut it off, durably.
            guard ftruncate(fd, off_t(good)) == 0, fsync(fd) == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw WitnessError.io(path: path, reason: reason)
            }
        }
        try DurableFile.syncFolder((path as NSString).deletingLastPathComponent)
        return (WitnessJournal(path: path, fd: fd, size: good, compactBytes: compactBytes, snapshot: snapshot), notes)
    }

    private init(path: String, fd: Int32, size: Int, compactBytes: Int, snapshot: @escaping @Sendable () -> [String]) {
        self.path = path
        self.fd = fd
        self.size = size
        self.compactBytes = compactBytes
        self.snapshot = snapshot
    }

    /// The records in `bytes` and the length of the well-formed prefix.
    static func parse(_ bytes: [UInt8]) -> (notes: [String], good: Int) {
        var notes: [String] = []
        var position = 0
        while position < bytes.count {
            guard let newline = bytes[position...].firstIndex(of: 0x0A) else { break }
            let line = String(decoding: bytes[position..<newline], as: UTF8.self)
            guard line.hasPrefix(header) else { break }
            let fields = line.dropFirst(header.count).split(separator: " ")
            guard fields.count == 2, let length = Int(fields[0]), length >= 0, newline + 1 + length <= bytes.count else { break }
            let note = Array(bytes[(newline + 1)..<(newline + 1 + length)])
            guard SHA256.hash(note).hex == fields[1] else { break }
            notes.append(String(decoding: note, as: UTF8.self))
            position = newline + 1 + length
        }
        return (notes, position)
    }

    /// The bytes of one record.
    static func record(_ note: String) -> [UInt8] {
        let bytes = Array(note.utf8)
        return Array("\(header)\(bytes.count) \(SHA256.hash(bytes).hex)\n".utf8) + bytes
    }

    /// Queues `note`; `done` runs (on the journal's queue) once it is on disk, or with the error.
    /// Call in decision order: records are written in the order queued.
    func append(_ note: String, done: @escaping @Sendable ((any Error)?) -> Void) {
        let record = Self.record(note)
        let start = queued.withLock { q -> Bool? in
            if q.failure != nil { return nil }
            q.pending.append((record, done))
            guard !q.scheduled else { return false }
            q.scheduled = true
            return true
        }
        guard let start else { return done(queued.withLock { $0.failure }) }
        if start { queue.async { self.flush() } }
    }

    private func flush() {
        while true {
            let batch = queued.withLock { q -> [(bytes: [UInt8], done: @Sendable ((any Error)?) -> Void)] in
                let taken = q.pending
                q.pending = []
                if taken.isEmpty { q.scheduled = false }
                return taken
            }
            if batch.isEmpty { return }
            var failed: WitnessError?
            do {
                try write(batch.flatMap(\.bytes))
                if size > compactBytes { try compact() }
            } catch let e as WitnessError {
                failed = e
            } catch {
                failed = .io(path: path, reason: "\(error)")
            }
            if let failed { queued.withLock { $0.failure = failed } }
            for item in batch { item.done(failed) }
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in posixWrite(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw WitnessError.io(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        guard posixDataSync(fd) == 0 else { throw WitnessError.io(path: path, reason: String(cString: strerror(errno))) }
        size += bytes.count
    }

    /// Rewrites the journal with the latest record of each origin.
    private func compact() throws {
        let bytes = snapshot().flatMap { Self.record($0) }
        try DurableFile.write(bytes, to: path)
        let reopened = posixOpen(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard reopened >= 0 else { throw WitnessError.io(path: path, reason: String(cString: strerror(errno))) }
        close(fd)
        fd = reopened
        size = bytes.count
    }
}
