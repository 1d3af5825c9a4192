import ArgumentParser
import CoopCLI
import CoopCanonicalJSON
import CoopModel
import Foundation
import Testing

/// Issue 15, "Books and reports": report headers, arrears, hledger periods and CSV output on
/// the tabular reports, through the command line.
@Suite("coop reports: --as-of, --arrears, periods, --csv")
struct BooksReportsCommandTests {
    /// The founded co-op (m1 Ada 85.00/month, m2 Ben 120.00, m3 Dev 17.00, all from January
    /// 2026) where, on 2026-03-05, Ben pays 240.00 (January and February), Dev 68.00 (January to
    /// April) and Ada her 500.00 share; Ada pays no dues.
    func spring() throws -> CLIHarness {
        let cli = try MembershipBooksCommandTests().founded()
        let ada = ["--key", cli.path("ada.key")]
        cli.now = Timestamp("2026-03-05T10:00:00Z")!
        try cli.ok(["dues", "pay", "m2", "240.00"] + ada)
        try cli.ok(["dues", "pay", "m3", "68.00"] + ada)
        try cli.ok(["equity", "share", "m1", "500.00"] + ada)
        cli.now = Timestamp("2026-06-20T10:00:00Z")!
        return cli
    }

    func json(_ cli: CLIHarness, _ args: [String]) throws -> [String: JSONValue] {
        try #require(try CanonicalJSON.decode(Array(try cli.ok(args + ["--json"]).utf8)).objectValue)
    }

    func message(_ r: CLIHarness.Result) -> String { r.error.map { CoopCommand.message(for: $0) } ?? "" }

    @Test func asOfHeadersKeepTheDayAskedFor() throws {
        let cli = try spring()
        let text = try cli.ok(["dues", "status", "--as-of", "2026-06-10"])
        #expect(text.hasPrefix("dues as of 2026-06-10 (charged through 2026-06)"), "\(text)")
        #expect(!text.contains("end of 2026-06"))
        let status = try json(cli, ["dues", "status", "--as-of", "2026-06-10"])
        #expect(status["as_of"] == .string("2026-06-10") && status["charged_through"] == .string("2026-06"))
        // Without --as-of: today (the clock), not a month.
        #expect(try cli.ok(["dues", "status"]).hasPrefix("dues as of 2026-06-20"))
    }

