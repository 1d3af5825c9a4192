import ArgumentParser
import CoopCLI
import CoopModel
import Foundation
import Testing

/// `coop export --format hledger` as a journal a bookkeeper merges into the main books: the
/// clearing account (flag or bylaws), declared payees, amounts in the declared format, --force,
/// periods; and `equity_register.csv` rows that sum without double counting.
@Suite("coop export: a journal for the main books")
struct ExportJournalCommandTests {
    /// `ExportBooksCommandTests().books()` (Ben pays 240.00 of dues and a 50.00 share, Ada her
    /// 500.00 share, all on 2026-02-05) and, on 2026-03-10, Ben pays 1,200.00 of dues ahead.
    func books() throws -> CLIHarness {
        let cli = try ExportBooksCommandTests().books()
        cli.now = Timestamp("2026-03-10T10:00:00Z")!
        try cli.ok(["dues", "pay", "m2", "1200.00", "--ref", "T-2", "--key", cli.path("ada.key")])
        cli.now = Timestamp("2026-03-15T10:00:00Z")!
        return cli
    }

    func message(_ r: CLIHarness.Result) -> String { r.error.map { CoopCommand.message(for: $0) } ?? "" }

    /// Runs the installed hledger; nil when it is not installed (CI installs it).
    func hledger(_ arguments: [String]) throws -> (status: Int32, output: String)? {
        guard
            let path = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ "\($0)/hledger" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            print("hledger is not installed: the journal was checked as text only")
            return nil
        }
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether the journal posts `amount` to `account` (whatever the alignment).
    func posting(_ journal: String, _ account: String, _ amount: String) -> Bool {
        journal.split(separator: "\n").contains { $0.hasPrefix("    \(account)  ") && $0.hasSuffix(" \(amount)") }
    }

    /// The payees the journal's transactions name, and those it declares.
    func payees(_ journal: String) -> (used: Set<String>, declared: Set<String>) {
        var used = Set<String>(), declared = Set<String>()
        for line in journal.split(separator: "\n") {
            if line.hasPrefix("payee ") { declared.insert(String(line.dropFirst(6))) }
            guard line.first?.isNumber == true else { continue }
            var rest = line.dropFirst(11)
            if rest.hasPrefix("(#"), let close = rest.firstIndex(of: ")") { rest = rest[rest.index(after: close)...].dropFirst() }
            used.insert(rest.components(separatedBy: " | ").first ?? "")
        }
        return (used, declared)
    }

