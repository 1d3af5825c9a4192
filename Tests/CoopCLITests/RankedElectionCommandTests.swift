import CoopCLI
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import Foundation
import Testing

/// A ranked board election from the command line: `--method scottish-stv`, `vote --rank`,
/// `tally --explain`/`--json`, `close`, `export-ballots --format blt` and `verify`.
@Suite("coop vote --rank and coop motion export-ballots: a ranked election", .serialized)
struct RankedElectionCommandTests {
    @Test func aScottishSTVBoardElectionEndToEnd() throws {
        let cli = CLIHarness()
        let people = ["ada", "ben", "cho", "dev", "eve"]
        for who in people { _ = try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        try FileManager.default.copyItem(atPath: MeetingCommandTests.shippedBylaws, toPath: cli.path("Bylaws"))
        _ = try cli.ok(["init", "--name", "Riverbend", "--bylaws", cli.path("Bylaws"), "--founder-class", "therapist", "--key", cli.path("ada.key")])
        for who in people.dropFirst() {
            let pub = try cli.ok(["key", "show", cli.path("\(who).key")])
            _ = try cli.ok(["member", "admit", "--name", who, "--pubkey", pub, "--class", "therapist", "--key", cli.path("ada.key")])
        }
        func key(_ who: String) -> [String] { ["--key", cli.path("\(who).key")] }
        func refusal(_ arguments: [String]) -> String {
            let r = cli.run(arguments)
            return r.exitCode == 0 ? "" : "\(r.error.map { "\($0)" } ?? "")\(r.errors)"
        }
        try "Elect two directors.\n".write(toFile: cli.path("board.md"), atomically: true, encoding: .utf8)
        #expect(
            try cli.ok(
                [
                    "motion", "propose", "--title", "Board 2026", "--kind", "election", "--text", cli.path("board.md"),
                    "--method", "scottish-stv", "--seats", "2", "--candidate", "Ana", "--candidate", "Ben",
                    "--candidate", "Cho",
                ] + key("ada")) == "M1")
        #expect(
            refusal(
                [
                    "motion", "propose", "--title", "X", "--kind", "election", "--text", cli.path("board.md"),
                    "--method", "borda", "--candidate", "Ana",
                ] + key("ada")
            ).contains("borda"))
        #expect(try cli.ok(["motion", "show", "M1"]).contains("election  scottish-stv, 2 seat(s): Ana, Ben, Cho"))
        _ = try cli.ok(["motion", "open", "M1"] + key("ada"))

        // Refusals: a name twice, an unknown name, a plain choice in a ranked election.
        #expect(refusal(["vote", "M1", "--rank", "Ana,Ana"] + key("ben")).contains("more than once"))
        #expect(refusal(["vote", "M1", "--rank", "Ana, Zed"] + key("ben")).contains("\"Zed\", who is not a candidate"))
        #expect(refusal(["vote", "M1", "--choose", "Ana"] + key("ben")).contains("not a ranking"))
        #expect(refusal(["vote", "M1", "--rank", "Ana,,Ben"] + key("ben")).contains("rank"))
        #expect(refusal(["vote", "M1", "yes", "--rank", "Ana"] + key("ben")).contains("only one of"))

        // Quota floor(5/3)+1 = 2: Ana 3 elected, her surplus moves, Cho is excluded, Ben elected.
        for (who, ranking) in [("ada", "Ana,Ben"), ("ben", "Ana,Cho"), ("cho", "Ana,Ben"), ("dev", "Cho,Ben"), ("eve", "Cho,Ben")] {
            _ = try cli.ok(["vote", "M1", "--rank", ranking] + key(who))
        }
        #expect(try cli.ok(["vote", "M1", "--rank", "Ben, Cho"] + key("eve")).contains("Ben > Cho"))  // revote: this one counts

