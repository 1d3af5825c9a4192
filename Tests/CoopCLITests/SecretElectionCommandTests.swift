import CoopCLI
import CoopCanonicalJSON
import CoopCrypto
import Foundation
import Testing

/// A secret board election from the command line: `propose --secret`, `open --trustee ...
/// --threshold`, `coop trustee key|deal|check|setup|decrypt`, encrypted `vote`, `motion seal`,
/// `tally --explain`, `close` and `verify`. The choices never appear in any file coop writes.
@Suite("coop trustee and secret coop vote: a secret election", .serialized)
struct SecretElectionCommandTests {
    @Test func aSecretBoardElectionWithThreeTrusteesThresholdTwo() throws {
        let cli = CLIHarness()
        let people = ["ada", "ben", "cho", "dev"]
        for who in people { _ = try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        try FileManager.default.copyItem(atPath: MeetingCommandTests.shippedBylaws, toPath: cli.path("Bylaws"))
        _ = try cli.ok(["init", "--name", "Riverbend", "--bylaws", cli.path("Bylaws"), "--founder-class", "therapist", "--key", cli.path("ada.key")])
        for who in people.dropFirst() {
            let pub = try cli.ok(["key", "show", cli.path("\(who).key")])
            _ = try cli.ok(["member", "admit", "--name", who, "--pubkey", pub, "--class", "therapist", "--key", cli.path("ada.key")])
        }
        func key(_ who: String) -> [String] { ["--key", cli.path("\(who).key")] }
        func trusteeKey(_ who: String) -> [String] { ["--trustee-key", cli.path("\(who).trustee")] }
        try "Elect one director.\n".write(toFile: cli.path("board.md"), atomically: true, encoding: .utf8)
        let m = try cli.ok(
            [
                "motion", "propose", "--title", "Director", "--kind", "election", "--secret", "--text", cli.path("board.md"), "--seats", "1",
                "--candidate", "Ana", "--candidate", "Ben",
            ] + key("ada"))
        #expect(m == "M1")
        #expect(cli.run(["motion", "open", "M1"] + key("ada")).exitCode != 0)  // a secret motion needs trustees
        _ = try cli.ok(["motion", "open", "M1", "--trustee", "m1", "--trustee", "m2", "--trustee", "m3", "--threshold", "2"] + key("ada"))
        for who in ["ada", "ben", "cho"] { _ = try cli.ok(["trustee", "key", "M1"] + trusteeKey(who) + key(who)) }
        let mode = try FileManager.default.attributesOfItem(atPath: cli.path("ada.trustee"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(cli.run(["trustee", "key", "M1"] + trusteeKey("dev") + key("dev")).exitCode != 0)  // not a trustee
        // A second key is refused, and the key file made for it is removed (its key was never published).
        #expect(cli.run(["trustee", "key", "M1", "--trustee-key", cli.path("ada2.trustee")] + key("ada")).exitCode != 0)
        #expect(!FileManager.default.fileExists(atPath: cli.path("ada2.trustee")))
        for who in ["ada", "ben", "cho"] { _ = try cli.ok(["trustee", "deal", "M1"] + key(who)) }
        for who in ["ada", "ben", "cho"] { #expect(try cli.ok(["trustee", "check", "M1"] + trusteeKey(who) + key(who)).contains("good")) }
        #expect(try cli.ok(["trustee", "setup", "M1"] + key("ada")).contains("any 2 can decrypt"))

        let cast = try cli.ok(["vote", "M1", "--choose", "Ben"] + key("ada"))
        #expect(cast.contains("tracker ") && !cast.contains("Ben"))
        _ = try cli.ok(["vote", "M1", "--choose", "Ana"] + key("ben"))
        _ = try cli.ok(["vote", "M1", "--choose", "Ben"] + key("cho"))
        // Signed offline: the file holds ciphertexts and proofs, not the choice.
        _ = try cli.ok(["vote", "M1", "--choose", "Ben", "--out", cli.path("dev.ballot")] + key("dev"))
        let offline = try String(contentsOfFile: cli.path("dev.ballot"), encoding: .utf8)
        #expect(offline.contains("ballot.secret") && !offline.contains("Ben") && !offline.contains("Ana"))
        _ = try cli.ok(["submit", cli.path("dev.ballot")])
        #expect(cli.run(["vote", "M1", "--choose", "Ana", "--choose", "Ben"] + key("ben")).exitCode != 0)  // one seat

        // Who voted is public; how is not: status, me and show work while the vote is open.
        _ = try cli.ok(["status"])
        #expect(try cli.ok(["me"] + key("ben")).contains("your secret ballot is recorded"))
        #expect(try cli.ok(["motion", "show", "M1"]).contains("voted     m1 m2 m3 m4"))
        _ = try cli.ok(["motion", "seal", "M1"] + key("ada"))
        _ = try cli.ok(["trustee", "decrypt", "M1"] + trusteeKey("ben") + key("ben"))
        #expect(try cli.ok(["motion", "tally", "M1"]).contains("waiting for 1 more trustee"))
        #expect(cli.run(["motion", "close", "M1"] + key("ada")).exitCode != 0)
        _ = try cli.ok(["trustee", "decrypt", "M1"] + trusteeKey("cho") + key("cho"))
        let explain = try cli.ok(["motion", "tally", "M1", "--explain"])
        #expect(explain.contains("counts      Ana 1, Ben 3"), "\(explain)")
        #expect(explain.contains("trustee 2 (m2): proofs of correct decryption verify"))
        #expect(try cli.ok(["motion", "close", "M1"] + key("ada")).contains("elected Ben"))
        _ = try cli.ok(["verify"])
    }
}
