import CoopCanonicalJSON
import CoopCrypto
import Foundation

/// The files of one bylaws version: path ("/"-separated, relative to the folder) → UTF-8 text.
///
/// The ledger carries these verbatim (the genesis entry and adopted amendments), so the rules in
/// force can always be re-read from the ledger alone.
public struct BylawsFiles: Hashable, Sendable, Codable {
    /// The human text every folder must have.
    public static let textFile = "bylaws.md"
    /// The machine rules every folder must have (schema: docs/BYLAWS.md).
    public static let rulesFile = "rules.yaml"
    /// At most this many bytes in all, so a version fits in one ledger entry.
    public static let maxTotalSize = 512 << 10

    public var files: [String: String]

    public init(_ files: [String: String]) { self.files = files }

    public init(from decoder: any Decoder) throws {
        files = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(files)
    }

    /// Reads every regular file below `path` (names starting with "." are skipped).
    public static func load(folder path: String) throws -> BylawsFiles {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw BylawsError.unreadable(path: path, reason: "no such folder")
        }
        var files: [String: String] = [:]
        var total = 0
        try walk(URL(fileURLWithPath: path, isDirectory: true), prefix: "", into: &files, total: &total)
        guard !files.isEmpty else { throw BylawsError.unreadable(path: path, reason: "the folder holds no files") }
        return BylawsFiles(files)
    }

    private static func walk(_ dir: URL, prefix: String, into files: inout [String: String], total: inout Int) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
                throw BylawsError.unreadable(path: prefix + name, reason: "file names must be printable ASCII without spaces")
            }
            let url = dir.appendingPathComponent(name)
            let values = try url.resourceValues(forKeys: [.isDirectoryKey, .isRegularFileKey])
            if values.isDirectory == true {
                try walk(url, prefix: prefix + name + "/", into: &files, total: &total)
            } else if values.isRegularFile == true {
                let data = try Data(contentsOf: url)
                total += data.count
                guard total <= maxTotalSize else {
                    throw BylawsError.unreadable(path: dir.path, reason: "the files exceed \(maxTotalSize >> 10) KiB in all")
                }
                // Foundation drops a leading byte order mark while decoding: the text (and so the
                // version hash) would no longer be the file's bytes that `sha256sum` sees.
                guard !data.starts(with: [0xEF, 0xBB, 0xBF]) else {
                    throw BylawsError.unreadable(
                        path: prefix + name,
                        reason: "the file starts with a UTF-8 byte order mark (BOM); "
                            + "save it as UTF-8 without a BOM so its hash is the hash of its bytes")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw BylawsError.unreadable(path: prefix + name, reason: "not UTF-8 text (bylaws files are text)")
                }
                files[prefix + name] = text
            }
        }
    }

    /// The version hash: SHA-256 of the canonical JSON object mapping each path to the lowercase
    /// hex SHA-256 of its UTF-8 bytes (docs/FORMAT.md §8).
    public var digest: SHA256Digest {
        get throws {
            SHA256.hash(try CanonicalJSON.encode(.object(files.mapValues { .string(SHA256.hash(Array($0.utf8)).hex) })))
        }
    }
}
