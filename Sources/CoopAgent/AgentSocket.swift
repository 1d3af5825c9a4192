#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unix-domain stream sockets for the agent: listen, connect, the peer's uid, and whole frames
/// read and written with timeouts. Every failing call becomes an `AgentError`.
enum AgentSocket {
    /// The most bytes of a socket path (`sun_path` less its terminating NUL).
    static var maximumPathBytes: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1 }

    static func reason(_ code: Int32 = errno) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    static func failure(_ call: String, _ code: Int32 = errno) -> AgentError { .system(call: call, reason: reason(code)) }

    /// A new stream socket, close-on-exec.
    static func makeSocket() throws(AgentError) -> Int32 {
        #if os(Linux)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #endif
        guard fd >= 0 else { throw failure("socket") }
        #if canImport(Darwin)
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return fd
    }

    /// Calls `body` with the address of `path`.
    static func withAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) throws(AgentError) -> R {
        let bytes = Array(path.utf8)
        guard bytes.count <= maximumPathBytes, !bytes.isEmpty else {
            throw .socketPathTooLong(path: path, limit: maximumPathBytes)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// A listening socket bound at `path`, created with mode 0600 (the umask is narrowed around
    /// `bind`, and the mode set again after).
    static func listen(at path: String) throws(AgentError) -> Int32 {
        let fd = try makeSocket()
        let old = umask(0o177)
        let bound = try withAddress(path) { bind(fd, $0, $1) }
        let code = errno
        umask(old)
        guard bound == 0 else {
            close(fd)
            throw failure("bind \(path)", code)
        }
        guard chmod(path, 0o600) == 0, systemListen(fd, 16) == 0 else {
            let code = errno
            close(fd)
            unlink(path)
            throw failure("listen \(path)", code)
        }
        return fd
    }

    /// A connection to `path`, with send and receive timeouts of `timeoutSeconds`.
    static func connect(to path: String, timeoutSeconds: Int) throws(AgentError) -> Int32 {
        let fd = try makeSocket()
        let rc = try withAddress(path) { systemConnect(fd, $0, $1) }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw .unreachable(path: path, reason: reason(code))
        }
        setTimeouts(fd, seconds: timeoutSeconds)
        return fd
    }

    static func setTimeouts(_ fd: Int32, seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, size)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, size)
    }

    /// The effective uid of the process at the other end of `fd` (SO_PEERCRED on Linux,
    /// getpeereid elsewhere); nil when the system will not say.
    static func peerUID(_ fd: Int32) -> UInt32? {
        #if os(Linux)
            // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
            var size = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0,
                size == socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
            else { return nil }
            return credentials.1
        #else
            var uid = uid_t(0)
            var gid = gid_t(0)
            guard getpeereid(fd, &uid, &gid) == 0 else { return nil }
            return UInt32(uid)
        #endif
    }

    /// Writes one frame: the length prefix and `payload`.
    static func writeFrame(_ fd: Int32, _ payload: [UInt8]) throws(AgentError) {
        try writeAll(fd, AgentWire.lengthPrefix(payload.count))
        try writeAll(fd, payload)
    }

    /// Reads one frame's payload, refusing one longer than `AgentWire.maximumFrameBytes`.
    static func readFrame(_ fd: Int32) throws(AgentError) -> [UInt8] {
        let prefix = try readExactly(fd, 4)
        let length: Int
        do {
            length = try AgentWire.payloadLength(prefix)
        } catch {
            if error.code == .tooLarge { throw .messageTooLarge(size: prefix.reduce(0) { $0 << 8 | Int($1) }, limit: AgentWire.maximumFrameBytes) }
            throw .malformedMessage(error.message)
        }
        return try readExactly(fd, length)
    }

    private static func readExactly(_ fd: Int32, _ count: Int) throws(AgentError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                recv(fd, raw.baseAddress.map { $0 + filled }, count - filled, 0)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("recv")
            }
            if n == 0 { throw .malformedMessage("the connection closed after \(filled) of \(count) bytes") }
            filled += n
        }
        return buffer
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(AgentError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in send(fd, raw.baseAddress.map { $0 + done }, bytes.count - done, sendFlags) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("send")
            }
            done += n
        }
    }

    #if os(Linux)
        private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
        private static let sendFlags: Int32 = 0
    #endif
}

#if canImport(Glibc)
    private let systemListen = Glibc.listen
    private let systemConnect = Glibc.connect
#elseif canImport(Darwin)
    private let systemListen = Darwin.listen
    private let systemConnect = Darwin.connect
#endif
