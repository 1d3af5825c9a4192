import Foundation

/// How FuzzBundle cuts one input into the files of an export bundle. The fuzz package and the
/// corpus tests build this one file (Fuzz/Sources/FuzzBundle/BundleFraming.swift is a link to
/// Tests/CoopReliabilityTests/BundleFraming.swift): the fuzz package cannot import a test target.
///
/// The input is a sequence of parts; each starts with the marker `\0@`, then the part's name
/// and a newline, then the file's bytes up to the next marker (bytes before the first marker
/// are ignored). Names are paths inside the bundle, from a fixed shape so nothing is written
/// outside the scratch folder: `bundle.json`, `entries.log`, `keys.txt`, `checkpoints/NAME`,
/// `snapshots/NAME` (NAME: 1 to 64 of `A-Z a-z 0-9 . _ -`, not `.` or `..`), or any of these
/// with a final `/` for a folder in that place. The part named `kept` is not written: it is the
/// checkpoint the auditor kept (`coop verify --since`). Other names are ignored.
enum BundleFraming {
    static let marker: [UInt8] = [0x00, 0x40]
    static let keptName = "kept"

    /// Frames files (name, bytes) in the given order.
    static func frame(_ files: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        files.flatMap { marker + Array($0.name.utf8) + [0x0a] + $0.bytes }
    }

    /// The parts of `input`, in order. Markers are found with `memchr` (the fuzzer cuts every
    /// input, up to 64 KiB, this way: a Swift loop over the bytes was a twelfth of its time).
    static func split(_ input: [UInt8]) -> [(name: String, bytes: [UInt8])] {
        var starts: [Int] = []
        input.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            var i = 0
            while i + 1 < bytes.count, let found = memchr(base + i, Int32(marker[0]), bytes.count - 1 - i) {
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if bytes[i + 1] == marker[1] {
                    starts.append(i)
                    i += 2
                } else {
                    i += 1
                }
            }
        }
        return starts.enumerated().compactMap { n, start in
            let body = input[(start + 2)..<(n + 1 < starts.count ? starts[n + 1] : input.count)]
            guard let newline = body.firstIndex(of: 0x0a) else { return nil }
            return (String(decoding: body[..<newline], as: UTF8.self), Array(body[(newline + 1)...]))
        }
    }

    /// True when `name` has the shape described above (a final `/` already removed).
    static func allowed(_ name: String) -> Bool {
        if ["bundle.json", "entries.log", "keys.txt", "checkpoints", "snapshots"].contains(name) { return true }
        let pieces = name.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces[0] == "checkpoints" || pieces[0] == "snapshots" else { return false }
        let leaf = pieces[1]
        return (1...64).contains(leaf.utf8.count) && leaf != "." && leaf != ".."
            && leaf.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a)
                    || $0 == 0x2e || $0 == 0x5f || $0 == 0x2d
            }
    }

    /// Empties `dir` and writes the parts of `input` into it; returns the kept checkpoint, if any.
    /// A part that cannot be written (its folder is a file) is skipped, as the shape allows it.
    ///
    /// Plain system calls, not FileManager: the fuzzer refills the folder for every input, and
    /// FileManager's removal, folder creation and `Data.write` (with their `stat`s and URLs) were
    /// a fifth of its time.
    static func write(_ input: [UInt8], to dir: String) -> String? {
        if !empty(dir) { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var kept: String?
        for (name, bytes) in split(input) {
            if name == keptName {
                kept = String(decoding: bytes, as: UTF8.self)
                continue
            }
            let isFolder = name.hasSuffix("/")
            let path = isFolder ? String(name.dropLast()) : name
            guard allowed(path) else { continue }
            if isFolder {
                mkdir(dir + "/" + path, 0o755)
                continue
            }
            if let slash = path.firstIndex(of: "/") { mkdir(dir + "/" + path[..<slash], 0o755) }
            // Created or truncated in place (no temporary file renamed over it).
            let file = open(dir + "/" + path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard file >= 0 else { continue }
            _ = bytes.withUnsafeBytes { Foundation.write(file, $0.baseAddress, $0.count) }
            close(file)
        }
        return kept
    }

    /// Removes everything inside the folder `dir`; false when it cannot be opened as a folder.
    private static func empty(_ dir: String) -> Bool {
        guard let folder = opendir(dir) else { return false }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        closedir(folder)
        for name in names {
            let path = dir + "/" + name
            // unlink refuses a folder (EISDIR on Linux, EPERM on macOS): empty it and remove it.
            if unlink(path) != 0, empty(path) { rmdir(path) }
        }
        return true
    }
}
