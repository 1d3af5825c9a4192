import CoopBylaws
import CoopCanonicalJSON
import CoopExport
import CoopLedger
import CoopModel
import Foundation
import Testing

/// The books export: CSV tables with exact rows and RFC 4180 quoting, and an hledger journal
/// whose balances (by hledger itself when installed, by a small reader here always) equal the
/// registers coop replays.
@Suite("Books export: CSV and hledger")
struct BooksExportTests {
    static let ben = "Ben \"Doc\" Alvarez, MD"

    /// Founded 2026-01-15 on the shipped bylaws: m1 Ada (therapist), m2 Ben (prescriber, pays
    /// dues and part of his share, withdraws, is redeemed), m3 Dev (supporter: a waiver, a
    /// payment, a refund). Entries 0...10.
    func busyYear() throws -> RulesCoop {
        var coop = try RulesCoop()
        let ben = try coop.admit(Self.ben, class: "prescriber")  // 1
        let dev = try coop.admit("Dev", class: "supporter")  // 2
        coop.clock.set("2026-02-10")
        try coop.officer(
            .duesPay,
            [
                "member": .string(ben.description), "amount": .integer(24000),
                "period": .string("2026-01"), "method": .string("ach"), "ref": .string("T-1"),
            ])  // 3
        try coop.officer(.equityShare, ["member": .string(ben.description), "amount": .integer(10000)])  // 4
        try coop.officer(.equityShare, ["member": .string(coop.m1.description), "amount": .integer(50000), "method": .string("check")])  // 5
        coop.clock.set("2026-03-01")
        try coop.officer(
            .duesWaive,
            [
                "member": .string(dev.description), "amount": .integer(3400),
                "reason": .string("hardship; moved, \"for now\""),
            ])  // 6
        try coop.pay(dev, "17.00", on: "2026-03-05")  // 7
        try coop.officer(.duesRefund, ["member": .string(dev.description), "amount": .integer(1700), "reason": .string("paid twice")])  // 8
        coop.clock.set("2026-04-10")
        try coop.officer(.memberWithdraw, ["member": .string(ben.description), "reason": .string("moving away")])  // 9
        coop.clock.set("2026-04-20")
        try coop.officer(
            .equityRedeem,
            [
                "member": .string(ben.description), "component": .string("share"),
                "amount": .integer(10000), "reason": .string("share refund"),
            ])  // 10
        return coop
    }

    func csv(_ books: BooksExport, _ name: String) throws -> String {
        try #require(books.csvFiles.first { $0.name == name }).text
    }

