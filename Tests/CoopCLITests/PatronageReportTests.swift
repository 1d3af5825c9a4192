import CoopCLI
import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import Foundation
import Testing

/// `coop patronage notices` and `coop patronage 1099` on a fiscal year taken through the whole
/// year end from the command line: record, consent, close, approve by vote, commit, pay.
@Suite("coop patronage notices and 1099", .serialized)
struct PatronageReportTests {
    static var bylawsFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Bylaws").path
    }

    /// TINs written to the tax-id file; no command may ever print them.
    static let tins = ["98-7654321", "123-45-6789", "987-65-4321", "555-44-3333"]

    /// A committed fiscal year 2026 of the shipped bylaws (revenue 60%, hours 40%, reserve 10%,
    /// cash 20%), founded 2026-01-10:
    /// - m1 Ada (therapist, every officer): revenue 6,000,000 cents, 1,200 hours, written consent;
    /// - m2 Ben (prescriber): 3,990,000 cents, 798 hours, no consent (non-qualified);
    /// - m3 `Cho <&> "Ng"` (staff): 10,000 cents, 2 hours, no consent.
    /// Totals 10,000,000 cents and 2,000 hours, so the shares are exactly 60%, 39.9% and 0.1%.
    /// Closed 2027-01-20 with a 10,000.00 surplus: reserve 1,000.00, pool 9,000.00, so by hand
    /// m1 5,400.00 (cash 1,080.00, retained 4,320.00), m2 3,591.00, m3 9.00 (cash 1.80).
    /// Dues are paid for 2026, so everyone may vote. Approved by motion M1 (m1 and m2 vote yes)
    /// and committed the same day. The shipped bylaws without consent by membership, so only the
    /// consents recorded here count (BylawConsentCommandTests covers membership as consent).
    func committedYear() throws -> (cli: CLIHarness, preview: JSONValue) {
        let cli = CLIHarness()
        cli.now = Timestamp("2026-01-10T09:00:00Z")!
        for who in ["ada", "ben", "cho"] { _ = try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        let ada = key(cli, "ada")
        let bylaws = try BylawConsentCommandTests.bylawsWithoutConsentByMembership(cli)
        _ = try cli.ok(["init", "--name", "Riverbend", "--bylaws", bylaws, "--founder-class", "therapist"] + ada)
        for (who, name, cls) in [("ben", "Ben Alvarez", "prescriber"), ("cho", "Cho <&> \"Ng\"", "staff")] {
            _ = try cli.ok(
                [
                    "member", "admit", "--name", name, "--pubkey", try cli.ok(["key", "show", cli.path("\(who).key")]),
                    "--class", cls,
                ] + ada)
        }
        // A year of dues ahead, so all three are in good standing (and may vote) in January 2027.
        for (member, amount) in [("m1", "1020.00"), ("m2", "1440.00"), ("m3", "300.00")] {
            _ = try cli.ok(["dues", "pay", member, amount] + ada)
        }
        cli.now = Timestamp("2026-03-01T10:00:00Z")!
        for (member, measure, quantity) in [
            ("m1", "revenue", "6000000"), ("m1", "hours", "1200"), ("m2", "revenue", "3990000"),
            ("m2", "hours", "798"), ("m3", "revenue", "10000"), ("m3", "hours", "2"),
        ] {
            _ = try cli.ok(["patronage", "record", member, measure, quantity, "--year", "2026"] + ada)
        }
        _ = try cli.ok(["patronage", "consent", "m1", "--method", "written"] + ada)
        cli.now = Timestamp("2027-01-20T10:00:00Z")!
        _ = try cli.ok(["patronage", "close-year", "2026", "--surplus", "10000.00", "--nonpatronage", "500.00"] + ada)
        let hash = try json(cli.ok(["patronage", "preview", "2026", "--json"]))["result_hash"]?.stringValue ?? ""
        try "Resolved: the members approve the 2026 patronage allocation.\n".write(toFile: cli.path("approve.md"), atomically: true, encoding: .utf8)
        let motion = try cli.ok(
            [
                "motion", "propose", "--kind", "patronage-approval", "--year", "2026", "--result-hash", hash,
                "--title", "Patronage 2026", "--text", cli.path("approve.md"),
            ] + ada)
        _ = try cli.ok(["motion", "open", motion] + ada)
        for who in ["ada", "ben"] { _ = try cli.ok(["vote", motion, "yes"] + key(cli, who)) }
        #expect(try cli.ok(["motion", "close", motion] + ada).contains("passes"))
        _ = try cli.ok(["patronage", "commit", "2026"] + ada)
        let preview = try json(cli.ok(["patronage", "preview", "2026", "--json"]))
        #expect(preview["committed"] == .bool(true) && preview["result_hash"]?.stringValue == hash)
        return (cli, preview)
    }

    func key(_ cli: CLIHarness, _ who: String) -> [String] { ["--key", cli.path("\(who).key")] }

    func json(_ text: String) throws -> JSONValue { try CanonicalJSON.decode(Array(text.utf8)) }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The preview's row for `member`.
    func row(_ preview: JSONValue, _ member: String) -> JSONValue? {
        preview["members"]?.arrayValue?.first { $0["member"]?.stringValue == member }
    }

    func dollars(_ cents: Int64?) -> String { Money(cents: cents ?? -1).description }

    /// The text after `label` up to the end of its line.
    func value(after label: String, in text: String) -> String? {
        text.components(separatedBy: "\n").first { $0.contains(label) }
            .flatMap { $0.components(separatedBy: label).last }?.trimmingCharacters(in: .whitespaces)
    }

    @Test func noticesMatchTheCommittedAllocation() throws {
        let (cli, preview) = try committedYear()
        // By hand (see committedYear): 10% of 10,000.00 to the reserve, 60% of the rest to m1.
        #expect(preview["reserve_cents"] == .integer(100_000) && preview["allocated_cents"] == .integer(900_000))
        #expect(row(preview, "m1")?["allocation"] == .integer(540_000) && row(preview, "m1")?["cash"] == .integer(108_000))

        let out = try cli.ok(["patronage", "notices", "2026", "--out", cli.path("notices")])
        #expect(out.contains("wrote 3 notices of allocation for fiscal year 2026") && out.contains("$9000.00 allocated"))
        #expect(out.contains("--record"))
        let digest = try #require(value(after: "notices digest:", in: out))
        #expect(digest.count == 64)

        var documents: [[UInt8]] = []
        for member in ["m1", "m2", "m3"] {
            let bytes = try #require(FileManager.default.contents(atPath: cli.path("notices/\(member).json"))).map { $0 }
            documents.append(bytes)
            #expect(CanonicalJSON.isCanonical(bytes))
            let notice = try CanonicalJSON.decode(bytes)
            let figures = try #require(row(preview, member))
            for field in ["allocation", "cash", "retained", "qualified"] { #expect(notice[field] == figures[field], "\(member) \(field)") }
            #expect(notice["fiscal_year"] == .integer(2026) && notice["start"] == .string("2026-01-01") && notice["end"] == .string("2026-12-31"))
            #expect(notice["payment_period_end"] == preview["payment_period_end"])
            #expect(notice["result_hash"] == preview["result_hash"] && notice["rules_version"] == preview["rules_version"])
            #expect(notice["cooperative"] == .string("Riverbend") && notice["commit_entry"]?.intValue != nil)
            let factors = try #require(notice["factors"]?.arrayValue)
            #expect(factors.map { $0["measure"]?.stringValue } == ["revenue", "hours"])
            #expect(factors.map { $0["measure_total"] } == [.integer(10_000_000), .integer(2_000)])
            #expect(factors.map { $0["weight"] } == [.string("3/5"), .string("2/5")])
            #expect(factors.compactMap { $0["portion"]?.intValue }.reduce(0, +) == figures["allocation"]?.intValue)
            #expect(FileManager.default.fileExists(atPath: cli.path("notices/\(member).html")))
        }
        // m1's line for hours: 1,200 of 2,000 hours at 40% of 9,000.00 is 2,160.00.
        let m1 = try CanonicalJSON.decode(documents[0])
        #expect(m1["factors"]?[1]?["quantity"] == .integer(1_200) && m1["factors"]?[1]?["portion"] == .integer(216_000))
        #expect(m1["consent"]?["method"] == .string("written") && m1["consent"]?["date"] == .string("2026-03-01"))
        #expect(m1["consent"]?["entry"]?.intValue != nil)
        #expect(try CanonicalJSON.decode(documents[1])["consent"] == nil)

        // The digest is SHA-256 of the canonical array of the member documents, in member order.
        let array = try CanonicalJSON.encode(.array(try documents.map { try CanonicalJSON.decode($0) }))
        #expect(array == Array("[".utf8) + Array(documents.joined(separator: Array(",".utf8))) + Array("]".utf8))
        #expect(SHA256.hash(array).hex == digest)

        let index = try json(read(cli.path("notices/index.json")))
        #expect(index["digest"] == .string(digest))
        #expect(index["members"]?.arrayValue?.compactMap { $0["member"]?.stringValue } == ["m1", "m2", "m3"])
        #expect(index["totals"]?["allocation"] == preview["allocated_cents"] && index["totals"]?["notices"] == .integer(3))
        #expect(index["totals"]?["non_qualified_retained"] == preview["non_qualified_retained_cents"])

        let again = cli.run(["patronage", "notices", "2026", "--out", cli.path("notices")])
        #expect(again.exitCode != 0 && "\(again.error.map { "\($0)" } ?? "")".contains("not empty"))
    }

    @Test func htmlEscapesAndSaysWhetherQualified() throws {
        let (cli, _) = try committedYear()
        _ = try cli.ok(["patronage", "notices", "2026", "--out", cli.path("notices")])
        let cho = try read(cli.path("notices/m3.html"))
        #expect(cho.contains("m3 Cho &lt;&amp;&gt; &quot;Ng&quot;"))
        #expect(!cho.contains("<&>") && !cho.contains("\"Ng\""))
        #expect(cho.hasPrefix("<!DOCTYPE html>") && !cho.contains("<script") && !cho.contains("src="))
        let ada = try read(cli.path("notices/m1.html"))
        #expect(ada.contains("This is a qualified written notice of allocation"))
        #expect(ada.contains("written consent given on 2026-03-01, recorded at ledger entry"))
        #expect(ada.contains("$5400.00") && ada.contains("$1080.00") && ada.contains("$4320.00") && ada.contains("60%"))
        let ben = try read(cli.path("notices/m2.html"))
        #expect(ben.contains("This is a non-qualified written notice of allocation"))
        #expect(ben.contains("it is taxed when the cooperative redeems it"))
        #expect(!ben.contains("This is a qualified"))
    }

    @Test func recordingTheNoticesPinsTheirDigestOnce() throws {
        let (cli, _) = try committedYear()
        let ada = key(cli, "ada")
        #expect(cli.run(["patronage", "notices", "2027", "--out", cli.path("none")]).error.map { "\($0)" }?.contains("not committed") == true)
        #expect(!FileManager.default.fileExists(atPath: cli.path("none")))
        cli.now = Timestamp("2027-02-01T10:00:00Z")!
        // Only the treasurer records the issue; a refusal writes no files.
        #expect(cli.run(["patronage", "notices", "2026", "--out", cli.path("ben"), "--record"] + key(cli, "ben")).exitCode != 0)
        #expect(!FileManager.default.fileExists(atPath: cli.path("ben")))
        let out = try cli.ok(["patronage", "notices", "2026", "--out", cli.path("notices"), "--record"] + ada)
        let digest = try #require(value(after: "notices digest:", in: out))
        let entryLine = try #require(out.components(separatedBy: "\n").first { $0.hasPrefix("entry ") })
        #expect(entryLine.contains("recorded as issued on 2027-02-01"))
        let index = try #require(entryLine.dropFirst("entry ".count).split(separator: ":").first.map(String.init))
        let shown = try json(cli.ok(["show", index, "--json"]))
        #expect(shown["statement"]?["type"] == .string("patronage.notify"))
        #expect(shown["statement"]?["body"]?["digest"] == .string(digest))
        #expect(shown["statement"]?["body"]?["year"] == .integer(2026))

        let second = cli.run(["patronage", "notices", "2026", "--out", cli.path("again"), "--record"] + ada)
        #expect(second.exitCode != 0 && "\(second.error.map { "\($0)" } ?? "")".contains("already recorded as issued on 2027-02-01"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("again")))
        let copies = try cli.ok(["patronage", "notices", "2026", "--out", cli.path("copies")])
        #expect(copies.contains("recorded as issued on 2027-02-01") && copies.contains("the digest matches"))
        #expect(try cli.ok(["verify"]).hasPrefix("OK"))
    }

    /// Writes the tax-id file: the payer and the members given (TINs from `tins`).
    func taxIDs(_ cli: CLIHarness, _ name: String, payer: Bool = true, members: [String]) throws -> String {
        var text = "member,name,tin,address\r\n"
        if payer { text += "payer,,\(Self.tins[0]),\"1 River Rd, Riverbend, OR 97000\"\r\n" }
        for member in members {
            let n = Int(member.dropFirst()) ?? 1
            text += "\(member),\(member == "m1" ? "Ada Lovelace" : ""),\(Self.tins[n]),\"\(n) Elm St\"\r\n"
        }
        try text.write(toFile: cli.path(name), atomically: true, encoding: .utf8)
        return cli.path(name)
    }

    @Test func form1099JoinsTaxIDsAndCountsTheYearOfPayment() throws {
        let (cli, preview) = try committedYear()
        let ada = key(cli, "ada")
        var printed: [String] = []
        func run(_ arguments: [String]) -> CLIHarness.Result {
            let r = cli.run(arguments)
            printed += [r.output, r.errors, r.error.map { "\($0)" } ?? ""]
            return r
        }
        cli.now = Timestamp("2027-02-01T10:00:00Z")!
        _ = try cli.ok(["patronage", "pay", "2026", "m1"] + ada)  // m1's whole cash part, 1,080.00
        _ = try cli.ok(["patronage", "pay", "2026", "m3"] + ada)  // 1.80: under the $10 threshold
        #expect(run(["patronage", "notices", "2026", "--out", cli.path("notices"), "--record"] + ada).error == nil)
        cli.now = Timestamp("2027-03-01T10:00:00Z")!
        // Retained patronage is paid out outside revolving only as the members authorize.
        let alone = run(["equity", "redeem", "m2", "100.00", "--component", "patronage:2026:nonqualified"] + ada)
        #expect("\(alone.error.map { "\($0)" } ?? "")".contains("passed resolution"))
        try "Resolved: redeem 100.00 of Ben's 2026 non-qualified allocation.\n".write(toFile: cli.path("redeem.md"), atomically: true, encoding: .utf8)
        let motion = try cli.ok(
            [
                "motion", "propose", "--kind", "resolution", "--title", "Redeem for Ben", "--text", cli.path("redeem.md"),
                "--redeem", "m2:patronage:2026:nonqualified:100.00",
            ] + ada)
        _ = try cli.ok(["motion", "open", motion] + ada)
        for who in ["ada", "ben"] { _ = try cli.ok(["vote", motion, "yes"] + key(cli, who)) }
        _ = try cli.ok(["motion", "close", motion] + ada)
        #expect(
            run(["equity", "redeem", "m2", "99.00", "--component", "patronage:2026:nonqualified", "--motion", motion] + ada)
                .exitCode != 0)  // not the amount authorized
        _ = try cli.ok(["equity", "redeem", "m2", "100.00", "--component", "patronage:2026:nonqualified", "--motion", motion] + ada)
        #expect(
            run(["equity", "redeem", "m2", "100.00", "--component", "patronage:2026:nonqualified", "--motion", motion] + ada)
                .exitCode != 0)  // used once
        cli.now = Timestamp("2028-01-15T10:00:00Z")!

        let missing = run(["patronage", "1099", "2027", "--out", cli.path("forms.csv"), "--tax-ids", try taxIDs(cli, "t1.csv", members: ["m1", "m3"])])
        let message = "\(missing.error.map { "\($0)" } ?? "")"
        #expect(missing.exitCode != 0 && message.contains("for: m2.") && message.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("forms.csv")))
        let noPayer = run(["patronage", "1099", "2027", "--out", cli.path("forms.csv"), "--tax-ids", try taxIDs(cli, "t2.csv", payer: false, members: ["m3"])])
        #expect("\(noPayer.error.map { "\($0)" } ?? "")".contains("for: payer, m1, m2."))
        #expect(!FileManager.default.fileExists(atPath: cli.path("forms.csv")))

        let done = run(["patronage", "1099", "2027", "--out", cli.path("forms.csv"), "--tax-ids", try taxIDs(cli, "t3.csv", members: ["m1", "m2"])])
        #expect(done.error == nil)
        #expect(done.output.contains("wrote 2 Form 1099-PATR records for calendar year 2027"))
        #expect(done.output.contains("left out under the $10.00 threshold: 1 member"))
        #expect(!done.errors.contains("warning"))
        // m1: cash paid in 2027 plus the qualified retained part, its notice issued in 2027.
        let m1 = try #require(row(preview, "m1"))
        let box1 = dollars((m1["cash"]?.intValue ?? 0) + (m1["retained"]?.intValue ?? 0))
        #expect(box1 == "5400.00")
        let payer = "Riverbend,\(Self.tins[0]),\"1 River Rd, Riverbend, OR 97000\","
        #expect(
            try read(cli.path("forms.csv")) == "payer_name,payer_tin,payer_address,account_number,recipient_name,recipient_tin,recipient_address,"
                + "box1_patronage_dividends,box4_federal_income_tax_withheld,box5_redemption_of_nonqualified_notices\r\n"
                + payer + "m1,Ada Lovelace,\(Self.tins[1]),1 Elm St,\(box1),0.00,0.00\r\n"
                + payer + "m2,Ben Alvarez,\(Self.tins[2]),2 Elm St,0.00,0.00,100.00\r\n")
        let mode = try FileManager.default.attributesOfItem(atPath: cli.path("forms.csv"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let twice = run(["patronage", "1099", "2027", "--out", cli.path("forms.csv"), "--tax-ids", cli.path("t3.csv")])
        #expect("\(twice.error.map { "\($0)" } ?? "")".contains("already exists"))

        // Nothing in 2026 (the fiscal year is not the year of payment).
        let none = run(["patronage", "1099", "2026", "--out", cli.path("2026.csv"), "--tax-ids", cli.path("t1.csv")])
        #expect(none.error == nil && none.output.contains("wrote 0 Form 1099-PATR records"))
        for text in printed { for tin in Self.tins { #expect(!text.contains(tin)) } }
    }

    @Test func form1099WarnsWhileNoticesAreUnrecorded() throws {
        let (cli, preview) = try committedYear()
        cli.now = Timestamp("2027-02-01T10:00:00Z")!
        _ = try cli.ok(["patronage", "pay", "2026", "m1"] + key(cli, "ada"))
        let r = cli.run(["patronage", "1099", "2027", "--out", cli.path("forms.csv"), "--tax-ids", try taxIDs(cli, "t.csv", members: ["m1"])])
        #expect(r.error == nil)
        #expect(r.errors.contains("warning: fiscal year 2026 committed but notices not recorded as issued"))
        // Only the cash part: the qualified notice is in no box 1 until its issue is recorded.
        let cash = dollars(row(preview, "m1")?["cash"]?.intValue)
        #expect(cash == "1080.00")
        #expect(try read(cli.path("forms.csv")).contains(",m1,Ada Lovelace,\(Self.tins[1]),1 Elm St,\(cash),0.00,0.00\r\n"))
        for tin in Self.tins { #expect(!r.output.contains(tin) && !r.errors.contains(tin)) }
    }
}
