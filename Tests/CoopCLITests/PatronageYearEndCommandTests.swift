import ArgumentParser
import CoopCLI
import CoopModel
import Foundation
import Testing

/// The treasurer's whole year end through `coop patronage`, as the README describes it, with
/// hand-checked figures and the refusals a treasurer meets on the way.
@Suite("coop patronage: a year end from the command line")
struct PatronageYearEndCommandTests {
    /// Founded 2026-01-10 on the shipped bylaws (revenue 60% / hours 40%, reserve 10%, cash
    /// 20%): m1 Ada (therapist, every officer role), m2 Ben (prescriber), m3 Cho (therapist).
    /// Everyone's dues are paid far ahead, so all may vote on the approval. The bylaws are the
    /// shipped ones without consent by membership, so consents are recorded one by one here
    /// (BylawConsentCommandTests covers membership as consent).
    func cooperative() throws -> (CLIHarness, [String]) {
        let cli = CLIHarness()
        cli.now = Timestamp("2026-01-10T09:00:00Z")!
        for who in ["ada", "ben", "cho"] { _ = try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        let ada = ["--key", cli.path("ada.key")]
        let bylaws = try BylawConsentCommandTests.bylawsWithoutConsentByMembership(cli)
        _ = try cli.ok(["init", "--name", "Riverbend", "--bylaws", bylaws, "--founder-class", "therapist"] + ada)
        for (who, memberClass) in [("ben", "prescriber"), ("cho", "therapist")] {
            _ = try cli.ok(
                [
                    "member", "admit", "--name", who.capitalized, "--pubkey", try cli.ok(["key", "show", cli.path("\(who).key")]),
                    "--class", memberClass,
                ] + ada)
        }
        for m in ["m1", "m2", "m3"] { _ = try cli.ok(["dues", "pay", m, "5000.00"] + ada) }
        return (cli, ada)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aWholeYearEndReconcilesToTheCent() throws {
        let (cli, ada) = try cooperative()
        cli.now = Timestamp("2026-06-30T12:00:00Z")!
        _ = try cli.ok(["patronage", "record", "m1", "revenue", "500000", "--year", "2026"] + ada)
        _ = try cli.ok(["patronage", "record", "m1", "hours", "200", "--period", "2026-06"] + ada)  // year from the period
        try "member,measure,quantity,year,period\r\nm2,revenue,300000,2026,2026-05\r\nm2,hours,100,2026,\r\nm3,revenue,200000,2026,\r\nm3,hours,100,2026,\r\n"
            .write(toFile: cli.path("patronage.csv"), atomically: true, encoding: .utf8)
        #expect(try cli.ok(["patronage", "import", cli.path("patronage.csv")] + ada).contains("recorded 4 rows"))
        _ = try cli.ok(["patronage", "consent", "m1", "--method", "written"] + ada)  // a paper consent on file
        _ = try cli.ok(["patronage", "consent", "m3", "--method", "bylaw", "--key", cli.path("cho.key")])  // Cho signs her own
        let early = cli.run(["patronage", "close-year", "2026", "--surplus", "10000.00"] + ada)
        #expect(early.exitCode != 0 && "\(early.error!)".contains("close it after that"))

        cli.now = Timestamp("2027-01-20T12:00:00Z")!
        _ = try cli.ok(["patronage", "close-year", "2026", "--surplus", "10000.00", "--nonpatronage", "500.00"] + ada)
        // Weights: m1 0.6·0.5 + 0.4·0.5 = 0.50, m2 0.18 + 0.10 = 0.28, m3 0.12 + 0.10 = 0.22.
        // Reserve 10% of 10,000.00 = 1,000.00; pool 9,000.00 → 4,500.00, 2,520.00, 1,980.00;
        // cash 20% → 900.00, 504.00, 396.00.
        let preview = try json(try cli.ok(["patronage", "preview", "2026", "--json"]))
        let rows = try #require(preview["members"] as? [[String: Any]])
        #expect(preview["pool_cents"] as? Int == 900_000 && preview["reserve_cents"] as? Int == 100_000)
        #expect(rows.map { $0["allocation"] as? Int } == [450_000, 252_000, 198_000])
        #expect(rows.map { $0["cash"] as? Int } == [90_000, 50_400, 39_600])
        #expect(rows.map { $0["retained"] as? Int } == [360_000, 201_600, 158_400])
        #expect(rows.map { $0["qualified"] as? Bool } == [true, false, true])
        let hash = try #require(preview["result_hash"] as? String)
        let text = try cli.ok(["patronage", "preview", "2026"])
        #expect(text.contains("reconciles: yes") && text.contains("result hash: \(hash)") && text.contains("50.0000%"))
        #expect(
            try cli.ok(["patronage", "preview", "2026", "--csv"]).hasPrefix(
                "member,qualified,revenue,hours,weight_ppm,allocation,cash,retained\r\nm1,true,500000,200,500000,4500.00,900.00,3600.00\r\n"))

        let unapproved = cli.run(["patronage", "commit", "2026"] + ada)
        #expect(unapproved.exitCode != 0 && "\(unapproved.error!)".contains("no patronage-approval motion for 2026 has passed"))
        try "Allocate 2026 as previewed.".write(toFile: cli.path("approval.md"), atomically: true, encoding: .utf8)
        _ = try cli.ok(
            [
                "motion", "propose", "--kind", "patronage-approval", "--year", "2026", "--result-hash", hash,
                "--title", "Patronage 2026", "--text", cli.path("approval.md"),
            ] + ada)
        _ = try cli.ok(["motion", "open", "M1"] + ada)
        for who in ["ada", "ben", "cho"] { _ = try cli.ok(["vote", "M1", "yes", "--key", cli.path("\(who).key")]) }
        _ = try cli.ok(["motion", "close", "M1"] + ada)
        #expect(try cli.ok(["patronage", "commit", "2026"] + ada).contains("$9000.00 allocated, $1800.00 cash payable by 2027-09-15"))
        #expect(
            try cli.ok(["equity", "show", "m2"]).split(separator: "\n").contains { $0.contains("patronage 2026 non-qualified") && $0.hasSuffix(" 2016.00") })

        var status = try cli.ok(["patronage", "status", "2026"])
        #expect(status.contains("unpaid: m1 900.00, m2 504.00, m3 396.00") && status.contains("notices:    not issued"))
        #expect(status.contains("no consent: m2"))
        _ = try cli.ok(["patronage", "pay", "2026", "m2", "--amount", "500.00", "--withheld", "120.00"] + ada)
        #expect(cli.run(["patronage", "pay", "2026", "m2", "--amount", "4.01"] + ada).exitCode != 0)
        #expect(try cli.ok(["patronage", "pay", "2026"] + ada).contains("paid m2 $4.00"))  // everyone's remainder
        status = try cli.ok(["patronage", "status", "2026", "--json"])
        #expect(try json(status)["cash_unpaid"] as? [Any] != nil && (try json(status)["cash_unpaid"] as? [Any])?.isEmpty == true)

        cli.now = Timestamp("2030-02-01T12:00:00Z")!
        #expect(try cli.ok(["patronage", "revolve", "2026", "--dry-run"]).contains("3 lots, $7200.00 (non-qualified $2016.00"))
        _ = try cli.ok(["patronage", "revolve", "2026"] + ada)
        #expect(try cli.ok(["equity", "register"]).split(separator: "\n").contains { $0.contains("total member equity") && $0.hasSuffix(" 1000.00") })
        #expect(try cli.ok(["verify"]).hasPrefix("OK"))
    }

