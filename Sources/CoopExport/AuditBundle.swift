import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopTlog
import Foundation

/// An export bundle: everything an auditor needs to verify the ledger offline.
///
/// ```
/// DIR/bundle.json          format, ledger id, origin, size, root, ledger key
/// DIR/entries.log          one entry line per entry (docs/FORMAT.md §3.4), index order
/// DIR/checkpoints/NNNNNN.checkpoint   every signed checkpoint, oldest first
/// DIR/snapshots/SIZE.state  the state snapshot at each checkpoint (for --since)
/// DIR/keys.txt             the ledger key and each member's current key (for reading)
/// ```
public enum AuditBundle {
    public static let format = "coop-bundle-v2"

    /// Writes a bundle of `ledger` into `dir` (created; must not exist or be empty).
    @discardableResult
    public static func export(_ ledger: Ledger, to dir: String) throws -> (size: UInt64, root: SHA256Digest) {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir), !((try? fm.contentsOfDirectory(atPath: dir))?.isEmpty ?? false) {
            throw LedgerError.bundleInvalid(path: dir, reason: "the folder exists and is not empty; choose a new --out folder")
        }
        do {
            try fm.createDirectory(atPath: dir + "/checkpoints", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: dir + "/snapshots", withIntermediateDirectories: true)
        } catch {
            throw LedgerError.bundleInvalid(path: dir, reason: "cannot create it: \(error.localizedDescription)")
        }
        let store = ledger.store
        let checkpoints = try store.checkpoints()
        // One read transaction for everything, so the bundle is one consistent moment.
        let out = try LineWriter(path: dir + "/entries.log")
        let (size, root, state) = try ledger.readHead { try out.write($0.entry.lineBytes) }
        try out.close()
        for (i, cp) in checkpoints.enumerated() where cp.size <= size {
            try write(cp.note, to: dir + "/checkpoints/" + pad(i + 1) + ".checkpoint")
            if let snap = try store.snapshot(at: cp.size) {
                try write(String(decoding: snap, as: UTF8.self), to: dir + "/snapshots/\(cp.size).state")
            }
        }
        var keys = "ledger \(state.ledgerKey)\n"
        for m in state.members.values.sorted(by: { $0.id < $1.id }) {
            keys += "\(m.id) \(m.key?.text ?? "-")\n"
        }
        try write(keys, to: dir + "/keys.txt")
        let manifest: JSONValue = .object([
            "format": .string(format),
            "ledger": .string(state.ledgerID?.text ?? ""),
            "origin": .string(state.origin),
            "ledger_key": .string(state.ledgerKey),
            "size": .integer(Int64(size)),
            "root": .string(root.hex),
        ])
        try write(String(decoding: try CanonicalJSON.encode(manifest), as: UTF8.self) + "\n", to: dir + "/bundle.json")
        return (size, root)
    }

    static func pad(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LedgerError.bundleInvalid(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}

/// Buffered line output to a file.
final class LineWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let path: String

    init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw LedgerError.bundleInvalid(path: path, reason: "cannot create the file")
        }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ line: [UInt8]) throws {
        buffer.append(contentsOf: line)
        buffer.append(0x0a)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw LedgerError.bundleInvalid(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
    }
}
