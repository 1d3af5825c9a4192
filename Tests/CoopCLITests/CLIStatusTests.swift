import CoopCanonicalJSON
import CoopModel
import Foundation
import Testing

/// The member's view: `coop status` (the cooperative at a glance) and `coop me` (the member
/// holding a key), with `motion list` showing closing times and `motion close --json` winners.
@Suite("coop status and coop me", .serialized)
struct CLIStatusTests {
    /// Riverbend in May 2026 on the shipped bylaws (max 3 months of arrears): m1 Ada (therapist,
    /// 85.00, paid up, 500.00 share), m2 Ben (prescriber, 120.00, January paid: 4 months open),
    /// m3 Dev (supporter, nothing paid but 17.00 effective in April), m4 Cho (staff, admitted in
    /// May), and M1, a resolution open until the end of May 31 on which Ada voted yes.
    func may() throws -> CLIHarness {
        let cli = CLIHarness()
        cli.now = Timestamp("2026-01-10T09:00:00Z")!
        for who in ["ada", "ben", "dev", "cho"] { try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        let ada = ["--key", cli.path("ada.key")]
        try cli.ok(["init", "--name", "Riverbend", "--bylaws", MembershipBooksCommandTests.bylawsFolder, "--founder-class", "therapist"] + ada)
        for (who, cls) in [("Ben", "prescriber"), ("Dev", "supporter")] {
            let pub = try cli.ok(["key", "show", cli.path("\(who.lowercased()).key")])
            try cli.ok(["member", "admit", "--name", who, "--pubkey", pub, "--class", cls] + ada)
        }
        cli.now = Timestamp("2026-05-10T10:00:00Z")!
        try cli.ok(["member", "admit", "--name", "Cho", "--pubkey", try cli.ok(["key", "show", cli.path("cho.key")]), "--class", "staff"] + ada)
        try cli.ok(["dues", "pay", "m1", "425.00", "--ref", "A-1"] + ada)  // Jan–May at 85.00
        try cli.ok(["dues", "pay", "m2", "120.00", "--ref", "B-1"] + ada)  // January only
        try cli.ok(["dues", "pay", "m3", "17.00", "--ref", "D-1", "--effective", "2026-04-20"] + ada)  // April's, not May's
        try cli.ok(["equity", "share", "m1", "500.00"] + ada)
        try "Resolved: adopt the budget.\n".write(toFile: cli.path("budget.md"), atomically: true, encoding: .utf8)
        try cli.ok(["motion", "propose", "--title", "Budget", "--kind", "resolution", "--text", cli.path("budget.md")] + ada)
        try cli.ok(["motion", "open", "M1", "--closes", "2026-05-31"] + ada)
        try cli.ok(["vote", "M1", "yes"] + ada)
        return cli
    }

    func json(_ cli: CLIHarness, _ args: [String]) throws -> JSONValue {
        try CanonicalJSON.decode(Array(try cli.ok(args + ["--json"]).utf8))
    }

    @Test func statusAtAGlance() throws {
        let cli = try may()
        let s = try json(cli, ["status"])
        #expect(s["name"] == .string("Riverbend"))
        #expect(s["members"]?["active"] == .integer(4))
        #expect(s["members"]?["suspended"] == .integer(0))
        // Ada paid up; Cho one month open (allowed 3); Ben 4 and Dev 4 (April paid) open.
        #expect(s["good_standing"] == .integer(2))
        let open = try #require(s["open_motions"]?.arrayValue)
        #expect(open.count == 1)
        #expect(open.first?["id"] == .string("M1"))
        #expect(open.first?["electorate"] == .integer(2))  // Ada and Cho: Ben in arrears, Dev a supporter
        #expect(open.first?["voted"] == .integer(1))
        let closes = try #require(open.first?["closes"]?.stringValue)
        #expect(closes.hasPrefix("2026-05-31T23:59:59"))
        #expect(s["dues_collected"]?["month"] == .string("2026-05"))
        #expect(s["dues_collected"]?["amount_cents"] == .integer(54500))  // 425.00 + 120.00; Dev's is April's
        #expect(s["dues_collected"]?["payments"] == .integer(2))
        #expect(s["patronage"]?["year"] == .integer(2026))
        #expect(s["patronage"]?["stage"] == .string("open"))
        #expect(s["last_checkpoint"] == .null)

        let text = try cli.ok(["status"])
        #expect(text.contains("members      4: 4 active; 2 in good standing"))
        #expect(text.contains("M1  Budget  (closes 2026-05-31T23:59:59"))
        #expect(text.contains("1 of 2 voted"))
        #expect(text.contains("$545.00 collected in 2026-05 (2 payments)"))
        #expect(text.contains("fiscal year 2026 (2026-01-01 to 2026-12-31): open"))
        #expect(text.contains("checkpoint   none yet"))

        try cli.ok(["checkpoint"])
        let size = try #require(try json(cli, ["status"])["size"])
        #expect(try json(cli, ["status"])["last_checkpoint"] == .object(["size": size, "covers_head": .bool(true)]))
        #expect(try cli.ok(["status"]).contains("covers the head"))
        try cli.ok(["vote", "M1", "no", "--key", cli.path("cho.key")])
        #expect(try json(cli, ["status"])["last_checkpoint"]?["covers_head"] == .bool(false))
        #expect(try cli.ok(["status"]).contains("1 entry since, not covered"))
    }

    @Test func meForEachMember() throws {
        let cli = try may()
        // Only the public key is read: no passphrase is needed.
        cli.environment.removeValue(forKey: "COOP_PASSPHRASE")

        let ada = try json(cli, ["me", "--key", cli.path("ada.key")])
        #expect(ada["member"] == .string("m1"))
        #expect(ada["class"] == .string("therapist"))
        #expect(ada["good_standing"] == .bool(true))
        #expect(ada["dues"]?["balance_cents"] == .integer(0))
        #expect(ada["capital_account"]?["total_cents"] == .integer(50000))
        #expect(ada["capital_account"]?["components"]?[0]?["component"] == .string("share"))
        let adaM1 = try #require(ada["open_motions"]?.arrayValue?.first)
        #expect(adaM1["choice"] == .string("yes") && adaM1["eligible"] == .bool(true))
        #expect(adaM1["closes"]?.stringValue?.hasPrefix("2026-05-31T23:59:59") == true)
        let adaText = try cli.ok(["me", "--key", cli.path("ada.key")])
        #expect(adaText.contains("your ballot: yes"))
        #expect(adaText.contains("standing   in good standing"))
        #expect(adaText.contains("capital    $500.00"))
        #expect(adaText.contains("roles"))

        // $COOP_KEY works as for every other command.
        let ben = try cli.ok(["me"], environment: ["COOP_KEY": cli.path("ben.key")])
        #expect(ben.hasPrefix("m2  Ben"))
        #expect(ben.contains("NOT in good standing: 4 months of dues unpaid at the end of 2026-05 (the bylaws allow 3)"))
        #expect(ben.contains("dues       $480.00 owed; paid through 2026-01"))
        #expect(ben.contains("not eligible: 4 months of dues unpaid at the record date 2026-05-10 (the bylaws allow 3)"))
        let benJSON = try json(cli, ["me", "--key", cli.path("ben.key")])
        #expect(benJSON["dues"]?["months_in_arrears"] == .integer(4))
        #expect(benJSON["not_in_good_standing_because"]?.stringValue?.contains("4 months") == true)
        #expect(benJSON["open_motions"]?[0]?["eligible"] == .bool(false))

        let dev = try cli.ok(["me", "--key", cli.path("dev.key")])
        #expect(dev.contains("members of the supporter class do not vote on this kind of motion"))

        let cho = try cli.ok(["me", "--key", cli.path("cho.key")])
        #expect(cho.contains("standing   in good standing"))
        #expect(cho.contains("you may vote: coop vote M1"))

        // A key that is no member's.
        try cli.ok(["key", "new", "--out", cli.path("eve.key"), "--name", "eve"], environment: ["COOP_PASSPHRASE": "correct horse battery staple"])
        #expect(cli.run(["me", "--key", cli.path("eve.key")]).exitCode != 0)
        #expect(cli.run(["me"]).exitCode != 0)  // no key at all
    }

    @Test func motionListClosesAndElectionWinners() throws {
        let cli = try may()
        let ada = ["--key", cli.path("ada.key")]
        let list = try json(cli, ["motion", "list"])
        #expect(list[0]?["closes"]?.stringValue?.hasPrefix("2026-05-31T23:59:59") == true)
        #expect(try cli.ok(["motion", "list"]).contains("(closes 2026-05-31T23:59:59"))

        try "Elect one director.\n".write(toFile: cli.path("board.md"), atomically: true, encoding: .utf8)
        try cli.ok(
            ["motion", "propose", "--title", "Director", "--kind", "election", "--text", cli.path("board.md"), "--seats", "1"]
                + ["--candidate", "Ben", "--candidate", "Cho"] + ada)
        try cli.ok(["motion", "open", "M2"] + ada)
        #expect(try json(cli, ["motion", "list"])[1]?["closes"] == .null)  // open until the secretary closes it
        try cli.ok(["vote", "M2", "--choose", "Cho"] + ada)
        try cli.ok(["vote", "M2", "--choose", "Cho", "--key", cli.path("cho.key")])
        #expect(try cli.ok(["me", "--key", cli.path("cho.key")]).contains("your ballot: Cho"))
        let closed = try json(cli, ["motion", "close", "M2"] + ada)
        #expect(closed["winners"] == .array([.string("Cho")]))
        #expect(closed["passed"] == .bool(true))
        #expect(try json(cli, ["motion", "list"])[1]?["closes"] == nil)  // closed: no closing time shown
    }
}
