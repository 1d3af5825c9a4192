#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small POSIX file helpers for key and passphrase files. Every failing call becomes a
/// `CryptoError.ioError` naming the path; no file content ever goes into a message.
enum POSIXIO {
    static let fileTypeMask: mode_t = 0o170000
    static let regularFileType: mode_t = 0o100000
    static let fifoType: mode_t = 0o010000

    /// `open(2)`.
    static func openFile(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        open(path, flags, mode)
    }

    /// One `read(2)` call.
    static func readOnce(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        read(fd, buffer, count)
    }

    /// The system's text for `code` (strerror), for error messages.
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EEXIST: return "already exists"
        default:
            guard let text = strerror(code) else { return "error \(code)" }
            return String(cString: text)
        }
    }

    static func error(_ path: String, _ code: Int32 = errno) -> CryptoError {
        .ioError(path: path, reason: reason(code))
    }

    /// Opens `path` read-only and checks it is a regular file or a pipe. Returns the descriptor and its
    /// `stat`, so callers judge the very file they read (no check-then-open race).
    static func openForReading(_ path: String) throws -> (fd: Int32, info: stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw error(path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw error(path, code)
        }
        // FIFOs are allowed too, for `--passphrase-file <(...)`.
        let type = info.st_mode & fileTypeMask
        guard type == regularFileType || type == fifoType else {
            close(fd)
            throw CryptoError.ioError(path: path, reason: "not a regular file")
        }
        return (fd, info)
    }

    /// Reads from `fd` until end of file or until `buffer` is full; returns the bytes read.
    static func readAll(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let n = read(fd, base + filled, buffer.count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw error(path)
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Writes all of `bytes` to `fd`, resuming after partial writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw error(path)
            }
            done += n
        }
    }

    /// `mode` as four octal digits, e.g. `0644`.
    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
