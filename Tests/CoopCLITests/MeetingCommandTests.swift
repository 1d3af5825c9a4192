import CoopCLI
import CoopCanonicalJSON
import Foundation
import Testing

/// A members' meeting run from the command line: motions proposed, opened, voted (one offline),
/// closed, tallied and verified.
@Suite("coop motion and coop vote: a meeting through the command line", .serialized)
struct MeetingCommandTests {
    static var shippedBylaws: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Bylaws").path
    }

    @Test func aWholeMeeting() throws {
        let cli = CLIHarness()
        for who in ["ada", "ben", "cho", "dev"] { _ = try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        try FileManager.default.copyItem(atPath: Self.shippedBylaws, toPath: cli.path("Bylaws"))
        _ = try cli.ok(["init", "--name", "Riverbend", "--bylaws", cli.path("Bylaws"), "--founder-class", "therapist", "--key", cli.path("ada.key")])
        for (who, cls) in [("ben", "therapist"), ("cho", "staff"), ("dev", "supporter")] {
            let pub = try cli.ok(["key", "show", cli.path("\(who).key")])
            _ = try cli.ok(["member", "admit", "--name", who, "--pubkey", pub, "--class", cls, "--key", cli.path("ada.key")])
        }
        let ada = ["--key", cli.path("ada.key")], ben = ["--key", cli.path("ben.key")]
        let cho = ["--key", cli.path("cho.key")], dev = ["--key", cli.path("dev.key")]
        try "Resolved: the cooperative adopts the 2027 budget.\n".write(toFile: cli.path("budget.md"), atomically: true, encoding: .utf8)

        let proposed = try cli.ok(
            [
                "motion", "propose", "--title", "2027 budget", "--kind", "resolution",
                "--text", cli.path("budget.md"), "--json",
            ] + ada)
        #expect(try CanonicalJSON.decode(Array(proposed.utf8))["motion"]?.stringValue == "M1")
        #expect(cli.run(["vote", "M1", "yes"] + ben).exitCode != 0)  // not open yet
        #expect(try cli.ok(["motion", "open", "M1"] + ada).contains("3 members may vote"))
        #expect(try cli.ok(["motion", "list", "--open"]).contains("M1"))

        _ = try cli.ok(["vote", "M1", "yes"] + ben)
        _ = try cli.ok(["vote", "M1", "no"] + cho)
        _ = try cli.ok(["vote", "M1", "yes"] + cho)  // changed: the last ballot counts
        let supporter = cli.run(["vote", "M1", "yes"] + dev)
        // Refused, with the reason a member can act on (the supporter class does not vote here).
        let refusal = "\(supporter.error.map { "\($0)" } ?? "")"
        #expect(supporter.exitCode != 0 && refusal.contains("not in the electorate"), "\(refusal)")
        #expect(refusal.contains("members of the supporter class do not vote on this kind of motion"), "\(refusal)")
        #expect(cli.run(["vote", "M1", "maybe"] + ben).exitCode != 0)
        _ = try cli.ok(["vote", "M1", "abstain", "--out", cli.path("ada.ballot")] + ada)  // signed offline
        _ = try cli.ok(["submit", cli.path("ada.ballot")])

        let show = try CanonicalJSON.decode(Array(try cli.ok(["motion", "show", "M1", "--json"]).utf8))
        #expect(show["voted"] == .array([.string("m1"), .string("m2"), .string("m3")]))
        #expect(show["superseded"]?.arrayValue?.count == 1)
        #expect(try cli.ok(["motion", "show", "M1"]).contains("adopts the 2027 budget"))

        let tally = try cli.ok(["motion", "tally", "M1", "--explain"])
        #expect(tally.contains("yes 2, no 0, abstain 1"))
        #expect(tally.contains("quorum: 3 ≥ 1 = ⌈1/5 · 3⌉ → met"))
        #expect(tally.contains("2·2 > 1·2"))
        #expect(tally.contains("bylaws"))
        #expect(try cli.ok(["motion", "close", "M1"] + ada).contains("passes"))
        let closedVote = cli.run(["vote", "M1", "no"] + ben)
        #expect("\(closedVote.error.map { "\($0)" } ?? "")".contains("closed"))
        let tallyJSON = try CanonicalJSON.decode(Array(try cli.ok(["motion", "tally", "M1", "--json"]).utf8))
        #expect(tallyJSON["passed"] == .bool(true) && tallyJSON["electorate"] == .integer(3))

        // An election: one seat, supporters vote too.
        try "Elect one director.\n".write(toFile: cli.path("board.md"), atomically: true, encoding: .utf8)
        #expect(
            try cli.ok(
                [
                    "motion", "propose", "--title", "Director", "--kind", "election", "--text", cli.path("board.md"),
                    "--seats", "1", "--candidate", "Ben", "--candidate", "Cho",
                ] + ada) == "M2")
        _ = try cli.ok(["motion", "open", "M2"] + ada)
        for (key, name) in [(ada, "Ben"), (ben, "Ben"), (cho, "Cho"), (dev, "Ben")] { _ = try cli.ok(["vote", "M2", "--choose", name] + key) }
        #expect(cli.run(["vote", "M2", "--choose", "Zed"] + ben).exitCode != 0)
        #expect(try cli.ok(["motion", "close", "M2"] + ada).contains("elected Ben"))
        let list = try CanonicalJSON.decode(Array(try cli.ok(["motion", "list", "--json"]).utf8))
        #expect(list.arrayValue?.map { $0["passed"] } == [.bool(true), .bool(true)])
        #expect(try cli.ok(["motion", "show", "M2"]).contains("elected   Ben"))
        #expect(try cli.ok(["verify"]).hasPrefix("OK"))
    }
}
