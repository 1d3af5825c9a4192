import CoopCLI
import CoopModel
import Foundation
import Testing

/// Consent by membership (the shipped bylaws' Article VI.3, `bylaw_consent`): every member holds
/// it from admission, or from the adoption of the bylaw, with no command per member; a member's
/// revocation still wins from the next fiscal year.
@Suite("coop patronage: consent by membership")
struct BylawConsentCommandTests {
    /// A copy of the shipped bylaws without `bylaw_consent` (bylaw consent accepted, but only as
    /// a recorded `patronage.consent`): the bylaws before the consent-by-membership amendment.
    static func bylawsWithoutConsentByMembership(_ cli: CLIHarness) throws -> String {
        let folder = cli.path("bylaws-before")
        try FileManager.default.copyItem(atPath: MembershipBooksCommandTests.bylawsFolder, toPath: folder)
        let rules = try String(contentsOfFile: folder + "/rules.yaml", encoding: .utf8)
        let without = rules.replacingOccurrences(of: "\n  bylaw_consent: Article VI.3", with: "")
        #expect(without != rules)
        try without.write(toFile: folder + "/rules.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    func line(_ text: String, _ prefix: String) -> String? {
        text.split(separator: "\n").map(String.init).first { $0.hasPrefix(prefix) }
    }

    @Test func everyMemberHoldsTheBylawConsentFromAdmissionUntilTheyRevokeIt() throws {
        let cli = try MembershipBooksCommandTests().founded()  // 2026-01-10: m1 Ada, m2 Ben, m3 Dev
        let ada = ["--key", cli.path("ada.key")]
        for m in ["m1", "m2"] {
            let shown = try cli.ok(["member", "show", m])
            #expect(
                line(shown, "  consent ") == "  consent   bylaw consent, Article VI.3, adopted 2026-01-10 (from 2026-01-10, by admission)",
                "\(shown)")
        }
        // Nothing to record: a recorded bylaw consent on top of it is a duplicate.
        let twice = cli.run(["patronage", "consent", "m2", "--method", "bylaw", "--key", cli.path("ben.key")])
        let refusal = twice.error.map { "\($0)" } ?? ""
        #expect(twice.exitCode != 0 && refusal.contains("m2 already has a bylaw consent in force"), "\(refusal)")

        cli.now = Timestamp("2026-06-01T09:00:00Z")!
        for (m, revenue) in [("m1", "300000"), ("m2", "100000")] {
            try cli.ok(["patronage", "record", m, "revenue", revenue, "--year", "2026"] + ada)
            try cli.ok(["patronage", "record", m, "hours", "10", "--year", "2026"] + ada)
        }
        var status = try cli.ok(["patronage", "status", "2026"])
        #expect(line(status, "  consent:    m2") == "  consent:    m2 bylaw consent, Article VI.3, adopted 2026-01-10", "\(status)")
        #expect(status.contains("  no consent: none"), "\(status)")

        // Ben revokes in June 2026: 2026 stays covered (a revocation applies from the next year).
        try cli.ok(["patronage", "consent", "m2", "--method", "bylaw", "--revoke", "--key", cli.path("ben.key")])
        #expect(try cli.ok(["member", "show", "m2"]).contains("; revoked on 2026-06-01 (entry "))
        status = try cli.ok(["patronage", "status", "2026"])
        #expect(status.contains("  no consent: none"), "\(status)")

        cli.now = Timestamp("2027-02-01T09:00:00Z")!
        for m in ["m1", "m2"] { try cli.ok(["patronage", "record", m, "hours", "5", "--year", "2027"] + ada) }
        status = try cli.ok(["patronage", "status", "2027"])
        #expect(line(status, "  consent:    m2") == "  consent:    m2 none (non-qualified notice)", "\(status)")
        #expect(line(status, "  consent:    m1") == "  consent:    m1 bylaw consent, Article VI.3, adopted 2026-01-10", "\(status)")
        #expect(status.contains("  no consent: m2 "), "\(status)")
        let json = try cli.ok(["patronage", "status", "2027", "--json"])
        #expect(json.contains(#"{"basis":null,"member":"m2"}"#), "\(json)")

        // A written consent afterwards is its own basis, named by its entry.
        let written = try cli.ok(["patronage", "consent", "m2", "--method", "written", "--key", cli.path("ben.key"), "--json"])
        let index = try #require(written.firstMatch(of: /"index":(\d+)/).map { String($0.1) }, "\(written)")
        status = try cli.ok(["patronage", "status", "2027"])
        #expect(line(status, "  consent:    m2") == "  consent:    m2 written consent, entry \(index)", "\(status)")
        #expect(try cli.ok(["verify"]).hasPrefix("OK"))
    }

