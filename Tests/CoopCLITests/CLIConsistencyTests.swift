import ArgumentParser
import CoopCLI
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Testing

/// The usability review's findings: one consistent command line.
@Suite("coop: one consistent command line")
struct CLIConsistencyTests {
    static let yearEnd = PatronageYearEndCommandTests()

    func json(_ cli: CLIHarness, _ args: [String]) throws -> JSONValue {
        try CanonicalJSON.decode(Array(try cli.ok(args).utf8))
    }

    func logCount(_ cli: CLIHarness) throws -> Int { try json(cli, ["log", "--json"]).arrayValue?.count ?? -1 }

    @Test func aLossIsWrittenAsTheHelpShowsIt() throws {
        let (cli, ada) = try Self.yearEnd.cooperative()
        cli.now = Timestamp("2026-06-30T12:00:00Z")!
        try cli.ok(["patronage", "record", "m1", "revenue", "500000", "--year", "2026"] + ada)
        cli.now = Timestamp("2027-01-20T12:00:00Z")!
        let out = try cli.ok(["patronage", "close-year", "2026", "--surplus", "-1200.00"] + ada)
        #expect(out.contains("closed with net surplus -$1200.00") || out.contains("-1200.00"), "\(out)")
        let close = try json(cli, ["log", "--type", "patronage.close-year", "--json"]).arrayValue?.last
        #expect(close?["statement"]?["body"]?["surplus"] == .integer(-120_000))
        // The preview of a loss year reads as one: the identity that holds, no pool, charges.
        let preview = try cli.ok(["patronage", "preview", "2026"])
        #expect(preview.contains("reconciles: yes  (loss 1200.00 = to reserve"), "\(preview)")
        #expect(!preview.contains("pool for members") && !preview.contains("reserve + allocated = distributable"), "\(preview)")
    }

    @Test func logFiltersByCountDateAndKnownType() throws {
        let (cli, ada) = try Self.yearEnd.cooperative()  // genesis, 2 admissions, 3 payments on 2026-01-10
        cli.now = Timestamp("2026-02-03T12:00:00Z")!
        try cli.ok(["note", "February minutes.", "--key", cli.path("ben.key")])
        cli.now = Timestamp("2026-03-03T12:00:00Z")!
        try cli.ok(["dues", "pay", "m2", "10.00"] + ada)
        #expect(try logCount(cli) == 8)
        let last2 = try json(cli, ["log", "-n", "2", "--json"]).arrayValue ?? []
        #expect(last2.map { $0["index"] } == [.integer(6), .integer(7)])
        let february = try json(cli, ["log", "--since", "2026-02-01", "--until", "2026-02-28", "--json"]).arrayValue ?? []
        #expect(february.map { $0["index"] } == [.integer(6)])
        #expect(try json(cli, ["log", "--until", "2026-01-10", "--json"]).arrayValue?.count == 6)  // until is inclusive
        #expect(try json(cli, ["log", "--type", "dues.pay", "-n", "1", "--json"]).arrayValue?.first?["index"] == .integer(7))
        let text = try cli.ok(["log", "--since", "2026-03-01"])
        #expect(text.split(separator: "\n").count == 1 && text.contains("dues.pay"))

        let unknown = cli.run(["log", "--type", "nonsense"])
        #expect(unknown.exitCode != 0 && unknown.output.isEmpty)
        let message = CoopCommand.message(for: try #require(unknown.error))
        #expect(message.contains("unknown entry type \"nonsense\"") && message.contains("member.admit") && message.contains("ballot.cast"))
        #expect(cli.run(["log", "--since", "2026-03-01", "--until", "2026-02-01"]).exitCode != 0)
    }

    @Test func jsonOutputHasNoSizeLimit() throws {
        let (cli, _) = try Self.yearEnd.cooperative()
        var pass = Array("correct horse battery staple".utf8)
        let ada = try KeyFile.read(path: cli.path("ada.key"), passphrase: SecretBytes(consuming: &pass))
        let ledger = try Ledger.open(at: cli.path("coop.ledger"), clock: FixedClock(cli.now))
        let text = String(repeating: "Minutes of a long meeting. ", count: 2_400)  // ~64 KB each
        for _ in 0..<20 { try ledger.append(type: .note, body: .object(["text": .string(text)]), author: MemberID(number: 1)!, key: ada) }
        let out = try cli.ok(["log", "--json"])
        #expect(out.utf8.count > 1 << 20)
        let entries = try CanonicalJSON.decode(Array(out.utf8), options: CanonicalJSONOptions(maxInputSize: 1 << 24))
        #expect(entries.arrayValue?.count == 26)
        #expect(cli.run(["log", "--type", "nonexistent.but", "--json"]).exitCode != 0)
    }

    @Test func globalOptionsGoAnywhereBeforeTheCommand() throws {
        let cli = try CLIEndToEndTests.founded()
        let real = cli.path("coop.ledger")
        let elsewhere = ["COOP_LEDGER": cli.path("missing.ledger")]
        #expect(cli.run(["member", "list", "--json"], environment: elsewhere).exitCode != 0)  // the variable is used...
        for args in [
            ["--ledger", real, "member", "list", "--json"], ["--ledger=\(real)", "member", "list", "--json"],
            ["member", "--ledger", real, "list", "--json"], ["member", "list", "--ledger", real, "--json"],
        ] {
            let r = cli.run(args, environment: elsewhere)  // ...and --ledger wins
            #expect(r.error == nil, "\(args): \(String(describing: r.error))")
            #expect(try CanonicalJSON.decode(Array(r.output.utf8)).arrayValue?.count == 3, "\(args)")
        }
        let note = cli.run(["--ledger", real, "--key", cli.path("ben.key"), "note", "Hello."], environment: elsewhere)
        #expect(note.error == nil, "\(String(describing: note.error))")
        #expect(
            CoopCommand.placingGlobalOptions(["--key", "k", "member", "role", "grant", "m2", "treasurer"])
                == ["member", "role", "--key", "k", "grant", "m2", "treasurer"])  // `grant` is role's argument
        #expect(CoopCommand.placingGlobalOptions(["--help"]) == ["--help"])
        // A command that takes no global options still refuses them.
        #expect(cli.run(["--ledger", real, "key", "new", "--out", cli.path("x.key")]).exitCode != 0)
    }

