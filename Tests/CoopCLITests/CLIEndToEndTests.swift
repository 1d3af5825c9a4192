import ArgumentParser
import CoopCLI
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import Foundation
import GRDB
import Testing

@Suite("coop, end to end through the command line", .serialized)
struct CLIEndToEndTests {
    /// A founded cooperative: ada (m1), ben (m2), cho (m3).
    static func founded() throws -> CLIHarness {
        let cli = CLIHarness()
        for who in ["ada", "ben", "cho"] { _ = try cli.ok(["key", "new", "--out", cli.path("\(who).key"), "--name", who]) }
        try FileManager.default.createDirectory(atPath: cli.path("Bylaws"), withIntermediateDirectories: true)
        try "# Bylaws\n".write(toFile: cli.path("Bylaws/bylaws.md"), atomically: true, encoding: .utf8)
        _ = try cli.ok(["init", "--name", "Riverbend", "--bylaws", cli.path("Bylaws"), "--key", cli.path("ada.key")])
        for who in ["ben", "cho"] {
            let pub = try cli.ok(["key", "show", cli.path("\(who).key")])
            _ = try cli.ok(["member", "admit", "--name", who, "--pubkey", pub, "--key", cli.path("ada.key")])
        }
        return cli
    }

    @Test func aCooperativesFirstDay() throws {
        let cli = try Self.founded()
        let dev = try cli.ok(["key", "new", "--out", cli.path("dev.key"), "--json"])
        let devKey = try #require(try CanonicalJSON.decode(Array(dev.utf8))["public_key"]?.stringValue)
        let admitted = try cli.ok(["member", "admit", "--name", "Dev", "--pubkey", devKey, "--class", "supporter", "--json", "--key", cli.path("ada.key")])
        #expect(try CanonicalJSON.decode(Array(admitted.utf8))["member"]?.stringValue == "m4")

        _ = try cli.ok(["member", "role", "grant", "m2", "treasurer", "--key", cli.path("ada.key")])
        _ = try cli.ok(["note", "Minutes approved.", "--key", cli.path("ben.key")])
        let members = try CanonicalJSON.decode(Array(try cli.ok(["member", "list", "--json"]).utf8))
        #expect(members.arrayValue?.count == 4)
        #expect(members.arrayValue?[1]["roles"]?.arrayValue == [.string("treasurer")])

        let log = try CanonicalJSON.decode(Array(try cli.ok(["log", "--json"]).utf8))
        #expect(log.arrayValue?.count == 6)
        let byBen = try CanonicalJSON.decode(Array(try cli.ok(["log", "--author", "m2", "--json"]).utf8))
        #expect(byBen.arrayValue?.count == 1)

        let note = try cli.ok(["checkpoint", "--out", cli.path("kept.checkpoint")])
        #expect(note.hasPrefix("coop.ledger/"))
        _ = try cli.ok(["note", "After the checkpoint.", "--key", cli.path("cho.key")])
        _ = try cli.ok(["checkpoint"])

        let verify = try cli.ok(["verify"])
        #expect(verify.hasPrefix("OK: 7 entries, 2 checkpoints"))
        let since = try cli.ok(["verify", "--since", cli.path("kept.checkpoint"), "--json"])
        let sinceJSON = try CanonicalJSON.decode(Array(since.utf8))
        #expect(sinceJSON["ok"] == .bool(true))
        #expect(sinceJSON["entries_checked"] == .integer(1))

        _ = try cli.ok(["receipt", "5", "--out", cli.path("r5.receipt")])
        _ = try cli.ok(["export", "--out", cli.path("bundle")])
        let keys = try String(contentsOfFile: cli.path("bundle/keys.txt"), encoding: .utf8)
        let ledgerKey = try #require(keys.split(separator: "\n").first?.dropFirst("ledger ".count)).description
        let receipt = try cli.ok(["verify-receipt", cli.path("r5.receipt"), "--ledger-key", ledgerKey])
        #expect(receipt.hasPrefix("OK: entry 5 (note by m2"))
        #expect(try cli.ok(["verify", "--bundle", cli.path("bundle"), "--ledger-key", ledgerKey]).hasPrefix("OK: 7 entries"))

        let proof = try CanonicalJSON.decode(Array(try cli.ok(["proof", "inclusion", "2", "--json"]).utf8))
        #expect(proof["size"] == .integer(7))
        let consistency = try CanonicalJSON.decode(Array(try cli.ok(["proof", "consistency", "--from", "3", "--json"]).utf8))
        #expect(consistency["to"] == .integer(7))
        #expect(try cli.ok(["show", "0"]).contains("ledger.genesis"))
    }

    @Test func offlineEntriesAreSubmittedLater() throws {
        let cli = try Self.founded()
        _ = try cli.ok(["note", "Signed on my laptop.", "--key", cli.path("cho.key"), "--out", cli.path("offline.entry")])
        #expect(try cli.ok(["log", "--json"]).contains("laptop") == false)
        _ = try cli.ok(["submit", cli.path("offline.entry")])
        #expect(try cli.ok(["log", "--json"]).contains("laptop"))
        let again = cli.run(["submit", cli.path("offline.entry")])
        #expect(again.exitCode != 0)
        #expect("\(again.error.map { "\($0)" } ?? "")".contains("already used"))
    }

