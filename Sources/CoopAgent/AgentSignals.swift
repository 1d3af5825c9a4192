import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The write end of the agent's self-pipe: SIGTERM and SIGINT write one byte to it (`write` is
/// async-signal-safe), and the serving loop, polling the read end, stops cleanly.
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// SIGTERM and SIGINT turned into a readable descriptor for `poll`.
struct AgentSignals: ~Copyable {
    let readEnd: Int32
    private let writeEnd: Int32

    init() throws(AgentError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw AgentSocket.failure("pipe") }
        readEnd = fds[0]
        writeEnd = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        signalPipeWriteEnd.store(writeEnd, ordering: .sequentiallyConsistent)
        let handler: @convention(c) (Int32) -> Void = { _ in
            var byte: UInt8 = 1
            let fd = signalPipeWriteEnd.load(ordering: .sequentiallyConsistent)
            if fd >= 0 { _ = write(fd, &byte, 1) }
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        // A parent that blocked them (a test runner, some service managers) passes the mask on
        // through exec: unblock them, or SIGTERM would stay pending forever.
        var stopping = sigset_t()
        sigemptyset(&stopping)
        sigaddset(&stopping, SIGTERM)
        sigaddset(&stopping, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &stopping, nil)
        // A client that hangs up mid-answer must not kill the agent.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
        signalPipeWriteEnd.store(-1, ordering: .sequentiallyConsistent)
        close(readEnd)
        close(writeEnd)
    }
}