    @Test func aRepeatedPaymentReferenceIsRefusedUnlessMeant() throws {
        let cli = try MembershipBooksCommandTests().founded()
        let ada = ["--key", cli.path("ada.key")]
        cli.now = Timestamp("2026-03-05T10:00:00Z")!
        let first = try json(cli, ["dues", "pay", "m2", "100.00", "--ref", "T-1", "--json"] + ada)
        let again = cli.run(["dues", "pay", "m2", "100.00", "--ref", "T-1"] + ada)
        let index = try #require(first["entry"]?["index"]?.intValue ?? first["entries"]?[0]?["index"]?.intValue, "\(first)")
        #expect(again.exitCode != 0 && "\(again.error!)".contains("entry \(index)") && "\(again.error!)".contains("--allow-duplicate-ref"))
        try cli.ok(["dues", "pay", "m1", "100.00", "--ref", "T-1"] + ada)  // another member: fine
        try cli.ok(["dues", "pay", "m2", "100.00", "--ref", "T-1", "--allow-duplicate-ref"] + ada)
        try cli.ok(["equity", "share", "m2", "50.00", "--ref", "S-1"] + ada)
        #expect(cli.run(["equity", "share", "m2", "50.00", "--ref", "S-1"] + ada).exitCode != 0)
        try cli.ok(["equity", "share", "m2", "50.00", "--ref", "S-1", "--allow-duplicate-ref"] + ada)
        let payments = try json(cli, ["log", "--type", "dues.pay", "--json"]).arrayValue ?? []
        #expect(payments.count == 3)
    }

