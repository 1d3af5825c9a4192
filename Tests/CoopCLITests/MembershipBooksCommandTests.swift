import CoopCanonicalJSON
import CoopModel
import Foundation
import Testing

/// Issue 3 through the command line: bylaws, members, dues and equity as a treasurer uses them.
@Suite("coop bylaws, member, dues and equity commands")
struct MembershipBooksCommandTests {
    static var bylawsFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Bylaws").path
    }

    /// A cooperative founded 2026-01-10 on the shipped bylaws: m1 Ada (therapist, officer),
    /// m2 Ben (prescriber), m3 Dev (supporter).
    func founded() throws -> CLIHarness {
        let cli = CLIHarness()
        cli.now = Timestamp("2026-01-10T09:00:00Z")!
        for who in ["ada", "ben", "dev"] { try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        try cli.ok(["init", "--name", "Riverbend", "--bylaws", Self.bylawsFolder, "--key", cli.path("ada.key"), "--founder-class", "therapist"])
        #expect(
            try cli.ok([
                "member", "admit", "--name", "Ben", "--pubkey", try cli.ok(["key", "show", cli.path("ben.key")]),
                "--class", "prescriber", "--key", cli.path("ada.key"),
            ]) == "m2")
        let dev = try cli.ok([
            "member", "admit", "--name", "Dev, \"the\" supporter", "--pubkey", try cli.ok(["key", "show", cli.path("dev.key")]),
            "--class", "supporter", "--key", cli.path("ada.key"), "--json",
        ])
        #expect(try CanonicalJSON.decode(Array(dev.utf8)).objectValue?["member"]?.stringValue == "m3")
        return cli
    }

    func json(_ cli: CLIHarness, _ args: [String]) throws -> [String: JSONValue] {
        try #require(try CanonicalJSON.decode(Array(try cli.ok(args + ["--json"]).utf8)).objectValue)
    }

    @Test func bylawsCheckListsEveryProblemAndFails() throws {
        let cli = CLIHarness()
        let folder = cli.path("bad-bylaws")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "# Bylaws\n".write(toFile: folder + "/bylaws.md", atomically: true, encoding: .utf8)
        let rules = try String(contentsOfFile: Self.bylawsFolder + "/rules.yaml", encoding: .utf8)
            .replacingOccurrences(of: "monthly: \"17.00\"", with: "monthly: \"17.001\"")
            .replacingOccurrences(of: "instalments: 10", with: "instalments: 0")
        try rules.write(toFile: folder + "/rules.yaml", atomically: true, encoding: .utf8)
        let r = cli.run(["bylaws", "check", folder])
        #expect(r.exitCode != 0)
        #expect(r.output.contains("rules.yaml:") && r.output.contains("dues.tiers.supporter.monthly"))
        #expect(r.output.contains("share.instalments: 0 is outside 1...120"))
        #expect(try cli.ok(["bylaws", "check", Self.bylawsFolder]).contains("valid bylaws"))
        // init refuses invalid bylaws and creates nothing.
        try cli.ok(["key", "new", "--out", cli.path("a.key")])
        #expect(cli.run(["init", "--name", "X", "--bylaws", folder, "--key", cli.path("a.key")]).exitCode != 0)
        #expect(!FileManager.default.fileExists(atPath: cli.path("coop.ledger")))
    }

    @Test func duesAndEquityThroughTheYear() throws {
        let cli = try founded()
        let ada = ["--key", cli.path("ada.key")]
        cli.now = Timestamp("2026-03-05T10:00:00Z")!
        try cli.ok(["dues", "pay", "m2", "300.00", "--method", "ach", "--ref", "T-1"] + ada)
        try cli.ok(["equity", "share", "m2", "50.00"] + ada)
        try cli.ok(["equity", "share", "m1", "500.00"] + ada)
        // Bad amounts and ids: clear errors, nothing written.
        for bad in [
            ["dues", "pay", "m2", "0"], ["dues", "pay", "m2", "-5.00"], ["dues", "pay", "m2", "17.001"],
            ["dues", "pay", "m9", "17.00"], ["equity", "share", "m3", "50.00"], ["equity", "share", "m2", "10.00"],
        ] {
            let r = cli.run(bad + ada)
            #expect(r.exitCode != 0, "\(bad)")
        }
        cli.now = Timestamp("2026-06-15T10:00:00Z")!
        let status = try json(cli, ["dues", "status"])
        let rows = try #require(status["members"]?.arrayValue)
        let ben = try #require(rows.first { $0.objectValue?["member"]?.stringValue == "m2" }?.objectValue)
        #expect(ben["balance_cents"] == .integer(72000 - 30000))  // 6 × 120.00 − 300.00
        #expect(ben["paid_through"] == .string("2026-02"))  // 2 × 120.00 = 240.00; 60.00 toward March
        #expect(ben["good_standing"] == .bool(false))  // Mar–Jun: 4 months open
        let dev = try #require(rows.first { $0.objectValue?["member"]?.stringValue == "m3" }?.objectValue)
        #expect(dev["balance_cents"] == .integer(6 * 1700))
        // As of an earlier date, replayed.
        let march = try json(cli, ["dues", "status", "--as-of", "2026-03-31"])
        let benMarch = try #require(march["members"]?.arrayValue?.first { $0.objectValue?["member"]?.stringValue == "m2" }?.objectValue)
        #expect(benMarch["balance_cents"] == .integer(36000 - 30000))
        let arrears = try cli.ok(["dues", "status", "--arrears"])
        #expect(arrears.contains("m2") && arrears.contains("NOT in good standing"))
        #expect(try cli.ok(["member", "list", "--standing"]).split(separator: "\n").isEmpty)

        let register = try json(cli, ["equity", "register"])
        #expect(register["members_total_cents"] == .integer(55000))
        #expect(register["total_equity_cents"] == .integer(55000))
        let before = try json(cli, ["equity", "register", "--as-of", "2026-03-04"])
        #expect(before["total_equity_cents"] == .integer(0))
        let show = try json(cli, ["equity", "show", "m2"])
        #expect(show["total_cents"] == .integer(5000))
        #expect(try cli.ok(["dues", "statement", "m2"]).contains("T-1"))
    }

    @Test func leavingSuspendingAndTierChanges() throws {
        let cli = try founded()
        let ada = ["--key", cli.path("ada.key")]
        cli.now = Timestamp("2026-02-01T10:00:00Z")!
        try cli.ok(["member", "change", "m2", "--tier", "sliding", "--dues-amount", "60.00", "--from", "2026-03"] + ada)
        try cli.ok(["member", "suspend", "m3", "--reason", "unpaid"] + ada)
        #expect(cli.run(["member", "suspend", "m3"] + ada).exitCode != 0)  // already suspended
        try cli.ok(["member", "reinstate", "m3"] + ada)
        // Dev withdraws himself; no more dues accrue and none may be recorded.
        cli.now = Timestamp("2026-04-20T10:00:00Z")!
        try cli.ok(["member", "withdraw", "m3", "--reason", "moving", "--key", cli.path("dev.key")])
        #expect(cli.run(["dues", "pay", "m3", "17.00"] + ada).exitCode != 0)
        // A non-officer cannot suspend anyone.
        #expect(cli.run(["member", "suspend", "m1", "--key", cli.path("ben.key")]).exitCode != 0)
        cli.now = Timestamp("2026-12-31T10:00:00Z")!
        let ben = try json(cli, ["dues", "statement", "m2"])
        let charges = try #require(ben["charges"]?.arrayValue)
        #expect(charges.count == 12)
        #expect(charges[1].objectValue?["amount_cents"] == .integer(12000) && charges[2].objectValue?["amount_cents"] == .integer(6000))
        let dev = try json(cli, ["dues", "statement", "m3"])
        #expect(dev["charges"]?.arrayValue?.count == 4)  // Jan–Apr
        #expect(try cli.ok(["member", "show", "m3"]).contains("withdrawn"))
        #expect(try cli.ok(["verify"]).hasPrefix("OK:"))
        let shown = try json(cli, ["bylaws", "show"])
        #expect(shown["version"]?.stringValue?.count == 64)
    }
}
