import CoopCLI
import Foundation
import Testing

/// Long reports on a terminal go through a pager, as git's do; nothing else does.
@Suite struct PagerTests {
    @Test func thePagerIsChosenOnlyForATerminalAndCanBeTurnedOff() {
        #expect(Pager.configured(environment: [:], outputIsTerminal: false) == nil)
        #expect(Pager.configured(environment: [:], outputIsTerminal: true)?.command == "less -FRX")
        #expect(Pager.configured(environment: ["PAGER": "more"], outputIsTerminal: true)?.command == "more")
        #expect(Pager.configured(environment: ["PAGER": "more", "COOP_PAGER": "most"], outputIsTerminal: true)?.command == "most")
        #expect(Pager.configured(environment: ["COOP_PAGER": ""], outputIsTerminal: true) == nil)
        #expect(Pager.configured(environment: ["PAGER": "cat"], outputIsTerminal: true) == nil)
        #expect(!Pager.needed(for: String(repeating: "line\n", count: 23), rows: 24))
        #expect(Pager.needed(for: String(repeating: "line\n", count: 24), rows: 24))
    }

    @Test func aLongReportOnATerminalIsPagedAndAShortOneIsPrinted() throws {
        let cli = try MembershipBooksCommandTests().founded()
        for n in 1...30 { try cli.ok(["note", "Minutes \(n).", "--key", cli.path("ben.key")]) }
        let log = try cli.ok(["log"])
        let paged = cli.path("paged.txt")
        cli.environment["COOP_PAGER"] = "cat > '\(paged)'"
        cli.outputIsTerminal = true

        // 33 lines: longer than a screen (24 rows when the height cannot be read).
        let shown = cli.run(["log"])
        #expect(shown.error == nil && shown.output.isEmpty, "\(shown.output)")
        #expect(try String(contentsOfFile: paged, encoding: .utf8) == log + "\n")
        try FileManager.default.removeItem(atPath: paged)
        // A short report, and a command that writes, print as usual.
        #expect(try cli.ok(["member", "list"]).contains("Ben"))
        #expect(try cli.ok(["note", "One more.", "--key", cli.path("ben.key")]).isEmpty == false)
        #expect(!FileManager.default.fileExists(atPath: paged))
        // Not a terminal: never paged.
        cli.outputIsTerminal = false
        #expect(try cli.ok(["log"]).hasPrefix(log.prefix(40)))
        #expect(!FileManager.default.fileExists(atPath: paged))
    }
}