    @Test func aPaymentEnteredTwiceIsCorrectedAsAVoidNotARefund() throws {
        let cli = try MembershipBooksCommandTests().founded()
        let ada = ["--key", cli.path("ada.key")]
        cli.now = Timestamp("2026-03-05T10:00:00Z")!
        try cli.ok(["dues", "pay", "m2", "100.00", "--ref", "T-1"] + ada)
        let twice = try json(cli, ["dues", "pay", "m2", "100.00", "--ref", "T-1", "--allow-duplicate-ref", "--json"] + ada)
        let index = try #require(twice["entry"]?.intValue, "\(twice)")
        let corrected = try cli.ok(["correct", String(index), "--reason", "entered twice"] + ada)
        #expect(corrected.contains("entry \(index) (dues.pay) voided"), "\(corrected)")
        let statement = try cli.ok(["dues", "statement", "m2", "--as-of", "2026-03-31"])
        #expect(statement.contains("VOID (entry \(index + 1))") && statement.contains("voids entry \(index)"), "\(statement)")
        #expect(statement.contains("credited 100.00"), "\(statement)")
        // The books reverse it as a void, not as cash refunded.
        try cli.ok(["export", "--format", "hledger", "--out", cli.path("books.journal")])
        let journal = try String(contentsOfFile: cli.path("books.journal"), encoding: .utf8)
        #expect(journal.contains("dues void of #\(index)") && !journal.contains("dues refund"), "\(journal)")
        // A share payment entered twice is voided the same way; the register shows one.
        try cli.ok(["equity", "share", "m2", "50.00"] + ada)
        let share = try json(cli, ["equity", "share", "m2", "50.00", "--json"] + ada)
        let shareIndex = try #require(share["entry"]?.intValue)
        try cli.ok(["correct", String(shareIndex), "--reason", "entered twice"] + ada)
        #expect(try cli.ok(["equity", "show", "m2"]).contains("void of entry \(shareIndex): entered twice"))
        // Twice is refused, and other entries name their remedy.
        #expect(cli.run(["correct", String(index), "--reason", "again"] + ada).exitCode != 0)
        let genesis = cli.run(["correct", "0", "--reason", "no"] + ada)
        #expect(genesis.exitCode != 0 && "\(genesis.error!)".contains("only dues payments, waivers, refunds and share payments are voided"))
        #expect(try CanonicalJSON.decode(Array(try cli.ok(["verify", "--json"]).utf8))["ok"] == .bool(true))
    }

    @Test func aBankExportIsImportedAllOrNoneWithASavedMapAndAliasesAndNeverTwice() throws {
        let cli = try MembershipBooksCommandTests().founded()
        let ada = ["--key", cli.path("ada.key")]
        cli.now = Timestamp("2026-03-10T10:00:00Z")!
        let bank = cli.path("bank.csv")
        try """
        Date,Description,Amount,Reference,Balance
        03/01/2026,DUES m2 MARCH,120.00,TX-1,1000.00
        2026-03-02,J ALVAREZ,"$1,200.00",TX-2,2200.00
        03/03/2026,BANK FEE,-5.00,,2195.00
        03/04/2026,UNKNOWN PAYER,17.00,TX-3,2212.00

        """.write(toFile: bank, atomically: true, encoding: .utf8)
        let map = ["--map", "member=Description,amount=Amount,date=Date,ref=Reference", "--method", "ach"]
        // Two rows name no member: both are listed with file:line, and nothing is written.
        let before = try logCount(cli)
        let refused = cli.run(["dues", "import", bank] + map + ada)
        #expect(refused.exitCode != 0)
        #expect(refused.errors.contains("bank.csv:3: no member for \"J ALVAREZ\"") && refused.errors.contains("bank.csv:5:"), "\(refused.errors)")
        #expect(try logCount(cli) == before)
        // With aliases, a dry run says what it would write, and writes nothing.
        let aliases = ["--alias", "J Alvarez=m2", "--alias", "unknown payer=m3"]
        let dry = try cli.ok(["dues", "import", bank, "--dry-run"] + map + aliases + ada)
        #expect(dry.contains("bank.csv:4: skipped: amount -5.00") && dry.contains("would record m2 paid $1200.00, effective 2026-03-02, ref TX-2"), "\(dry)")
        #expect(try logCount(cli) == before)
        let done = try cli.ok(["dues", "import", bank] + map + aliases + ada)
        #expect(done.contains("recorded 3 payments"), "\(done)")
        #expect(try logCount(cli) == before + 3)
        // Next month's overlapping export: the saved map and aliases apply; what was recorded is skipped.
        let again = try cli.ok(["dues", "import", bank] + ada)
        #expect(again.contains("nothing recorded") && again.contains("already (entry"), "\(again)")
        #expect(try logCount(cli) == before + 3)
        let statement = try cli.ok(["dues", "statement", "m2", "--as-of", "2026-03-31"])
        #expect(statement.contains("2026-03-02") && statement.contains("TX-2"), "\(statement)")
    }

