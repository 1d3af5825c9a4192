import ArgumentParser
import CoopCLI
import CoopModel
import Foundation
import Testing

/// `coop export --format csv|hledger [--as-of DATE]` as a treasurer runs it, and its refusals.
@Suite("coop export --format csv and hledger")
struct ExportBooksCommandTests {
    static var bylawsFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Bylaws").path
    }

    /// Founded 2026-01-10: m1 Ada (therapist, officer), m2 Ben (prescriber) who pays 240.00 of
    /// dues and a 50.00 share instalment on 2026-02-05; Ada pays her 500.00 share. Now 2026-03-15.
    func books() throws -> CLIHarness {
        let cli = CLIHarness()
        cli.now = Timestamp("2026-01-10T09:00:00Z")!
        for who in ["ada", "ben"] { _ = try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        let ada = ["--key", cli.path("ada.key")]
        _ = try cli.ok(["init", "--name", "Riverbend", "--bylaws", Self.bylawsFolder, "--founder-class", "therapist"] + ada)
        _ = try cli.ok(
            [
                "member", "admit", "--name", "Ben, \"B\" Alvarez", "--pubkey", try cli.ok(["key", "show", cli.path("ben.key")]),
                "--class", "prescriber",
            ] + ada)
        cli.now = Timestamp("2026-02-05T10:00:00Z")!
        _ = try cli.ok(["dues", "pay", "m2", "240.00", "--method", "ach", "--ref", "T-1"] + ada)
        _ = try cli.ok(["equity", "share", "m2", "50.00"] + ada)
        _ = try cli.ok(["equity", "share", "m1", "500.00"] + ada)
        cli.now = Timestamp("2026-03-15T10:00:00Z")!
        return cli
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func csvWritesTheTablesAndRefusesAFolderInUse() throws {
        let cli = try books()
        let out = try cli.ok(["export", "--format", "csv", "--out", cli.path("books")])
        #expect(out.contains("as of the end of 2026-03") && out.contains("equity_register.csv"))
        #expect(
            try read(cli.path("books/dues_status.csv")) == "member,paid_through,charged,credited,balance,months_in_arrears,good_standing\r\n"
                + "m1,,255.00,0.00,255.00,3,true\r\n"  // 3 × 85.00, nothing paid: 3 months is the limit
                + "m2,2026-02,360.00,240.00,120.00,1,true\r\n")
        #expect(try read(cli.path("books/members.csv")).contains("\r\nm2,\"Ben, \"\"B\"\" Alvarez\",prescriber,prescriber,active,2026-01-10,true\r\n"))
        #expect(try read(cli.path("books/dues.csv")).hasSuffix("\r\n2026-02-05,2,m2,payment,240.00,,ach,T-1,\r\n"))
        #expect(try read(cli.path("books/equity_register.csv")).hasSuffix("reserve,,,0.00\r\ntotal,,,550.00\r\n"))
        let again = cli.run(["export", "--format", "csv", "--out", cli.path("books")])
        #expect(again.exitCode != 0 && "\(again.error.map { "\($0)" } ?? "")".contains("is not empty"))
    }

    @Test func hledgerGoesToStandardOutputOrANewFile() throws {
        let cli = try books()
        let journal = cli.run(["export", "--format", "hledger", "--out", "-"])
        #expect(journal.error == nil)
        #expect(journal.output.hasPrefix("; Riverbend: books exported by coop"))
        #expect(journal.output.contains("2026-02-05 (#2) m2 Ben, \"B\" Alvarez | dues payment (ach, ref T-1)\n"))
        #expect(journal.output.contains("2026-03-01 m2 Ben, \"B\" Alvarez | dues for 2026-03, prescriber tier\n"))
        #expect(journal.output.contains("$0.00 = $120.00\n"))  // m2's receivable, asserted
        #expect(journal.output.contains("$0.00 = $-550.00\n") == false)
        let file = cli.path("books.journal")
        #expect(try cli.ok(["export", "--format", "hledger", "--out", file]).contains("hledger -f \(file) check"))
        #expect(try read(file) == journal.output)
        #expect(cli.run(["export", "--format", "hledger", "--out", file]).exitCode != 0)  // never overwritten
        if let hledger = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ "\($0)/hledger" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: hledger)
            process.arguments = ["-f", file, "check", "accounts", "commodities", "ordereddates"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        } else {
            print("hledger is not installed: the journal was checked as text only")
        }
    }

    @Test func asOfShowsTheBooksByEffectiveDate() throws {
        let cli = try books()
        // A paper record found in March: Ben's 10.00 cash payment of January 20th, entered now.
        _ = try cli.ok(["dues", "pay", "m2", "10.00", "--effective", "2026-01-20", "--key", cli.path("ada.key")])
        let january = try cli.ok(["export", "--format", "hledger", "--out", "-", "--as-of", "2026-01-31"])
        #expect(january.contains("through the end of 2026-01") && january.contains("at 6 entries"))
        #expect(january.contains("2026-01-20"))  // the payment counts in January, when it took effect
        #expect(!january.contains("2026-02"))  // no February accrual, no February payment
        _ = try cli.ok(["export", "--format", "csv", "--out", cli.path("jan"), "--as-of", "2026-01-31"])
        #expect(try read(cli.path("jan/dues_status.csv")).hasSuffix("m2,,120.00,10.00,110.00,1,true\r\n"))
    }

    @Test(arguments: [
        (["--format", "xlsx", "--out", "x"], "'bundle', 'csv' or 'hledger'"),
        (["--format", "csv", "--out", "x", "--as-of", "2026-02-30"], "The value '2026-02-30' is invalid for '--as-of <as-of>'"),
        (["--format", "csv", "--out", "x", "--as-of", "2025-12-31"], "no entries on or before 2025-12-31"),
        (["--out", "x", "--as-of", "2026-02-01"], "--as-of applies to --format csv or hledger"),
        (["--format", "csv", "--out", "-"], "works only with --format hledger"),
    ])
    func badArgumentsAreRefusedClearly(_ arguments: [String], _ message: String) throws {
        let cli = try books()
        let r = cli.run(["export"] + arguments)
        #expect(r.exitCode != 0)
        let text = r.error.map { CoopCommand.message(for: $0) } ?? ""
        #expect(text.contains(message), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("x")) && !FileManager.default.fileExists(atPath: "x"))
    }

    @Test func theBundleIsStillTheDefault() throws {
        let cli = try books()
        #expect(try cli.ok(["export", "--out", cli.path("bundle")]).contains("exported 5 entries"))
        #expect(FileManager.default.fileExists(atPath: cli.path("bundle/entries.log")))
    }
}