    @Test func csvTablesHaveExactRowsAndRFC4180Quoting() throws {
        let coop = try busyYear()
        let state = try coop.ledger.state()
        let books = BooksExport(state: state, asOf: YearMonth("2026-06"))
        #expect(books.csvFiles.map(\.name) == ["members.csv", "dues.csv", "dues_status.csv", "equity.csv", "equity_register.csv"])
        #expect(
            try csv(books, "members.csv")
                == crlfLines(
                    "id,name,class,tier,status,admitted_on,good_standing",
                    "m1,Ada,therapist,clinician,active,2026-01-15,false",
                    "m2,\"Ben \"\"Doc\"\" Alvarez, MD\",prescriber,prescriber,withdrawn,2026-01-15,false",
                    "m3,Dev,supporter,supporter,active,2026-01-15,false"))
        #expect(
            try csv(books, "dues.csv")
                == crlfLines(
                    "date,entry,member,kind,amount,period,method,reference,reason",
                    "2026-02-10,3,m2,payment,240.00,2026-01,ach,T-1,",
                    "2026-03-01,6,m3,waiver,34.00,,,,\"hardship; moved, \"\"for now\"\"\"",
                    "2026-03-05,7,m3,payment,17.00,,,,",
                    "2026-03-05,8,m3,refund,17.00,,,,paid twice"))
        // m1 owes 6 × 85.00; m2 4 × 120.00 (to April, when he left) less 240.00; m3 6 × 17.00 less 34.00.
        #expect(
            try csv(books, "dues_status.csv")
                == crlfLines(
                    "member,paid_through,charged,credited,balance,months_in_arrears,good_standing",
                    "m1,,510.00,0.00,510.00,6,false",
                    "m2,2026-02,480.00,240.00,240.00,2,true",
                    "m3,2026-02,102.00,34.00,68.00,4,false"))
        #expect(
            try csv(books, "equity.csv")
                == crlfLines(
                    "date,entry,member,component,kind,amount,memo",
                    "2026-02-10,4,m2,share,payment,100.00,",
                    "2026-02-10,5,m1,share,payment,500.00,check",
                    "2026-04-20,10,m2,share,redemption,-100.00,share refund"))
        #expect(
            try csv(books, "equity_register.csv")
                == crlfLines(
                    "kind,member,component,balance",
                    "member,m1,share,500.00",
                    "member,m2,share,0.00",
                    "reserve,,,0.00",
                    "total,,,500.00"))
        #expect(state.registers.totalEquity == Money("500.00"))
    }

    @Test func csvIsWrittenOnlyIntoANewOrEmptyFolder() throws {
        let coop = try busyYear()
        let books = BooksExport(state: try coop.ledger.state(), asOf: YearMonth("2026-06"))
        let dir = coop.dir.file("books")
        try books.writeCSV(to: dir)
        let written = try String(contentsOfFile: dir + "/equity_register.csv", encoding: .utf8)
        #expect(written.hasSuffix("reserve,,,0.00\r\ntotal,,,500.00\r\n"))
        #expect(throws: BooksExportError.folderNotEmpty(path: dir)) { try books.writeCSV(to: dir) }
    }

    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() throws {
        var coop = try RulesCoop()
        try coop.admit("Okafor, Ada", class: "supporter")
        try coop.admit("Ada \"Doc\" Okafor", class: "supporter")
        try coop.admit("plain name", class: "supporter")
        let members = try csv(BooksExport(state: try coop.ledger.state()), "members.csv")
        #expect(members.contains("\r\nm2,\"Okafor, Ada\",supporter,"))
        #expect(members.contains("\r\nm3,\"Ada \"\"Doc\"\" Okafor\",supporter,"))
        #expect(members.contains("\r\nm4,plain name,supporter,"))
        // Names cannot hold line breaks at all (they could forge lines of a listing).
        #expect(throws: LedgerError.self) { try coop.admit("Line\nbreak", class: "supporter") }
    }

    @Test func cellsASpreadsheetWouldRunAsFormulasAreNeutralized() throws {
        var coop = try RulesCoop()
        for name in ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1)"] {
            _ = try coop.admit(name, class: "supporter")
        }
        let members = try csv(BooksExport(state: try coop.ledger.state()), "members.csv")
        #expect(members.contains("\r\nm2,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",supporter,"), "\(members)")
        #expect(members.contains("\r\nm3,'+1+1,supporter,") && members.contains("\r\nm4,'-2+3,supporter,"))
        #expect(members.contains("\r\nm5,'@SUM(A1),supporter,"))
        // Numbers coop writes stay numbers.
        #expect(CSV.field("-12.50") == "-12.50" && CSV.field("-1250") == "-1250" && CSV.field("-") == "'-")
        #expect(CSV.field("\tx") == "'\tx" && CSV.field("\rx") == "\"'\rx\"")
    }

    @Test func theDefaultMonthIsTheNewestEntrysMonth() throws {
        let coop = try busyYear()
        #expect(BooksExport(state: try coop.ledger.state()).month == YearMonth("2026-04"))
    }

    @Test func hledgerJournalRoundTripsTheRegisters() throws {
        let coop = try busyYear()
        let state = try coop.ledger.state()
        let books = BooksExport(state: state, asOf: YearMonth("2026-06"))
        let journal = books.hledgerJournal
        #expect(
            journal.contains(
                """
                2026-02-10 (#3) m2 Ben "Doc" Alvarez, MD | dues payment (for 2026-01, ach, ref T-1)
                    assets:cash                 $240.00
                    assets:dues receivable:m2  $-240.00

                """))
        // `;` would start an hledger comment, so it becomes `,` in descriptions.
        #expect(
            journal.contains(
                """
                2026-03-01 (#6) m3 Dev | dues waiver (hardship, moved, "for now")
                    expenses:dues waived        $34.00
                    assets:dues receivable:m3  $-34.00

                """))
        #expect(
            journal.contains(
                """
                2026-04-20 (#10) m2 Ben "Doc" Alvarez, MD | share redeemed (share refund)
                    equity:members:m2:share   $100.00
                    assets:cash              $-100.00

                """))
        #expect(
            journal.contains(
                """
                2026-06-01 m1 Ada | dues for 2026-06, clinician tier
                    assets:dues receivable:m1   $85.00
                    income:dues                $-85.00

                """))
        #expect(journal.contains("account equity:members:m2:share\n"))
        #expect(journal.hasSuffix("    equity:reserve             $0.00 = $0.00\n"))
        try checkRoundTrip(journal, state: state, books: books)
    }

    @Test func capitalContributionDuesAndReserveTransfersRoundTrip() throws {
        var files = try BylawsFilesFixture.shipped()
        files.files["rules.yaml"] = files.files["rules.yaml"]?
            .replacingOccurrences(of: "treatment: fee-for-services", with: "treatment: capital-contribution")
            .replacingOccurrences(of: "on_expulsion: refund", with: "on_expulsion: reserve")
        var coop = try RulesCoop(bylaws: files)
        let ben = try coop.admit("Ben", class: "prescriber")
        let cho = try coop.admit("Cho", class: "therapist")
        try coop.officer(.equityShare, ["member": .string(ben.description), "amount": .integer(20000)])
        try coop.officer(.equityShare, ["member": .string(cho.description), "amount": .integer(50000)])
        try coop.pay(cho, "85.00", on: "2026-02-02")
        coop.clock.set("2026-03-03")
        try coop.officer(.duesWaive, ["member": .string(ben.description), "amount": .integer(12000), "reason": .string("hardship")])
        try coop.officer(.memberExpel, ["member": .string(ben.description), "reason": .string("cause")])
        let state = try coop.ledger.state()
        #expect(state.registers.reserve.balance == Money("200.00"))
        let books = BooksExport(state: state, asOf: YearMonth("2026-05"))
        let journal = books.hledgerJournal
        #expect(
            journal.contains(
                """
                2026-02-01 m3 Cho | dues for 2026-02, clinician tier
                    assets:dues receivable:m3      $85.00
                    equity:dues contributions:m3  $-85.00

                """))
        #expect(
            journal.contains(
                """
                2026-03-03 (#6) m2 Ben | dues waiver (hardship)
                    equity:dues contributions:m2   $120.00
                    assets:dues receivable:m2     $-120.00

                2026-03-03 (#7) m2 Ben, collective reserve | share transferred (share of m2 on leaving)
                    equity:members:m2:share   $200.00
                    equity:reserve           $-200.00

                """))
        #expect(!journal.contains("income:dues"))
        try checkRoundTrip(journal, state: state, books: books)
    }

    @Test func aPatronageYearEndRoundTrips() throws {
        // The patronage tests' year: Ada 5,940.00 (qualified), Ben 3,060.00 (non-qualified),
        // reserve 1,000.00; cash parts 1,188.00 and 612.00.
        let (a, ben) = try PatronageLedgerTests().year2026()
        try a.finishYear(surplus: "10000.00", voters: [a.m1, ben])
        try a.sign(
            a.m1, .patronagePay,
            [
                "member": .string(ben.description), "year": .integer(2026),
                "amount": .integer(50_000), "withheld": .integer(12_000), "method": .string("check"),
            ])
        a.clock.set("2029-02-01")
        try a.sign(a.m1, .patronageRevolve, ["year": .integer(2026), "total": .integer(720_000)])
        let state = try a.state
        let books = BooksExport(state: state)
        let journal = books.hledgerJournal
        #expect(
            journal.contains(
                """
                2027-01-20 (#15) m1 Ada, m2 Ben | patronage 2026 cash parts payable
                    equity:net margin                  $1,800.00
                    liabilities:patronage payable:m1  $-1,188.00
                    liabilities:patronage payable:m2    $-612.00
                """))
        #expect(
            journal.contains(
                """
                2027-01-20 (#16) m2 Ben | patronage 2026 cash paid (check, withheld 120.00)
                    liabilities:patronage payable:m2   $500.00
                    assets:cash                       $-380.00
                    liabilities:backup withholding    $-120.00
                """))
        #expect(books.patronageOwed(a.m1) == Money("1188.00") && books.patronageOwed(ben) == Money("112.00"))
        try checkRoundTrip(journal, state: state, books: books)
    }

    /// Checks the journal's balances against the registers: always from the journal text (every
    /// transaction balances, every account is declared, dates never go back), and through
    /// `hledger check` and `hledger bal` when hledger is installed (CI installs it).
    func checkRoundTrip(_ journal: String, state: LedgerState, books: BooksExport) throws {
        let parsed = try ParsedJournal(journal)
        try expectRegisters(parsed.balances, state: state, books: books, source: "journal text")
        guard let hledger = HledgerRunner.find() else {
            print("hledger is not installed: checked the journal's structure only, not hledger's reading of it")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("coop-books-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try journal.write(toFile: file, atomically: true, encoding: .utf8)
        let check = try HledgerRunner.run(hledger, ["-f", file, "check", "accounts", "commodities", "payees", "ordereddates"])
        #expect(check.status == 0, "hledger check: \(check.errors)")
        let bal = try HledgerRunner.run(hledger, ["-f", file, "bal", "-N", "--flat", "-O", "csv"])
        #expect(bal.status == 0, "hledger bal: \(bal.errors)")
        try expectRegisters(try HledgerRunner.balances(bal.output), state: state, books: books, source: "hledger")
    }

    func expectRegisters(_ balances: [String: Money], state: LedgerState, books: BooksExport, source: String) throws {
        func sum(under prefix: String) -> Money { balances.filter { $0.key.hasPrefix(prefix + ":") || $0.key == prefix }.map(\.value).sum() }
        for id in state.registers.dues.keys.sorted() {
            let position = try #require(state.duesPosition(of: id, asOf: books.month))
            #expect(balances[BooksAccounts.receivable(id)] ?? .zero == position.balance, "\(source): \(id) dues")
        }
        for (id, account) in state.registers.equity {
            #expect(sum(under: BooksAccounts.member(id)) == -account.total, "\(source): \(id) capital account")
            for (component, balance) in account.components {
                #expect(balances[BooksAccounts.member(id, component)] ?? .zero == -balance, "\(source): \(id) \(component)")
            }
        }
        #expect(balances[BooksAccounts.reserve] ?? .zero == -state.registers.reserve.balance, "\(source): reserve")
        #expect(
            sum(under: BooksAccounts.members) + (balances[BooksAccounts.reserve] ?? .zero) == -state.registers.totalEquity,
            "\(source): total member equity")
        for id in books.patronagePayees {
            #expect(balances[BooksAccounts.patronagePayable(id)] ?? .zero == -books.patronageOwed(id), "\(source): \(id) patronage payable")
        }
        #expect(balances.values.map { $0 }.sum() == .zero, "\(source): the books balance")
    }
}