    @Test func membersAreImportedAllOrNoneInFileOrder() throws {
        let cli = try MembershipBooksCommandTests().founded()  // m1 Ada, m2 Ben, m3 Dev
        let ada = ["--key", cli.path("ada.key")]
        for who in ["eve", "fay"] { try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        let eve = try cli.ok(["key", "show", cli.path("eve.key")])
        let fay = try cli.ok(["key", "show", cli.path("fay.key")])
        let ben = try cli.ok(["key", "show", cli.path("ben.key")])
        let file = cli.path("members.csv")
        // Ben's key is in force already; a class the bylaws lack; a bad sliding amount.
        try "name,pubkey,class,tier,dues_amount\nEve,\(eve),therapist,,\nBen again,\(ben),therapist,,\nFay,\(fay),surgeon,,\nGus,\(fay),staff,,x\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let before = try logCount(cli)
        let refused = cli.run(["member", "import", file] + ada)
        #expect(refused.exitCode != 0)
        for line in 3...5 { #expect(refused.errors.contains("members.csv:\(line):"), "line \(line): \(refused.errors)") }
        #expect(!refused.errors.contains("members.csv:2:"), "\(refused.errors)")
        #expect(try logCount(cli) == before)
        try "name,pubkey,class\nEve Okafor,\(eve),therapist\nFay Lin,\(fay),staff\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try cli.ok(["member", "import", file, "--dry-run"] + ada).contains("would admit Fay Lin (staff)"))
        #expect(try logCount(cli) == before)
        #expect(try cli.ok(["member", "import", file] + ada) == "m4\nm5")
        #expect(try cli.ok(["member", "show", "m5"]).contains("Fay Lin"))
    }

    @Test func witnessesAreAddedAndRemovedByProposingABylawsAmendment() throws {
        let cli = try MembershipBooksCommandTests().founded()
        let ada = ["--key", cli.path("ada.key")]
        let made = try cli.ok(["witness", "key", "new", "--out", cli.path("w.key"), "--name", "sister-a"])
        let vkey = try #require(made.split(separator: "\n").first { $0.hasPrefix("vkey: ") }.map { String($0.dropFirst(6)) }, "\(made)")
        let folder = cli.path("amended")
        let motion = try cli.ok(
            ["witness", "add", "sister-a", "--vkey", vkey, "--url", "http://127.0.0.1:9", "--threshold", "1", "--bylaws-out", folder] + ada)
        #expect(motion == "M1")
        let rules = try String(contentsOfFile: folder + "/rules.yaml", encoding: .utf8)
        #expect(rules.contains("witnesses:\n  threshold: 1") && rules.contains("- name: sister-a"), "\(rules)")
        try cli.ok(["bylaws", "check", folder])
        let shown = try cli.ok(["motion", "show", "M1"])
        #expect(shown.contains("bylaws-amendment") && shown.contains("Witnesses: add the witness sister-a"), "\(shown)")
        // Nothing changes before the members pass it; a name not listed cannot be removed.
        #expect(cli.run(["witness", "remove", "sister-b"] + ada).exitCode != 0)
        #expect(cli.run(["witness", "add", "x", "--vkey", vkey, "--url", "http://127.0.0.1:9", "--threshold", "3"] + ada).exitCode != 0)
        // Passed, the witness is in force; removing it drafts the section without it.
        cli.now = Timestamp("2026-01-25T10:00:00Z")!  // after the bylaws' 14 days' notice
        try cli.ok(["motion", "open", "M1"] + ada)
        for who in ["ada", "ben"] { try cli.ok(["vote", "M1", "yes", "--key", cli.path("\(who).key")]) }
        let closed = try cli.ok(["motion", "close", "M1", "--json"] + ada)
        #expect(closed.contains("\"passed\":true"), "\(closed)")
        #expect(try cli.ok(["bylaws", "show"]).contains("sister-a"))
        let removed = cli.path("removed")
        #expect(try cli.ok(["witness", "remove", "sister-a", "--bylaws-out", removed] + ada) == "M2")
        let after = try String(contentsOfFile: removed + "/rules.yaml", encoding: .utf8)
        #expect(!after.contains("sister-a") && after.contains("witnesses:\n  threshold: 0"), "\(after)")
    }

    @Test func keyShowPrintsALedgerKeyAsVerifyTakesIt() throws {
        let cli = try MembershipBooksCommandTests().founded()
        let ledgerKeyFile = cli.path("coop.ledger.ledger-key")
        let shown = try cli.ok(["key", "show", ledgerKeyFile, "--ledger", cli.path("coop.ledger")])
        // <origin>+<8 hex key id>+<base64> (the base64 may hold '+' too).
        let parts = shown.split(separator: "+", maxSplits: 2)
        #expect(shown.hasPrefix("coop.ledger/") && parts.count == 3 && parts[1].count == 8 && parts[1].allSatisfy(\.isHexDigit), "\(shown)")
        try cli.ok(["verify", "--ledger-key", shown])
        #expect(try cli.ok(["key", "show", cli.path("ben.key")]).hasPrefix("ed25519:"))
        #expect(cli.run(["key", "show", cli.path("ben.key"), "--ledger", cli.path("coop.ledger")]).exitCode != 0)
    }

    /// The year end of `PatronageYearEndCommandTests` up to the commit: m1 900.00, m2 504.00 and
    /// m3 396.00 cash owed.
    func committed() throws -> (CLIHarness, [String]) {
        let (cli, ada) = try Self.yearEnd.cooperative()
        cli.now = Timestamp("2026-06-30T12:00:00Z")!
        try
            "member,measure,quantity,year\nm1,revenue,500000,2026\nm1,hours,200,2026\nm2,revenue,300000,2026\nm2,hours,100,2026\nm3,revenue,200000,2026\nm3,hours,0,2026\nm3,hours,100,2026\n"
            .write(toFile: cli.path("patronage.csv"), atomically: true, encoding: .utf8)
        let imported = try cli.ok(["patronage", "import", cli.path("patronage.csv")] + ada)
        #expect(imported.contains("line 7: zero quantity, skipped") && imported.contains("recorded 6 rows"), "\(imported)")
        cli.now = Timestamp("2027-01-20T12:00:00Z")!
        try cli.ok(["patronage", "close-year", "2026", "--surplus", "10000.00"] + ada)
        let hash = try #require(try json(cli, ["patronage", "preview", "2026", "--json"])["result_hash"]?.stringValue)
        try "Allocate 2026.".write(toFile: cli.path("approval.md"), atomically: true, encoding: .utf8)
        try cli.ok(
            [
                "motion", "propose", "--kind", "patronage-approval", "--year", "2026", "--result-hash", hash,
                "--title", "Patronage 2026", "--text", cli.path("approval.md"),
            ] + ada)
        try cli.ok(["motion", "open", "M1"] + ada)
        for who in ["ada", "ben", "cho"] { try cli.ok(["vote", "M1", "yes", "--key", cli.path("\(who).key")]) }
        try cli.ok(["motion", "close", "M1"] + ada)
        try cli.ok(["patronage", "commit", "2026"] + ada)
        return (cli, ada)
    }

    @Test func payingEveryoneIsPreviewedAndConfirmed() throws {
        let (cli, ada) = try committed()
        let before = try logCount(cli)
        let dry = try cli.ok(["patronage", "pay", "2026", "--dry-run"] + ada)
        #expect(dry.contains("would pay 3 members $1800.00") && dry.contains("m2") && dry.contains("504.00"), "\(dry)")
        let dryJSON = try json(cli, ["patronage", "pay", "2026", "--dry-run", "--json"] + ada).arrayValue ?? []
        #expect(dryJSON.map { $0["amount_cents"] } == [.integer(90_000), .integer(50_400), .integer(39_600)])
        #expect(try logCount(cli) == before)

        cli.terminalAnswer = "n"  // a person at the terminal says no
        let declined = cli.run(["patronage", "pay", "2026"] + ada)
        #expect(declined.exitCode != 0 && declined.errors.contains("Record these 3 payments? [y/N]"))
        #expect(try logCount(cli) == before)
        cli.terminalAnswer = "y"
        #expect(try cli.ok(["patronage", "pay", "2026", "m2", "--amount", "4.00"] + ada).contains("paid m2 $4.00"))  // one member: no question
        cli.terminalAnswer = "n"
        #expect(try cli.ok(["patronage", "pay", "2026", "--yes"] + ada).contains("paid m3 $396.00"))  // --yes: no question
        #expect(try logCount(cli) == before + 4)
    }

    /// Every object key of a `--json` read command's output is snake_case.
    @Test func everyJSONKeyIsSnakeCase() throws {
        let (cli, ada) = try committed()
        try cli.ok(["patronage", "pay", "2026", "m2", "--amount", "4.00", "--ref", "P-1"] + ada)
        try cli.ok(["equity", "share", "m2", "50.00", "--ref", "S-1"] + ada)
        try cli.ok(["dues", "waive", "m3", "5.00", "--reason", "hardship"] + ada)
        try cli.ok(["member", "suspend", "m3", "--reason", "leave"] + ada)
        try "Adopt it.".write(toFile: cli.path("r.md"), atomically: true, encoding: .utf8)
        try cli.ok(["motion", "propose", "--kind", "resolution", "--title", "Budget", "--text", cli.path("r.md")] + ada)
        try cli.ok(["motion", "open", "M2"] + ada)
        try cli.ok(["vote", "M2", "yes", "--key", cli.path("ben.key")])
        try cli.ok(["checkpoint", "--out", cli.path("kept.checkpoint")])
        let reads: [[String]] = [
            ["bylaws", "show"], ["bylaws", "check", ExportBooksCommandTests.bylawsFolder],
            ["member", "list"], ["member", "show", "m2"], ["member", "show", "m3"],
            ["dues", "status"], ["dues", "statement", "m2"], ["equity", "show", "m2"], ["equity", "register"],
            ["motion", "list"], ["motion", "show", "M1"], ["motion", "show", "M2"], ["motion", "tally", "M2"],
            ["patronage", "preview", "2026"], ["patronage", "status", "2026"],
            ["log"], ["show", "0"], ["proof", "inclusion", "3"], ["proof", "consistency", "--from", "3"],
            ["verify"], ["key", "show", cli.path("ben.key")],
            ["status"], ["me", "--key", cli.path("ben.key")], ["me", "--key", cli.path("ada.key")],
        ]
        let snake = try Regex("^[a-z][a-z0-9_]*$")
        for args in reads {
            var bad: [String] = []
            func walk(_ v: JSONValue, _ path: String) {
                switch v {
                case let .object(o):
                    for (k, child) in o {
                        // A statement's body, the bylaws' own names (classes, tiers, measures)
                        // and files are data, not field names.
                        if k.wholeMatch(of: snake) == nil, !Self.isDataKey(path) { bad.append(path + "." + k) }
                        walk(child, path + "." + k)
                    }
                case let .array(a): for (i, child) in a.enumerated() { walk(child, path + "[\(i)]") }
                default: break
                }
            }
            walk(try json(cli, args + ["--json"]), "$")
            #expect(bad.isEmpty, "coop \(args.joined(separator: " ")) --json: \(bad)")
        }
    }

    /// Keys that are names of things, not field names: motion kinds (`dues-change`) and entry
    /// types (`key.revoke`) in the bylaws, equity account names (`patronage:2026:qualified`),
    /// the paths of carried bylaws files (`rules.yaml`).
    static func isDataKey(_ path: String) -> Bool {
        [".governance", ".countersign", ".components", ".by_component", ".bylaws_files"].contains { path.hasSuffix($0) }
    }
}