    @Test func anImportWithAnyBadRowWritesNothingAndNamesEveryBadRow() throws {
        let (cli, ada) = try cooperative()
        cli.now = Timestamp("2026-05-01T12:00:00Z")!
        try """
        member,measure,quantity,year
        m2,hours,10,2026
        m2,sessions,3,2026
        m9,hours,1,2026
        m3,hours,1.5,2026
        m3,hours,-1,2026
        m2,hours,5,2026

        """.write(toFile: cli.path("bad.csv"), atomically: true, encoding: .utf8)
        let r = cli.run(["patronage", "import", cli.path("bad.csv")] + ada)
        #expect(r.exitCode != 0 && "\(r.error!)".contains("4 of 6 rows are wrong; nothing was recorded"))
        for (line, reason) in [
            (3, "not a patronage measure"), (4, "there is no member m9"), (5, "not a whole number"),
            (6, "cannot take it below 0"),
        ] {
            #expect(
                r.errors.contains("bad.csv:\(line): ") && r.errors.split(separator: "\n").contains { $0.contains("bad.csv:\(line):") && $0.contains(reason) })
        }
        #expect(try json(try cli.ok(["patronage", "status", "2026", "--json"]))["records"] as? Int == 0)
        try "member,measure,quantity\nm2,hours,1\n".write(toFile: cli.path("short.csv"), atomically: true, encoding: .utf8)
        #expect("\(cli.run(["patronage", "import", cli.path("short.csv")] + ada).error!)".contains("missing: year"))
        try "member,measure,quantity,year\n\"m2,hours,1,2026\n".write(toFile: cli.path("open.csv"), atomically: true, encoding: .utf8)
        #expect("\(cli.run(["patronage", "import", cli.path("open.csv")] + ada).error!)".contains("never closed"))
    }
}
