import CoopCanonicalJSON
import CoopCrypto
import Foundation

/// Reads an export bundle for verification, streaming `entries.log` so memory stays bounded.
public struct BundleSource: EntrySource {
    public let directory: String
    /// The largest entry line accepted (an entry statement is far smaller; this bounds memory).
    public static let maxLineBytes = 1 << 20

    public init(directory: String) throws {
        self.directory = directory
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw LedgerError.bundleInvalid(path: directory, reason: "no such folder")
        }
        guard FileManager.default.fileExists(atPath: entriesPath) else {
            throw LedgerError.bundleInvalid(path: directory, reason: "it has no entries.log (is it a coop export?)")
        }
        let manifest = try Self.read(directory + "/bundle.json", in: directory)
        guard let json = try? CanonicalJSON.decode(Array(manifest.utf8.filter { $0 != 0x0a })),
              json["format"]?.stringValue == AuditBundle.format else {
            throw LedgerError.bundleInvalid(path: directory, reason: "bundle.json does not say format \(AuditBundle.format)")
        }
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
            first = SourceEntry(index: index, entry: try SignedEntry(lineBytes: line), recordedLeafHash: nil)
        }
        return first
    }

    public func forEachBatch(from: UInt64, batchSize: Int, _ body: ([SourceEntry]) throws -> Void) throws {
        var batch: [SourceEntry] = []
        batch.reserveCapacity(batchSize)
        try forEachLine { index, line in
            guard index >= from else { return }
            let entry: SignedEntry
            do {
                entry = try SignedEntry(lineBytes: line)
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
        guard let handle = FileHandle(forReadingAtPath: entriesPath) else {
            throw LedgerError.bundleInvalid(path: entriesPath, reason: "cannot open it")
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var index: UInt64 = 0
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
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

    public func checkpointNotes() throws -> [String] {
        let dir = directory + "/checkpoints"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return try names.filter { $0.hasSuffix(".checkpoint") }.sorted().map { try Self.read(dir + "/" + $0, in: directory) }
    }

    public func snapshot(at size: UInt64) throws -> [UInt8]? {
        let path = directory + "/snapshots/\(size).state"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return Array(try Self.read(path, in: directory).utf8)
    }

    public func peaks(at size: UInt64) throws -> [SHA256Digest]? {
        let path = directory + "/snapshots/\(size).peaks"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let lines = try Self.read(path, in: directory).split(separator: "\n")
        let peaks = lines.compactMap { SHA256Digest(hex: String($0)) }
        return peaks.count == lines.count ? peaks : nil
    }

    public func recordedLeafCount() throws -> UInt64? { nil }

    static func read(_ path: String, in bundle: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError.bundleInvalid(path: bundle, reason: "cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