    @Test func keysRotateAndTheOldOneIsRefused() throws {
        let cli = try Self.founded()
        _ = try cli.ok(["key", "new", "--out", cli.path("ben2.key")])
        _ = try cli.ok(["key", "rotate", "--new-key", cli.path("ben2.key"), "--key", cli.path("ben.key")])
        let old = cli.run(["note", "old key", "--key", cli.path("ben.key")])
        #expect(old.exitCode != 0)
        _ = try cli.ok(["note", "new key", "--key", cli.path("ben2.key")])
        // Dual control: the secretary alone may not revoke a key.
        let alone = cli.run(["key", "revoke", "m3", "--reason", "lost laptop", "--key", cli.path("ada.key")])
        #expect("\(alone.error.map { "\($0)" } ?? "")".contains("second officer"))
        _ = try cli.ok(["member", "role", "grant", "m2", "treasurer", "--key", cli.path("ada.key")])
        _ = try cli.ok([
            "key", "revoke", "m3", "--reason", "lost laptop", "--countersigner", "m2", "--out", cli.path("revoke.entry"),
            "--key", cli.path("ada.key"),
        ])
        #expect(cli.run(["submit", cli.path("revoke.entry")]).exitCode != 0)  // not countersigned yet
        let signed = try cli.ok(["countersign", cli.path("revoke.entry"), "--submit", "--key", cli.path("ben2.key")])
        #expect(signed.contains("countersigned by m2") && signed.contains("appended"))
        #expect(cli.run(["note", "revoked", "--key", cli.path("cho.key")]).exitCode != 0)
        #expect(try cli.ok(["verify"]).hasPrefix("OK"))
    }

    @Test func badInputIsRefusedClearlyAndWritesNothing() throws {
        let cli = try Self.founded()
        let size = { try Ledger.open(at: cli.path("coop.ledger"), readOnly: true).store.size() }
        let before = try size()

        let wrong = cli.run(["note", "x", "--key", cli.path("ben.key")], environment: ["COOP_PASSPHRASE": "wrong"])
        #expect("\(wrong.error.map { "\($0)" } ?? "")".contains("wrong passphrase"))
        let missing = cli.run(["note", "x", "--key", cli.path("nobody.key")])
        #expect(missing.exitCode != 0)
        #expect("\(missing.error.map { "\($0)" } ?? "")".contains("nobody.key"))
        let noKey = cli.run(["note", "x"])
        #expect("\(noKey.error.map { "\($0)" } ?? "")".contains("--key"))
        let notOfficer = cli.run([
            "member", "admit", "--name", "Mallory", "--pubkey", try cli.ok(["key", "show", cli.path("ada.key")]),
            "--key", cli.path("ben.key"),
        ])
        #expect("\(notOfficer.error.map { "\($0)" } ?? "")".contains("secretary"))
        let badMember = cli.run(["member", "show", "x7"])
        // swift-argument-parser refuses it before the command runs, with the form it needs.
        let badMemberText = badMember.error.map { CoopCommand.fullMessage(for: $0) } ?? ""
        #expect(badMemberText.contains("The value 'x7' is invalid for '<member>'") && badMemberText.contains("member id"), "\(badMemberText)")
        let unknownMember = cli.run(["member", "show", "m99"])
        #expect(unknownMember.exitCode != 0)
        #expect(try size() == before)

        try "not a ledger".write(toFile: cli.path("other.txt"), atomically: true, encoding: .utf8)
        let notLedger = cli.run(["verify", "--ledger", cli.path("other.txt")])
        #expect(notLedger.exitCode == 2 && notLedger.errors.contains("not a coop ledger"), "\(notLedger.errors)")
        #expect(try String(contentsOfFile: cli.path("other.txt"), encoding: .utf8) == "not a ledger")

        let garbage = cli.path("garbage.entry")
        try "AAAA {\"v\":1}\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        #expect(cli.run(["submit", garbage]).exitCode != 0)
        #expect(try size() == before)

        let exists = cli.run(["init", "--name", "Again", "--bylaws", cli.path("Bylaws"), "--key", cli.path("ada.key")])
        #expect("\(exists.error.map { "\($0)" } ?? "")".contains("already exists"))
    }

    @Test func keyFilesOthersCanReadAreRefused() throws {
        let cli = try Self.founded()
        chmod(cli.path("ben.key"), 0o644)
        let r = cli.run(["note", "x", "--key", cli.path("ben.key")])
        #expect("\(r.error.map { "\($0)" } ?? "")".contains("chmod 600"))
        var info = stat()
        stat(cli.path("ada.key"), &info)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func verifyFailsAndNamesTheEntryOnATamperedFile() throws {
        let cli = try Self.founded()
        _ = try cli.ok(["note", "Original words.", "--key", cli.path("ben.key")])
        _ = try cli.ok(["checkpoint"])
        let queue = try DatabaseQueue(path: cli.path("coop.ledger"))
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER entries_no_update")
            try db.execute(sql: "UPDATE entries SET statement = CAST(REPLACE(CAST(statement AS TEXT), 'Original', 'Altered!') AS BLOB) WHERE idx = 3")
        }
        try queue.close()
        let r = cli.run(["verify"])
        #expect(r.exitCode == 1)
        #expect(r.output.contains("FAIL entry 3"))
        #expect(r.output.contains("FAILED"))
    }
}
