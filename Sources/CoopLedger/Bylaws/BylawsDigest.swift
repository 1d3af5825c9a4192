import CoopCanonicalJSON
import CoopCrypto
import Foundation

/// The version hash of a bylaws folder, which the genesis entry pins.
///
/// Every regular file below the folder counts (names starting with "." are skipped). The hash is
/// SHA-256 of the canonical JSON object mapping each relative path ("/"-separated) to the
/// lowercase hex SHA-256 of its bytes, so any change to any file changes the version.
public enum BylawsDigest {
    public static func manifest(ofFolder path: String) throws -> [String: SHA256Digest] {
        let root = URL(fileURLWithPath: path, isDirectory: true)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw LedgerError.storage("the bylaws folder \(path) does not exist")
        }
        var files: [String: SHA256Digest] = [:]
        try walk(root, prefix: "", into: &files)
        guard !files.isEmpty else { throw LedgerError.storage("the bylaws folder \(path) holds no files") }
        return files
    }

    private static func walk(_ dir: URL, prefix: String, into files: inout [String: SHA256Digest]) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
                throw LedgerError.storage("bylaws file name \"\(prefix + name)\" must be printable ASCII without spaces")
            }
            let url = dir.appendingPathComponent(name)
            let values = try url.resourceValues(forKeys: [.isDirectoryKey, .isRegularFileKey])
            if values.isDirectory == true {
                try walk(url, prefix: prefix + name + "/", into: &files)
            } else if values.isRegularFile == true {
                files[prefix + name] = SHA256.hash(Array(try Data(contentsOf: url)))
            }
        }
    }

    /// The version hash of the folder at `path`.
    public static func digest(ofFolder path: String) throws -> SHA256Digest {
        try digest(of: try manifest(ofFolder: path))
    }

    /// The version hash of a manifest (path → file hash).
    public static func digest(of manifest: [String: SHA256Digest]) throws -> SHA256Digest {
        SHA256.hash(try CanonicalJSON.encode(.object(manifest.mapValues { .string($0.hex) })))
    }
}