    @Test func aClearingAccountTakesCashAndPayeesAreDeclared() throws {
        let cli = try books()
        let file = cli.path("books.journal")
        try cli.ok(["export", "--format", "hledger", "--out", file, "--clearing", "assets:coop clearing"])
        let journal = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!journal.contains("assets:cash") && !journal.contains("equity:net margin"))
        // Amounts exactly as `commodity $1,000.00` declares them.
        #expect(journal.contains("commodity $1,000.00\n"))
        #expect(journal.contains("    assets:coop clearing        $1,200.00\n"), "\(journal)")
        #expect(journal.contains("$-1,200.00") && !journal.contains("$1200.00"))
        let (used, declared) = payees(journal)
        #expect(!used.isEmpty && used.isSubset(of: declared), "undeclared: \(used.subtracting(declared))")
        #expect(declared.contains("m2 Ben, \"B\" Alvarez") && declared.contains("coop registers"))
        guard let check = try hledger(["-f", file, "check", "accounts", "commodities", "payees", "ordereddates"]) else { return }
        #expect(check.status == 0, "\(check.output)")
        // What coop received and the main books hold: 240.00 + 1,200.00 of dues, 50.00 + 500.00 of shares.
        let clearing = try #require(try hledger(["-f", file, "bal", "assets:coop clearing", "-N"]))
        #expect(clearing.output.contains("$1,990.00"), "\(clearing.output)")
    }

    @Test func theBylawsNameTheClearingAccountAndTheFlagWins() throws {
        let cli = CLIHarness()
        let bylaws = cli.path("bylaws")
        try FileManager.default.createDirectory(atPath: bylaws, withIntermediateDirectories: true)
        let shipped = ExportBooksCommandTests.bylawsFolder
        try FileManager.default.copyItem(atPath: shipped + "/bylaws.md", toPath: bylaws + "/bylaws.md")
        let rules = try String(contentsOfFile: shipped + "/rules.yaml", encoding: .utf8)
        try (rules + "\nbooks:\n  clearing_account: \"assets:main books:coop\"\n").write(toFile: bylaws + "/rules.yaml", atomically: true, encoding: .utf8)
        cli.now = Timestamp("2026-01-10T09:00:00Z")!
        try cli.ok(["key", "new", "--out", cli.path("ada.key"), "--name", "ada"])
        try cli.ok(["init", "--name", "Riverbend", "--bylaws", bylaws, "--founder-class", "therapist", "--key", cli.path("ada.key")])
        try cli.ok(["equity", "share", "m1", "500.00", "--key", cli.path("ada.key")])
        let fromBylaws = try cli.ok(["export", "--format", "hledger", "--out", "-"])
        #expect(posting(fromBylaws, "assets:main books:coop", "$500.00") && !fromBylaws.contains("assets:cash"), "\(fromBylaws)")
        let flagged = try cli.ok(["export", "--format", "hledger", "--out", "-", "--clearing", "equity:due to main books"])
        #expect(flagged.contains("equity:due to main books") && !flagged.contains("assets:main books:coop"))
        // A bylaws account hledger would misread is refused where the bylaws are checked.
        try (rules + "\nbooks:\n  clearing_account: \"assets:two  spaces\"\n").write(toFile: bylaws + "/rules.yaml", atomically: true, encoding: .utf8)
        let bad = cli.run(["bylaws", "check", bylaws])
        #expect(bad.exitCode != 0 && bad.output.contains("books.clearing_account"), "\(bad.output)")
    }

    @Test(arguments: [
        ("assets:cash", "coop's own account assets:cash"),
        ("equity:members:m9", "coop's own account equity:members"),
        ("assets:a  b", "two spaces"),
        ("assets::x", "every part between colons"),
    ])
    func aClearingAccountCoopOwnsOrHledgerMisreadsIsRefused(_ account: String, _ text: String) throws {
        let cli = try books()
        let r = cli.run(["export", "--format", "hledger", "--out", cli.path("x.journal"), "--clearing", account])
        #expect(r.exitCode != 0 && message(r).contains(text), "\(message(r))")
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.journal")))
    }

    @Test func anEarlierExportIsReplacedOnlyWithForce() throws {
        let cli = try books()
        let file = cli.path("books.journal")
        try cli.ok(["export", "--format", "hledger", "--out", file])
        let first = try String(contentsOfFile: file, encoding: .utf8)
        let again = cli.run(["export", "--format", "hledger", "--out", file, "--clearing", "assets:coop clearing"])
        #expect(again.exitCode != 0 && message(again).contains(file) && message(again).contains("--force"), "\(message(again))")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == first)
        try cli.ok(["export", "--format", "hledger", "--out", file, "--clearing", "assets:coop clearing", "--force"])
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("assets:coop clearing"))
        // CSV: a folder holding an earlier export is replaced with --force; one with other files never.
        try cli.ok(["export", "--format", "csv", "--out", cli.path("csv")])
        let csv = cli.run(["export", "--format", "csv", "--out", cli.path("csv")])
        #expect(csv.exitCode != 0 && message(csv).contains("--force"))
        try cli.ok(["export", "--format", "csv", "--out", cli.path("csv"), "--force"])
        try "notes".write(toFile: cli.path("csv/notes.txt"), atomically: true, encoding: .utf8)
        #expect(cli.run(["export", "--format", "csv", "--out", cli.path("csv"), "--force"]).exitCode != 0)
    }

    @Test func aPeriodOpensWithEarlierBalancesAndListsItsOwnMovements() throws {
        let cli = try books()
        let journal = try cli.ok(["export", "--format", "hledger", "--out", "-", "-p", "2026-03", "--clearing", "assets:coop clearing"])
        #expect(journal.contains("2026-03-01 coop registers | opening balances (movements before 2026-03-01)"), "\(journal)")
        #expect(!journal.contains("\n2026-02-") && !journal.contains("\n2026-01-"))
        #expect(journal.contains("2026-03-10 (#5) m2 Ben, \"B\" Alvarez | dues payment (ref T-2)"))
        // January and February: 790.00 received (240.00 + 50.00 + 500.00), opening the clearing account.
        #expect(posting(journal, "assets:coop clearing", "$790.00"), "\(journal)")
        let file = cli.path("march.journal")
        try journal.write(toFile: file, atomically: true, encoding: .utf8)
        if let check = try hledger(["-f", file, "check", "accounts", "commodities", "payees", "ordereddates"]) {
            #expect(check.status == 0, "\(check.output)")  // the balance assertions hold after the opening
        }
        try cli.ok(["export", "--format", "csv", "--out", cli.path("march"), "-p", "2026-03"])
        let dues = try String(contentsOfFile: cli.path("march/dues.csv"), encoding: .utf8)
        #expect(dues == "date,entry,member,kind,amount,period,method,reference,reason\r\n2026-03-10,5,m2,payment,1200.00,,,T-2,\r\n")
    }

    @Test func equityRegisterMemberRowsSumToTheMembersTotal() throws {
        let cli = try books()
        try cli.ok(["export", "--format", "csv", "--out", cli.path("books")])
        let rows = try String(contentsOfFile: cli.path("books/equity_register.csv"), encoding: .utf8).split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.first == ["kind", "member", "component", "balance"])
        let members = rows.filter { $0.first == "member" }.compactMap { Money($0[3]) }.sum()
        // Ada's 500.00 share and Ben's 50.00 instalment; the reserve is empty.
        #expect(members == Money("550.00"))
        #expect(rows.filter { $0.first == "total" }.map { $0[3] } == ["550.00"])
        #expect(rows.filter { $0.first == "reserve" }.map { $0[3] } == ["0.00"])
    }
}