/// Lines joined with CRLF, each ended by one.
func crlfLines(_ rows: String...) -> String { rows.map { $0 + "\r\n" }.joined() }

/// Just enough of the journal format coop writes to total it without hledger.
struct ParsedJournal {
    var balances: [String: Money] = [:]

    init(_ text: String) throws {
        var declared = Set<String>()
        var payees = Set<String>()
        var lastDate = ""
        var open: Money?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("account ") { declared.insert(String(line.dropFirst(8))) }
            if line.hasPrefix("payee ") { payees.insert(String(line.dropFirst(6))) }
            if line.first?.isNumber == true {
                // `DATE [(#N)] PAYEE | NOTE`: the payee is declared.
                var description = line.dropFirst(11)
                if description.hasPrefix("(#"), let close = description.firstIndex(of: ")") {
                    description = description[description.index(after: close)...].dropFirst()
                }
                let payee = description.components(separatedBy: " | ").first?.trimmingCharacters(in: .whitespaces) ?? ""
                #expect(payees.contains(payee), "undeclared payee \(payee) at: \(line)")
                #expect(open == nil || open == .zero, "unbalanced transaction before: \(line)")
                let date = String(line.prefix(10))
                #expect(date >= lastDate, "dates go back at: \(line)")
                lastDate = date
                open = .zero
            }
            guard line.hasPrefix("    ") else { continue }
            let parts = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")
            let account = try #require(parts.first)
            let amountText = try #require(parts.last?.trimmingCharacters(in: .whitespaces).components(separatedBy: " = ").first)
            // Exactly the commodity directive's format: `$`, `-`, thousands grouped by `,`, two decimals.
            let grouped = amountText.range(of: #"^\$-?[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}$"#, options: .regularExpression) != nil
            #expect(grouped, "amount not in the declared format: \(line)")
            let amount = try #require(Money(String(amountText.dropFirst()).replacingOccurrences(of: ",", with: "")), "amount in: \(line)")
            #expect(declared.contains(account), "undeclared account \(account)")
            balances[account, default: .zero] += amount
            open = (open ?? .zero) + amount
        }
        #expect(open == nil || open == .zero, "the last transaction does not balance")
    }
}

/// Runs the installed hledger (tests skip it, saying so, when it is absent).
enum HledgerRunner {
    /// `hledger bal -O csv` rows ("account","balance") as amounts; accounts at zero are absent.
    static func balances(_ csv: String) throws -> [String: Money] {
        var balances: [String: Money] = [:]
        for row in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = row.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            guard fields.count == 2 else { continue }
            let text = fields[1].replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "")
            balances[fields[0]] = try #require(Money(text) ?? (text == "0" ? .zero : nil), "hledger amount \(fields[1])")
        }
        return balances
    }

    /// The hledger on PATH, if any.
    static func find() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/hledger" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
