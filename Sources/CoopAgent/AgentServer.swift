#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `coop agent`'s server: holds keys, answers one request per connection from the same user
/// only, and stops on `stop`, SIGTERM/SIGINT, or an idle timeout, removing its socket.
/// Single-threaded: requests are answered one at a time, each connection bounded by a timeout.
public final class AgentServer {
    /// Why `serve` returned.
    public enum Ending: Equatable, Sendable {
        case idle, signal, stopRequest
    }

    public let socketPath: String
    /// Exit after this long without a request; nil: never.
    public let idleTimeout: Duration?
    private let listener: Int32
    private let socketInode: (dev: UInt64, ino: UInt64)
    private var keyring = AgentKeyring()
    /// Seconds a connection may take to send its request or read the answer.
    static let connectionTimeoutSeconds = 5

    private init(socketPath: String, idleTimeout: Duration?, listener: Int32, socketInode: (dev: UInt64, ino: UInt64)) {
        self.socketPath = socketPath
        self.idleTimeout = idleTimeout
        self.listener = listener
        self.socketInode = socketInode
    }

    /// Checks the folder (`AgentPaths.prepareFolder`), clears a stale socket, and listens at
    /// `socketPath` with mode 0600. Core dumps are turned off for this process.
    public static func listen(at socketPath: String, idleTimeout: Duration?) throws(AgentError) -> AgentServer {
        try AgentPaths.prepareFolder(for: socketPath)
        try AgentPaths.clearStaleSocket(socketPath)
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        #else
            _ = setrlimit(RLIMIT_CORE, &noCore)
        #endif
        let fd = try AgentSocket.listen(at: socketPath)
        var info = stat()
        guard lstat(socketPath, &info) == 0 else {
            close(fd)
            throw AgentSocket.failure("stat \(socketPath)")
        }
        return AgentServer(
            socketPath: socketPath, idleTimeout: idleTimeout, listener: fd,
            socketInode: (UInt64(info.st_dev), UInt64(info.st_ino)))
    }

    /// Answers requests until stopped; `log` gets one line per notable event (never a secret).
    public func serve(log: (String) -> Void) throws(AgentError) -> Ending {
        let signals = try AgentSignals()
        let clock = ContinuousClock()
        var lastRequest = clock.now
        var warnedUnlocked = false
        while true {
            var wait: Int32 = -1
            if let idleTimeout {
                let left = idleTimeout - (clock.now - lastRequest)
                if left <= .zero { return .idle }
                let (seconds, attoseconds) = left.components
                wait = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 {
                if errno == EINTR { continue }
                throw AgentSocket.failure("poll")
            }
            if fds[1].revents != 0 { return .signal }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            let stop = answer(on: connection, log: log)
            close(connection)
            lastRequest = clock.now
            if !keyring.allLocked, !warnedUnlocked {
                warnedUnlocked = true
                log("the kernel refused to lock a key's memory (mlock: RLIMIT_MEMLOCK); it may be swapped out")
            }
            if stop { return .stopRequest }
        }
    }

    /// Reads one request and writes its answer; true for `stop`.
    private func answer(on fd: Int32, log: (String) -> Void) -> Bool {
        AgentSocket.setTimeouts(fd, seconds: Self.connectionTimeoutSeconds)
        guard let uid = AgentSocket.peerUID(fd), uid == UInt32(geteuid()) else {
            log("refused a connection from another user")
            try? AgentSocket.writeFrame(fd, AgentWire.encode(.failure(AgentFailure(.forbidden, "this agent serves its own user only"))))
            return false
        }
        var payload: [UInt8]
        do {
            payload = try AgentSocket.readFrame(fd)
        } catch {
            let failure: AgentFailure
            if case .messageTooLarge = error {
                failure = AgentFailure(.tooLarge, "\(error)")
            } else {
                failure = AgentFailure(.malformed, "\(error)")
            }
            try? AgentSocket.writeFrame(fd, AgentWire.encode(.failure(failure)))
            return false
        }
        // The payload of an `add` holds a seed: zero it whatever happens.
        defer { payload.withUnsafeMutableBytes { raw in _ = raw.initializeMemory(as: UInt8.self, repeating: 0) } }
        let response: AgentResponse
        var stop = false
        do {
            let request = try AgentWire.decodeRequest(payload)
            if case .stop = request { stop = true }
            response = keyring.answer(request)
        } catch {
            response = .failure(error)
        }
        try? AgentSocket.writeFrame(fd, AgentWire.encode(response))
        return stop
    }

    deinit {
        _ = keyring.answer(.removeAll)
        close(listener)
        // Remove the socket only if it is still ours (not one a later agent put there).
        var info = stat()
        if lstat(socketPath, &info) == 0, UInt64(info.st_dev) == socketInode.dev, UInt64(info.st_ino) == socketInode.ino {
            unlink(socketPath)
        }
    }
}