    @Test func adoptingTheBylawGivesItToEveryMemberThenInForce() throws {
        let cli = CLIHarness()
        cli.now = Timestamp("2026-01-10T09:00:00Z")!
        for who in ["ada", "ben"] { try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        let ada = ["--key", cli.path("ada.key")]
        let before = try Self.bylawsWithoutConsentByMembership(cli)
        try cli.ok(["init", "--name", "Riverbend", "--bylaws", before, "--founder-class", "therapist"] + ada)
        try cli.ok(["member", "admit", "--name", "Ben", "--pubkey", try cli.ok(["key", "show", cli.path("ben.key")]), "--class", "prescriber"] + ada)
        #expect(!(try cli.ok(["member", "show", "m2"]).contains("consent")))

        try "Adopt consent by membership (Article VI.3).".write(toFile: cli.path("vi3.md"), atomically: true, encoding: .utf8)
        let motion = try cli.ok(
            [
                "motion", "propose", "--kind", "bylaws-amendment", "--bylaws", MembershipBooksCommandTests.bylawsFolder,
                "--title", "Consent by membership", "--text", cli.path("vi3.md"),
            ] + ada)
        cli.now = Timestamp("2026-01-25T10:00:00Z")!  // after the 14 days' notice
        try cli.ok(["motion", "open", motion] + ada)
        for who in ["ada", "ben"] { try cli.ok(["vote", motion, "yes", "--key", cli.path("\(who).key")]) }
        #expect(try cli.ok(["motion", "close", motion, "--json"] + ada).contains("\"passed\":true"))

        for m in ["m1", "m2"] {
            let shown = try cli.ok(["member", "show", m])
            #expect(
                line(shown, "  consent ") == "  consent   bylaw consent, Article VI.3, adopted 2026-01-25 (from 2026-01-25, held when adopted)",
                "\(shown)")
        }
        let member = try cli.ok(["member", "show", "m2", "--json"])
        #expect(member.contains(#""consents":[{"basis":"bylaw consent, Article VI.3, adopted 2026-01-25","date":"2026-01-25""#), "\(member)")
        #expect(member.contains(#""method":"bylaw","source":"adoption"}]"#), "\(member)")
    }

    @Test func noticesNameTheBylawAsTheBasisOfTheirConsent() throws {
        let cli = try MembershipBooksCommandTests().founded()
        let ada = ["--key", cli.path("ada.key")]
        for m in ["m1", "m2"] { try cli.ok(["dues", "pay", m, "5000.00"] + ada) }
        cli.now = Timestamp("2026-06-01T09:00:00Z")!
        for (m, revenue, hours) in [("m1", "300000", "30"), ("m2", "100000", "10")] {
            try cli.ok(["patronage", "record", m, "revenue", revenue, "--year", "2026"] + ada)
            try cli.ok(["patronage", "record", m, "hours", hours, "--year", "2026"] + ada)
        }
        cli.now = Timestamp("2027-01-20T12:00:00Z")!
        try cli.ok(["patronage", "close-year", "2026", "--surplus", "1000.00"] + ada)
        let preview = try cli.ok(["patronage", "preview", "2026", "--json"])
        let hash = try #require(preview.firstMatch(of: /"result_hash":"([0-9a-f]{64})"/).map { String($0.1) })
        try "Allocate 2026 as previewed.".write(toFile: cli.path("approval.md"), atomically: true, encoding: .utf8)
        let motion = try cli.ok(
            [
                "motion", "propose", "--kind", "patronage-approval", "--year", "2026", "--result-hash", hash,
                "--title", "Patronage 2026", "--text", cli.path("approval.md"),
            ] + ada)
        try cli.ok(["motion", "open", motion] + ada)
        for who in ["ada", "ben"] { try cli.ok(["vote", motion, "yes", "--key", cli.path("\(who).key")]) }
        try cli.ok(["motion", "close", motion] + ada)
        try cli.ok(["patronage", "commit", "2026"] + ada)
        try cli.ok(["patronage", "notices", "2026", "--out", cli.path("notices")])
        let notice = try String(contentsOfFile: cli.path("notices/m2.json"), encoding: .utf8)
        // Ben was admitted by entry 1 on the founding day, under the genesis bylaws (adopted then).
        #expect(
            notice.contains(
                #""consent":{"adopted":"2026-01-10","date":"2026-01-10","entry":1,"method":"bylaw","provision":"Article VI.3","source":"admission"}"#),
            "\(notice)")
        #expect(notice.contains(#""qualified":true"#))
        let html = try String(contentsOfFile: cli.path("notices/m2.html"), encoding: .utf8)
        #expect(html.contains("by membership: bylaw consent, Article VI.3, adopted 2026-01-10"), "\(html)")
    }
}