    @Test func arrearsMeansBeyondTheGraceTheBylawsAllow() throws {
        let cli = try spring()
        // On 2026-04-15 (max_arrears_months: 3): Ada owes January to April (4 months, beyond the
        // grace); Ben owes March and April (2 months, within it, though he owes 240.00); Dev owes
        // nothing.
        let rows = try cli.ok(["dues", "status", "--arrears", "--as-of", "2026-04-15", "--csv"]).split(separator: "\r\n")
        #expect(rows.count == 2, "\(rows)")
        #expect(rows.first == "member,name,paid_through,charged,credited,balance,months_in_arrears,good_standing")
        #expect(rows.last?.hasPrefix("m1,") == true && rows.last?.hasSuffix(",,340.00,0.00,340.00,4,false") == true, "\(rows)")
        let all = try cli.ok(["dues", "status", "--as-of", "2026-04-15", "--csv"]).split(separator: "\r\n")
        #expect(all.contains { $0.hasPrefix("m2,") && $0.hasSuffix(",2026-02,480.00,240.00,240.00,2,true") }, "\(all)")
        #expect(all.count == 4)
        let help = cli.run(["dues", "status", "--help"])
        let words = "\(message(help))\(help.output)".split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("beyond the grace the bylaws allow"), "\(words)")
    }

    @Test func reportPeriodsParseAsHledgerWritesThem() throws {
        let q1 = try #require(ReportPeriod("2026Q1"))
        #expect(q1.begin == CivilDate("2026-01-01") && q1.end == CivilDate("2026-04-01") && q1.lastDay == CivilDate("2026-03-31"))
        #expect(ReportPeriod("2024-02")?.lastDay == CivilDate("2024-02-29"))  // a leap year
        #expect(ReportPeriod("2026")?.end == CivilDate("2027-01-01"))
        #expect(ReportPeriod("2026q4")?.begin == CivilDate("2026-10-01"))
        #expect(ReportPeriod("2026-12-31")?.end == CivilDate("2027-01-01"))
        for bad in ["2026Q5", "2026Q0", "26", "2026-13", "2026-02-30", "Q1", ""] { #expect(ReportPeriod(bad) == nil, "\(bad)") }
        #expect(ReportPeriod(begin: CivilDate("2026-02-01"), end: CivilDate("2026-02-01")) == nil)
    }

    @Test func periodsOnDuesEquityAndTheirErrors() throws {
        let cli = try spring()
        // Ben's statement for Q1: January to March charged (3 × 120.00), drawn at March 31st.
        let q1 = try json(cli, ["dues", "statement", "m2", "-p", "2026Q1"])
        #expect(q1["charges"]?.arrayValue?.compactMap { $0["month"]?.stringValue } == ["2026-01", "2026-02", "2026-03"])
        #expect(q1["charged_cents"] == .integer(36000) && q1["as_of"] == .string("2026-03"))
        #expect(q1["movements"]?.arrayValue?.count == 1)
        // February alone: one charge, and the payment of March 5th is outside it.
        let feb = try json(cli, ["dues", "statement", "m2", "-p", "2026-02"])
        #expect(feb["charges"]?.arrayValue?.count == 1 && feb["movements"]?.arrayValue?.isEmpty == true)
        // --begin/--end with the end exclusive is the same February.
        #expect(try json(cli, ["dues", "statement", "m2", "--begin", "2026-02-01", "--end", "2026-03-01"]) == feb)
        // The share was paid on March 5th: nothing in the register at February's end, 500.00 after Q1.
        #expect(try json(cli, ["equity", "register", "-p", "2026-02"])["total_equity_cents"] == .integer(0))
        #expect(try json(cli, ["equity", "register", "-p", "2026Q1"])["total_equity_cents"] == .integer(50000))
        #expect(try json(cli, ["dues", "status", "-p", "2026Q1"])["as_of"] == .string("2026-03-31"))
        for (args, text) in [
            (["dues", "status", "-p", "2026Q5"], "'2026Q5' is invalid for '-p <period>'"),
            (["dues", "status", "-p", "2026", "--begin", "2026-01-01"], "not both"),
            (["dues", "status", "--begin", "2026-03-01", "--end", "2026-03-01"], "is not after --begin"),
            (["dues", "status", "--begin", "2026-03-01"], "not --begin alone"),
            (["dues", "status", "-p", "2026", "--as-of", "2026-05-01"], "either --as-of or a period"),
            (["log", "-p", "2026", "--since", "2026-01-01"], "not both"),
        ] {
            let r = cli.run(args)
            #expect(r.exitCode != 0 && message(r).contains(text), "\(args): \(message(r))")
        }
        // The log over a period: the three entries of March 5th (end exclusive: nothing of March 6th on).
        let log = try cli.ok(["log", "--begin", "2026-03-05", "--end", "2026-03-06", "--csv"]).split(separator: "\r\n")
        #expect(log.count == 4 && log.first == "index,ledger_time,author,seq,type,hash", "\(log)")
    }

    @Test func everyTabularReportTakesCSV() throws {
        let cli = try spring()
        let members = try cli.ok(["member", "list", "--csv"]).split(separator: "\r\n")
        #expect(members.first == "id,name,status,class,tier,roles,admitted_on,good_standing")
        #expect(members.count == 4)
        // In June Ada owes 6 months (beyond 3): not in good standing; Dev paid through April: 2 months.
        #expect(members.contains { $0.hasPrefix("m1,") && $0.hasSuffix(",false") })
        #expect(members.contains { $0.hasPrefix("m3,\"Dev, \"\"the\"\" supporter\",") && $0.hasSuffix(",true") })
        let register = try cli.ok(["equity", "register", "--csv"]).split(separator: "\r\n")
        #expect(register == ["kind,member,component,balance", "member,m1,share,500.00", "reserve,,,0.00", "total,,,500.00"])
        #expect(try cli.ok(["equity", "show", "m1", "--csv"]).split(separator: "\r\n").last?.hasPrefix("2026-03-05,") == true)
        #expect(try cli.ok(["dues", "statement", "m3", "--csv"]).contains("\r\n2026-03-05,"))
        #expect(try cli.ok(["motion", "list", "--csv"]) == "id,kind,status,passed,closes,proposer,title")
        #expect(try cli.ok(["patronage", "status", "2026", "--csv"]) == "member,consent,cash_due,cash_unpaid")
        let both = cli.run(["member", "list", "--csv", "--json"])
        #expect(both.exitCode != 0 && message(both).contains("--json or --csv, not both"))
    }
}
