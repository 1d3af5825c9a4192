import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A report a person may read page by page: on a terminal its output goes through a pager
/// (git's convention) when it is longer than the screen.
protocol PagedReport {}

extension LogCommand: PagedReport {}
extension ShowCommand: PagedReport {}
extension StatusCommand: PagedReport {}
extension MeCommand: PagedReport {}
extension MemberCommand.List: PagedReport {}
extension MemberCommand.Show: PagedReport {}
extension MotionCommand.List: PagedReport {}
extension MotionCommand.Show: PagedReport {}
extension MotionCommand.Tally: PagedReport {}
extension DuesCommand.Status: PagedReport {}
extension DuesCommand.Statement: PagedReport {}
extension EquityCommand.Show: PagedReport {}
extension EquityCommand.Register: PagedReport {}
extension BylawsCommand.Show: PagedReport {}
extension PatronageStatusCommand: PagedReport {}
extension PatronagePreviewCommand: PagedReport {}

/// Shows long output through a pager: only when standard output is a terminal and the text is
/// longer than the screen, with `$COOP_PAGER`, else `$PAGER`, else `less -FRX` (quit when it
/// fits, keep the text on screen after). Either set to an empty value or `cat` turns paging off.
/// coop prints no colour, so a pager never receives escape codes from it.
public struct Pager: Sendable, Equatable {
    /// The shell command that pages (run with `/bin/sh -c`).
    public let command: String

    /// The pager to use, or nil when output is not a terminal or paging is turned off.
    public static func configured(environment: [String: String], outputIsTerminal: Bool) -> Pager? {
        guard outputIsTerminal else { return nil }
        let chosen = environment["COOP_PAGER"] ?? environment["PAGER"] ?? "less -FRX"
        let trimmed = chosen.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != "cat" else { return nil }
        return Pager(command: trimmed)
    }

    /// True when `text` has more lines than a screen of `rows` holds.
    public static func needed(for text: String, rows: Int) -> Bool {
        var lines = 0
        for byte in text.utf8 where byte == 0x0A {
            lines += 1
            if lines >= rows { return true }
        }
        return false
    }

    /// Writes `text` to the pager's standard input and waits for the person to quit it. False
    /// when the pager could not be started (the caller prints the text instead).
    public func show(_ text: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        process.environment = environment
        let pipe = Pipe()
        process.standardInput = pipe
        do { try process.run() } catch { return false }
        // A pager quit before the end closes the pipe: ignore SIGPIPE and stop writing then.
        signal(SIGPIPE, SIG_IGN)
        try? pipe.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationReason == .exit && process.terminationStatus != 127
    }

    /// The terminal's height in rows (24 when it cannot be read).
    static var terminalRows: Int {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return 24 }
        return Int(size.ws_row)
    }
}

extension CoopCommand {
    /// Runs `command` (parsed) as the `coop` process does: a report on a terminal has its output
    /// held and, when it is longer than the screen, shown through the pager.
    public static func runPaged(_ command: inout any ParsableCommand) throws {
        let context = CLIContext.current
        guard command is any PagedReport,
            let pager = Pager.configured(environment: context.environment, outputIsTerminal: context.outputIsTerminal)
        else { return try command.run() }
        let held = TextSink.buffer()
        var paged = context
        paged.output = held
        defer {
            let text = held.text
            if !(Pager.needed(for: text, rows: Pager.terminalRows) && pager.show(text)) { context.output.write(text) }
        }
        try CLIContext.$current.withValue(paged) { try command.run() }
    }
}