        let explain = try cli.ok(["motion", "tally", "M1", "--explain"])
        #expect(explain.contains("first preferences: Ana 3, Ben 1, Cho 1"))
        #expect(explain.contains("scottish-stv: Scottish Local Government Elections Order 2007"))
        #expect(explain.contains("quota: 2.00000 = floor(5 / (2 + 1)) + 1 (rule 46)"))
        #expect(explain.contains("round 2: surplus of Ana transferred"))
        #expect(explain.contains("round 3: Cho excluded"))
        #expect(explain.contains("result: elected Ana, Ben"))
        let json = try CanonicalJSON.decode(Array(try cli.ok(["motion", "tally", "M1", "--json"]).utf8))
        #expect(json["ranked_result"]?["winners"] == ["Ana", "Ben"])
        #expect(json["ranked_result"]?["rounds"]?.arrayValue?.count == 3)
        let resultHash = try #require(json["result_hash"]?.stringValue)

        #expect(try cli.ok(["motion", "close", "M1"] + key("ada")).contains("elected Ana, Ben"))
        #expect(try cli.ok(["motion", "show", "M1"]).contains("elected   Ana, Ben"))

        // The BLT export, read back and recounted with the open entry's hash as the seed,
        // gives the count the close recorded, digit for digit.
        let blt = try cli.ok(["motion", "export-ballots", "M1", "--format", "blt"])
        #expect(blt.hasPrefix("3 2\n") && !blt.contains("m1") && blt.hasSuffix("\"M1 Board 2026\""))
        let read = try BLT.read(blt + "\n")
        #expect(read.ballots.count == 5 && read.seats == 2 && read.candidates == ["Ana", "Ben", "Cho"])
        let show = try CanonicalJSON.decode(Array(try cli.ok(["motion", "show", "M1", "--json"]).utf8))
        let openHash = try #require(show["motion"]?["opening"]?["entry_hash"]?.stringValue)
        let seed = try #require(Hex.decode(openHash))
        let recount = try RankedCount.count(candidates: read.candidates, ballots: read.ballots, method: .scottishSTV(seats: 2), seed: seed)
        #expect(recount.winners == ["Ana", "Ben"])
        #expect(SHA256.hash(try CanonicalJSONEncoder().encode(recount)).hex == resultHash)
        _ = try cli.ok(["motion", "export-ballots", "M1", "--out", cli.path("board.blt")])
        #expect(try String(contentsOfFile: cli.path("board.blt"), encoding: .utf8) == blt + "\n")
        #expect(try cli.ok(["verify"]).hasPrefix("OK"))
    }

    @Test func rankingsAreForRankedElectionsOnly() throws {
        let cli = CLIHarness()
        _ = try cli.ok(["key", "new", "--out", cli.path("ada.key"), "--name", "ada"])
        try FileManager.default.copyItem(atPath: MeetingCommandTests.shippedBylaws, toPath: cli.path("Bylaws"))
        _ = try cli.ok(["init", "--name", "Riverbend", "--bylaws", cli.path("Bylaws"), "--founder-class", "therapist", "--key", cli.path("ada.key")])
        let ada = ["--key", cli.path("ada.key")]
        try "Elect a chair.\n".write(toFile: cli.path("chair.md"), atomically: true, encoding: .utf8)
        _ = try cli.ok(
            [
                "motion", "propose", "--title", "Chair", "--kind", "election", "--text", cli.path("chair.md"),
                "--seats", "1", "--candidate", "Ana", "--candidate", "Ben",
            ] + ada)
        _ = try cli.ok(
            [
                "motion", "propose", "--title", "Chair", "--kind", "election", "--text", cli.path("chair.md"),
                "--method", "irv", "--candidate", "Ana", "--candidate", "Ben",
            ] + ada)
        _ = try cli.ok(["motion", "open", "M1"] + ada)
        _ = try cli.ok(["motion", "open", "M2"] + ada)
        let plain = cli.run(["vote", "M1", "--rank", "Ana,Ben"] + ada)
        #expect(plain.exitCode != 0 && "\(plain.error.map { "\($0)" } ?? "")".contains("not a ranked election"))
        let export = cli.run(["motion", "export-ballots", "M1"])
        #expect(export.exitCode != 0 && "\(export.error.map { "\($0)" } ?? "")".contains("not a ranked election"))
        _ = try cli.ok(["vote", "M2", "--rank", "Ben"] + ada)
        #expect(try cli.ok(["motion", "close", "M2"] + ada).contains("elected Ben"))
        #expect(try cli.ok(["verify"]).hasPrefix("OK"))
    }
}
