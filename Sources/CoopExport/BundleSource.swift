import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import Foundation

/// Reads an export bundle for verification, streaming `entries.log` so memory stays bounded.
///
/// A bundle comes from whoever hands it over, so nothing in it is trusted: every file is read
/// with a size bound, only regular files are read (a FIFO, a device or a folder in a file's
/// place is refused before it can block or stream forever), text must be valid UTF-8, and each
/// refusal is a `LedgerError.bundleInvalid` naming the file. What the files *say* is judged by
/// the verifier: a snapshot is used only when it matches the signed checkpoint the auditor kept
/// (`VerificationRun.resume`).
public struct BundleSource: EntrySource {
    public let directory: String
    /// The largest entry line accepted (an entry statement is far smaller; this bounds memory).
    public static let maxLineBytes = 1 << 20
    /// The largest `bundle.json` accepted (an export writes a few hundred bytes).
    public static let maxManifestBytes = 64 << 10
    /// The largest checkpoint note accepted (a signed note carries at most 100 signatures).
    public static let maxCheckpointBytes = 64 << 10
    /// The most bytes all checkpoint notes together may hold (a daily checkpoint for a
    /// century is about 15 MiB).
    public static let maxCheckpointTotalBytes = 64 << 20
    /// The largest `SIZE.state` accepted: the most a state snapshot may hold when decoded.
    public static let maxSnapshotBytes = LedgerState.snapshotLimits.maxInputSize

    /// The entry count `bundle.json` states (nil when it states none).
    let manifestSize: UInt64?

    public init(directory: String) throws {
        self.directory = directory
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw LedgerError.bundleInvalid(path: directory, reason: "no such folder")
        }
        // Refuse a FIFO or device now, before anything blocks on it or streams it forever.
        guard let entries = try BundleFile.openIfPresent(directory + "/entries.log", named: "entries.log", in: directory) else {
            throw LedgerError.bundleInvalid(path: directory, reason: "it has no entries.log (is it a coop export?)")
        }
        entries.close()
        manifestSize = try Self.readManifest(in: directory)
    }

    var entriesPath: String { directory + "/entries.log" }
    public var label: String { directory }

    public func entryCount() throws -> UInt64 {
        var n: UInt64 = 0
        try forEachLine { _, _ in n += 1 }
        return n
    }

    public func firstEntry() throws -> SourceEntry? {
        var first: SourceEntry?
        try forEachLine { index, line in
            guard first == nil else { throw StopReading() }
            do {
                first = SourceEntry(index: index, entry: try LogEntry(lineBytes: line), recordedLeafHash: nil)
            } catch let e as LedgerError {
                throw e.at(index)
            }
        }
        return first
    }

    public func forEachBatch(from: UInt64, batchSize: Int, _ body: ([SourceEntry]) throws -> Void) throws {
        var batch: [SourceEntry] = []
        batch.reserveCapacity(batchSize)
        try forEachLine { index, line in
            guard index >= from else { return }
            let entry: LogEntry
            do {
                entry = try LogEntry(lineBytes: line)
            } catch let e as LedgerError {
                throw e.at(index)
            }
            batch.append(SourceEntry(index: index, entry: entry, recordedLeafHash: nil))
            if batch.count == batchSize {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// Thrown by a line callback to stop reading early.
    private struct StopReading: Error {}

    /// Calls `body` with each line of entries.log (without its newline) and its index.
    private func forEachLine(_ body: (UInt64, ArraySlice<UInt8>) throws -> Void) throws {
        let file = try BundleFile.open(entriesPath, named: "entries.log", in: directory)
        defer { file.close() }
        var pending: [UInt8] = []
        var index: UInt64 = 0
        while true {
            let chunk = try file.read(upTo: 1 << 20)
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let nl = pending[start...].firstIndex(of: 0x0a) {
                do {
                    try body(index, pending[start..<nl])
                } catch is StopReading {
                    return
                }
                index += 1
                start = nl + 1
            }
            pending.removeSubrange(pending.startIndex..<start)
            guard pending.count <= Self.maxLineBytes else {
                throw LedgerError.bundleInvalid(path: entriesPath, reason: "line \(index + 1) is longer than \(Self.maxLineBytes) bytes")
            }
        }
        guard pending.isEmpty else {
            throw LedgerError.bundleInvalid(path: entriesPath, reason: "the last line has no newline (truncated file?)")
        }
    }

    /// The notes in `checkpoints/*.checkpoint`, in the order they were signed. A missing folder
    /// holds none; one that cannot be listed is an error (skipping it would skip checks).
    public func checkpointNotes() throws -> [String] {
        let dir = directory + "/checkpoints"
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) else { return [] }
        guard isDir.boolValue else {
            throw LedgerError.bundleInvalid(path: directory, reason: "checkpoints is not a folder")
        }
        let listed: [String]
        do {
            listed = try FileManager.default.contentsOfDirectory(atPath: dir)
        } catch {
            throw LedgerError.bundleInvalid(path: directory, reason: "cannot list checkpoints/: \(error.localizedDescription)")
        }
        // Hidden names (".DS_Store", "._000001.checkpoint" copied from a Mac) are not the export's.
        // Numbers sort by length first, so 1000000 comes after 999999.
        let names = listed.filter { $0.hasSuffix(".checkpoint") && !$0.hasPrefix(".") }
            .sorted { ($0.utf8.count, $0) < ($1.utf8.count, $1) }
        var total = 0
        return try names.map { name in
            let bytes = try BundleFile.read("checkpoints/" + name, in: directory, limit: Self.maxCheckpointBytes)
            total += bytes.count
            guard total <= Self.maxCheckpointTotalBytes else {
                throw LedgerError.bundleInvalid(
                    path: directory, reason: "the checkpoint files hold more than \(Self.maxCheckpointTotalBytes >> 20) MiB in all")
            }
            return try BundleFile.text(bytes, named: "checkpoints/" + name, in: directory)
        }
    }

    /// The raw bytes of `snapshots/SIZE.state` (the verifier hashes exactly these).
    public func snapshot(at size: UInt64) throws -> [UInt8]? {
        try BundleFile.readIfPresent("snapshots/\(size).state", in: directory, limit: Self.maxSnapshotBytes)
    }

    /// The entry count `bundle.json` states: the verifier reports a bundle whose entries.log
    /// holds fewer (a truncated copy). The manifest is unsigned, so it can only add a check.
    public func recordedLeafCount() throws -> UInt64? { manifestSize }

    /// Reads `bundle.json`: it must be JSON saying `format: coop-bundle-v2`; returns its `size`.
    private static func readManifest(in directory: String) throws -> UInt64? {
        let bytes = try BundleFile.read("bundle.json", in: directory, limit: maxManifestBytes)
        let json: JSONValue
        do {
            json = try CanonicalJSON.decode(bytes)
        } catch {
            throw LedgerError.bundleInvalid(path: directory, reason: "bundle.json is not JSON (\(error)); is it a coop export?")
        }
        guard json["format"]?.stringValue == AuditBundle.format else {
            throw LedgerError.bundleInvalid(path: directory, reason: "bundle.json does not say format \(AuditBundle.format)")
        }
        guard let size = json["size"] else { return nil }
        guard let count = size.intValue.flatMap(UInt64.init(exactly:)) else {
            throw LedgerError.bundleInvalid(path: directory, reason: "the size in bundle.json is not an entry count")
        }
        return count
    }
}
