#if canImport(Glibc)
    import CoopLedger
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file of an export bundle, open for reading: always a regular file, read with a bound.
///
/// Opened with `O_NONBLOCK` so a FIFO in a file's place cannot block the open, then checked
/// with `fstat` on the descriptor itself (no check-then-open race), so a FIFO, a device such as
/// `/dev/zero` behind a symbolic link, or a folder is refused before a byte is read.
final class BundleFile {
    private var fd: Int32
    let path: String
    /// The size `fstat` gave at opening.
    let size: Int64

    private init(fd: Int32, path: String, size: Int64) {
        self.fd = fd
        self.path = path
        self.size = size
    }

    /// Opens `path` (shown as `name` inside the bundle at `bundle`), or nil when it does not exist.
    static func openIfPresent(_ path: String, named name: String, in bundle: String) throws -> BundleFile? {
        let fd = sysOpen(path)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw LedgerError.bundleInvalid(path: bundle, reason: "cannot open \(name): \(describe(code))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            _ = sysClose(fd)
            throw LedgerError.bundleInvalid(path: bundle, reason: "cannot read \(name): \(describe(code))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            _ = sysClose(fd)
            throw LedgerError.bundleInvalid(path: bundle, reason: "\(name) is not a regular file (a folder, device or pipe?)")
        }
        return BundleFile(fd: fd, path: path, size: Int64(info.st_size))
    }

    /// Opens `path`, which must exist.
    static func open(_ path: String, named name: String, in bundle: String) throws -> BundleFile {
        guard let file = try openIfPresent(path, named: name, in: bundle) else {
            throw LedgerError.bundleInvalid(path: bundle, reason: "\(name) is missing")
        }
        return file
    }

    /// The whole file `name` (a path inside the bundle) if it exists, refused when it holds more
    /// than `limit` bytes; its size is checked before anything is read.
    static func readIfPresent(_ name: String, in bundle: String, limit: Int) throws -> [UInt8]? {
        guard let file = try openIfPresent(bundle + "/" + name, named: name, in: bundle) else { return nil }
        defer { file.close() }
        let tooLarge = LedgerError.bundleInvalid(
            path: bundle, reason: "\(name) is larger than \(limit) bytes; a coop export never writes one that large (altered bundle?)")
        guard file.size <= Int64(limit) else { throw tooLarge }
        // One byte more than the limit, in case the file grew after fstat.
        let bytes = try file.read(upTo: limit + 1)
        guard bytes.count <= limit else { throw tooLarge }
        return bytes
    }

    /// The whole file `name`, which must exist; see `readIfPresent`.
    static func read(_ name: String, in bundle: String, limit: Int) throws -> [UInt8] {
        guard let bytes = try readIfPresent(name, in: bundle, limit: limit) else {
            throw LedgerError.bundleInvalid(path: bundle, reason: "\(name) is missing")
        }
        return bytes
    }

    /// `bytes` as text; invalid UTF-8 is refused, never replaced.
    static func text(_ bytes: [UInt8], named name: String, in bundle: String) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LedgerError.bundleInvalid(path: bundle, reason: "\(name) is not UTF-8 text")
        }
        return text
    }

    /// Up to `count` bytes, fewer only at the end of the file (empty there). Memory grows with
    /// what is read, not with `count` (a limit of 512 MiB must not cost 512 MiB up front).
    func read(upTo count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(Int64(count), max(0, size))))
        // Reads of 4 KiB to 64 KiB, no larger than the size fstat saw needs (a byte more sees the
        // end): a 300-byte checkpoint must not zero 64 KiB, as every read once did.
        let chunkSize = Int(min(Int64(count), 1 << 16, max(1 << 12, size + 1)))
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while bytes.count < count {
            let want = min(chunk.count, count - bytes.count)
            let n = chunk.withUnsafeMutableBytes { sysRead(fd, $0.baseAddress, want) }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw LedgerError.bundleInvalid(path: path, reason: "cannot read it: \(Self.describe(code))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return bytes
    }

    /// Closes the descriptor (once; `deinit` closes it if no one did).
    func close() {
        guard fd >= 0 else { return }
        _ = sysClose(fd)
        fd = -1
    }

    deinit { close() }

    private static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

// The C calls under names that cannot clash with this type's own `open`, `read` and `close`.
private func sysOpen(_ path: String) -> Int32 { open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) }
private func sysRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
private func sysClose(_ fd: Int32) -> Int32 { close(fd) }
