import CSodium
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one line from a terminal with echo off (the core of `Passphrase.fromTerminal`).
/// One prompt at a time per process: the signal flag below is shared.
enum TerminalPrompt {
    /// Signals that would otherwise end the process with the terminal left silent.
    private static let restoredSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Opens `terminalPath` and reads a passphrase from it.
    static func read(prompt: String, terminalPath: String) throws -> SecretBytes {
        let fd = POSIXIO.openFile(terminalPath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw CryptoError.noTerminal }
        defer { close(fd) }
        return try read(prompt: prompt, terminal: fd)
    }

    /// Reads a passphrase from the terminal `fd`. `afterPrompt` runs once echo is off and the
    /// prompt is written (tests type into a pseudo-terminal there).
    static func read(prompt: String, terminal fd: Int32, afterPrompt: () -> Void = {}) throws -> SecretBytes {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { throw CryptoError.noTerminal }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        quiet.c_lflag |= tcflag_t(ICANON)  // line editing, and a read ends at Return

        caughtSignal.store(0, ordering: .relaxed)
        let previous = installHandlers()
        var cancelledBy: Int32 = 0
        defer {
            // Process-directed (not raise): the calling thread may block signals, as pool threads do.
            if cancelledBy != 0 { _ = kill(getpid(), cancelledBy) }  // after the terminal is restored
        }
        defer { restoreHandlers(previous) }

        // TCSAFLUSH drops anything typed before the prompt appeared, like readpassphrase(3).
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { throw CryptoError.noTerminal }
        defer {
            // Nothing can be thrown from here; a terminal that refuses its own saved settings
            // is gone (hung up), and the passphrase has been read or the error is on its way.
            _ = tcsetattr(fd, TCSAFLUSH, &saved)
            writeText("\n", to: fd)  // Return was not echoed
        }
        writeText(prompt, to: fd)
        afterPrompt()

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Passphrase.maximumBytes + 1, alignment: 1)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        defer {
            sodium_memzero(buffer.baseAddress, buffer.count)
            buffer.deallocate()
        }
        let count: Int
        switch try readLine(fd, into: buffer) {
        case let .bytes(n):
            count = n
        case let .signal(number):
            cancelledBy = number
            throw CryptoError.passphraseCancelled
        }
        guard count <= Passphrase.maximumBytes else {
            throw CryptoError.ioError(path: "terminal", reason: "the passphrase is longer than \(Passphrase.maximumBytes) bytes")
        }
        let length = Passphrase.strippingOneLineEnd(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        return SecretBytes(count: length) { out in
            out.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
        }
    }

    private enum LineResult {
        case bytes(Int)
        case signal(Int32)
    }

    /// Reads up to and including a newline (or end of input) into `buffer`, unless one of
    /// `restoredSignals` arrives first. Polls in short steps so that a signal handled on
    /// another thread is still noticed.
    private static func readLine(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> LineResult {
        guard let base = buffer.baseAddress else { return .bytes(0) }
        var filled = 0
        while filled < buffer.count {
            let signal = caughtSignal.load(ordering: .relaxed)
            if signal != 0 { return .signal(signal) }
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, 100)
            if polled < 0 {
                if errno == EINTR { continue }
                throw POSIXIO.error("terminal")
            }
            if polled == 0 { continue }
            let n = POSIXIO.readOnce(fd, base + filled, buffer.count - filled)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw POSIXIO.error("terminal")
            }
            if n == 0 { break }  // end of input (Ctrl-D on an empty line, or hang-up)
            filled += n
            if buffer[filled - 1] == 0x0A { break }
        }
        return .bytes(filled)
    }

    private static func writeText(_ text: String, to fd: Int32) {
        // Best effort: a prompt that cannot be shown does not stop the passphrase being read.
        _ = try? Array(text.utf8).withUnsafeBytes { try POSIXIO.writeAll(fd, $0, path: "terminal") }
    }

    /// Installs `recordSignal` for `restoredSignals` and returns the previous actions.
    /// sigaction cannot fail for these valid signal numbers; were it to, the prompt would
    /// still work, only without restoring the terminal on that signal.
    private static func installHandlers() -> [sigaction] {
        restoredSignals.map { signal in
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = recordSignal
            #else
                action.__sigaction_u.__sa_handler = recordSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: let blocking calls see EINTR
            var old = sigaction()
            _ = sigaction(signal, &action, &old)
            return old
        }
    }

    private static func restoreHandlers(_ previous: [sigaction]) {
        for (signal, old) in zip(restoredSignals, previous) {
            var old = old
            _ = sigaction(signal, &old, nil)
        }
    }
}

/// The last signal caught while a prompt was up (0: none). A global so the C signal handler
/// can reach it; it is touched before any handler is installed, so the handler only ever
/// performs a lock-free atomic store.
private let caughtSignal = Atomic<Int32>(0)

private func recordSignal(_ signal: Int32) {
    caughtSignal.store(signal, ordering: .relaxed)
}
