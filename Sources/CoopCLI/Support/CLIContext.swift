import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a command reads from and writes to outside its arguments: output streams, the
/// environment, the clock. Tests run commands in-process with their own context.
public struct CLIContext: Sendable {
    public var environment: [String: String]
    public var clock: any LedgerClock
    public var output: TextSink
    public var errors: TextSink
    /// True when standard error is a terminal (progress bars only then).
    public var interactive: Bool
    /// True when standard input is a terminal: a person is there to answer a confirmation.
    public var inputIsTerminal: Bool
    /// True when standard output is a terminal: long reports go through a pager (`Pager`).
    public var outputIsTerminal: Bool
    /// Reads one line of the person's answer (nil at end of input).
    public var readAnswer: @Sendable () -> String?
    /// The Argon2id cost new key files are sealed with: libsodium's interactive limits, always,
    /// for the real process. In-process tests inject a cheaper one (a key file records its
    /// limits, so reading stays correct); no environment variable or flag lowers it.
    public var newKeyLimits: KeyFile.KDFLimits

    public init(
        environment: [String: String], clock: any LedgerClock, output: TextSink, errors: TextSink, interactive: Bool,
        inputIsTerminal: Bool = false, outputIsTerminal: Bool = false, readAnswer: @escaping @Sendable () -> String? = { readLine() },
        newKeyLimits: KeyFile.KDFLimits = .interactive
    ) {
        self.outputIsTerminal = outputIsTerminal
        self.environment = environment
        self.clock = clock
        self.output = output
        self.errors = errors
        self.interactive = interactive
        self.inputIsTerminal = inputIsTerminal
        self.readAnswer = readAnswer
        self.newKeyLimits = newKeyLimits
    }

    /// The real process: stdout, stderr, the process environment and the system clock, or the
    /// instant in `COOP_TIME` (`YYYY-MM-DDTHH:MM:SSZ`) when set. The clock is both what an author
    /// claims and, when this process appends, the ledger time: `COOP_TIME` is the operator's word
    /// (demos and tests that span a year), never a way to backdate a record: past paper records
    /// carry `--effective DATE`, and a clock behind the ledger's last time is refused.
    public static let process = CLIContext(
        environment: ProcessInfo.processInfo.environment,
        clock: ProcessInfo.processInfo.environment["COOP_TIME"].flatMap(Timestamp.init).map { FixedClock($0) as any LedgerClock } ?? SystemClock(),
        output: .standardOutput, errors: .standardError, interactive: isatty(2) == 1, inputIsTerminal: isatty(0) == 1,
        outputIsTerminal: isatty(1) == 1)

    @TaskLocal public static var current: CLIContext = .process
}

/// Where text goes: a file descriptor, or a buffer (tests).
public final class TextSink: Sendable {
    private let fd: Int32?
    /// What a buffer has captured; for a descriptor, held only to write whole lines in turn.
    private let captured = Mutex("")

    private init(fd: Int32?) { self.fd = fd }

    public static let standardOutput = TextSink(fd: 1)
    public static let standardError = TextSink(fd: 2)

    /// A sink that keeps what is written, for tests.
    public static func buffer() -> TextSink { TextSink(fd: nil) }

    public func write(_ text: String) {
        captured.withLock { captured in
            guard let fd else { return captured += text }
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { systemWrite(fd, $0.baseAddress?.advanced(by: offset), $0.count - offset) }
                if n <= 0 { break }
                offset += n
            }
        }
    }

    /// What a buffer sink has captured.
    public var text: String { captured.withLock { $0 } }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif

/// Prints a line to the command's output.
func say(_ line: String = "") { CLIContext.current.output.write(line + "\n") }

/// Prints a line to the command's error stream.
func warn(_ line: String) { CLIContext.current.errors.write(line + "\n") }

/// Asks `question` on the error stream and reads the answer: true only for `y` or `yes`. Only
/// called when a person is at the terminal (`inputIsTerminal`); scripts pass `--yes` instead.
func confirm(_ question: String) -> Bool {
    CLIContext.current.errors.write(question + " [y/N] ")
    let answer = CLIContext.current.readAnswer()?.trimmingCharacters(in: .whitespaces).lowercased()
    return answer == "y" || answer == "yes"
}

/// Exits with a clear message when `COOP_TIME` is set but is not a time coop accepts (rather
/// than silently signing with the wall clock).
public func refuseMalformedTimeOverride() {
    guard let text = ProcessInfo.processInfo.environment["COOP_TIME"], Timestamp(text) == nil else { return }
    FileHandle.standardError.write(Data("coop: COOP_TIME must be \(Timestamp.textFormHint), not \"\(text)\"\n".utf8))
    exit(2)
}

/// Exits with a clear message when an argument is not valid UTF-8. Swift would silently turn
/// the bad bytes into U+FFFD, and the ledger would then sign text the member never typed.
public func refuseInvalidUTF8Arguments() {
    for i in 1..<Int(CommandLine.argc) {
        guard let pointer = CommandLine.unsafeArgv[i] else { continue }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: break decoding
            case .error:
                let message =
                    "coop: argument \(i) is not valid UTF-8 text; coop signs text exactly as given and will not "
                    + "guess what was meant: pass it in UTF-8 (check the terminal's or file's encoding)\n"
                FileHandle.standardError.write(Data(message.utf8))
                exit(64)
            }
        }
    }
}
