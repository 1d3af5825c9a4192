import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Testing

/// `coop serve` and members' replicas, end to end: the real server on a random loopback port,
/// driven by the real CLI as separate processes (issue: the cooperative online).
@Suite("coop serve and replicas", .serialized)
struct ServerProcessTests {
    /// `--ledger <dir>/<who>/coop.ledger --key <who>.key`: a member working on their replica.
    private func replica(_ c: IntegrityCoop, _ who: String) -> [String] {
        ["--ledger", c.path("\(who)/coop.ledger")] + c.key(who)
    }

    private func size(_ ledger: String) throws -> UInt64 {
        try Ledger.open(at: ledger, readOnly: true).store.size()
    }

    @Test("members clone, vote remotely at the same time, get receipts; the auditor pulls and verifies incrementally")
    func cloneVotePull() throws {
        let c = try IntegrityCoop()
        let server = try ServedLedger(c)
        try c.ok(["clone", server.url, c.path("ben")] + c.key("ben"))
        let shown = try c.ok(["remote", "show", "--json", "--ledger", c.path("ben/coop.ledger")])
        let ledgerKey = try #require((try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])?["ledger_key"] as? String)
        // A pinned key that is not the ledger's is refused, and nothing is left behind.
        let wrong = try c.refused(
            ["clone", server.url, c.path("cho-wrong"), "--ledger-key", ledgerKey.replacingOccurrences(of: "+", with: "x+")] + c.key("cho"))
        #expect(wrong.contains("not the key you gave"))
        #expect(!FileManager.default.fileExists(atPath: c.path("cho-wrong/coop.ledger")))
        try c.ok(["clone", server.url, c.path("cho"), "--ledger-key", ledgerKey] + c.key("cho"))
        try c.ok(["clone", server.url, c.path("dev"), "--ledger-key", ledgerKey] + c.key("dev"))
        try c.ok(["clone", server.url, c.path("ada"), "--ledger-key", ledgerKey] + c.key("ada"))
        let auditedAt = try size(c.path("dev/coop.ledger"))

        // The CLI on the server's own file keeps working beside the server.
        let motion = try c.propose("Buy a shared EHR licence")
        try c.ok(["motion", "open", motion] + c.key("ada"))
        // Ben and Cho vote from their replicas at the same moment.
        let ben = try CoopProcess.Child(
            ["vote", motion, "yes"] + replica(c, "ben"), in: c.dir, name: "vote-ben", environment: ["COOP_TIME": c.time])
        let cho = try CoopProcess.Child(
            ["vote", motion, "no"] + replica(c, "cho"), in: c.dir, name: "vote-cho", environment: ["COOP_TIME": c.time])
        #expect(ben.wait(), "\(ben.errors)")
        #expect(cho.wait(), "\(cho.errors)")
        for (who, child) in [("ben", ben), ("cho", cho)] {
            #expect(child.errors.contains("consistent with the replica's; receipt:"), "\(child.errors)")
            let receipts = try FileManager.default.contentsOfDirectory(atPath: c.path("\(who)/receipts"))
            #expect(receipts.count == 1)
            try c.ok(["verify-receipt", c.path("\(who)/receipts/\(receipts[0])"), "--ledger-key", ledgerKey])
        }

        // Ada closes from her replica, which has not seen the ballots: the write pulls first, so
        // the tally she signs is the server's, not her stale copy's.
        let closed = try c.ok(["motion", "close", motion, "--json"] + replica(c, "ada"))
        #expect(closed.contains("\"passed\":false"), "\(closed)")

        // The auditor pulls only what is new, and the replica verifies in full.
        let pulled = try c.ok(["pull"] + replica(c, "dev"))
        let now = try size(c.ledgerPath)
        #expect(pulled.contains("pulled \(now - auditedAt) entries (\(auditedAt) → \(now))"), "\(pulled)")
        #expect(try c.ok(["verify"] + replica(c, "dev")).hasPrefix("OK: \(now) entries"))
        // Read commands work offline on the replica and say what the server's file says.
        server.stop()
        #expect(try c.ok(["log"] + replica(c, "dev")) == (try c.ok(["log"])))
        #expect(try c.ok(["motion", "show", motion] + replica(c, "dev")) == (try c.ok(["motion", "show", motion])))
    }

    @Test("a post retried after the server was killed mid-append is never lost or duplicated")
    func idempotentRetryAfterKill() throws {
        let c = try IntegrityCoop()
        let server = try ServedLedger(c)
        try c.ok(["clone", server.url, c.path("ben")] + c.key("ben"))
        // Ben signs twelve notes offline in a row (chained), one file each.
        var secret = Array(CoopProcess.passphrase.utf8)
        let key = try KeyFile.read(path: c.path("ben.key"), passphrase: SecretBytes(consuming: &secret))
        let m2 = try #require(MemberID("m2"))
        let drafts = try (0..<12).map { try Ledger.Draft(NoteBody(text: "note \($0)"), author: m2, key: key) }
        let clock = FixedClock(try #require(Timestamp(c.time)))
        let signed = try Ledger.open(at: c.path("ben/coop.ledger"), readOnly: true, clock: clock).prepare(drafts)
        let files = try signed.enumerated().map { i, entry -> String in
            try c.write("note-\(i).entry", String(decoding: entry.lineBytes + [0x0A], as: UTF8.self))
        }
        var acknowledged: [String: String] = [:]
        for file in files.prefix(6) {
            let said = try c.ok(["submit", file] + replica(c, "ben"))
            acknowledged[file] = said
        }
        // The seventh is in flight when the server is killed.
        let inFlight = try CoopProcess.Child(["submit", files[6]] + replica(c, "ben"), in: c.dir, name: "in-flight", environment: ["COOP_TIME": c.time])
        server.stop(kill: true)
        inFlight.wait()
        try server.restart()
        // Everything is posted again, in order: the acknowledged ones come back unchanged.
        for file in files {
            let said = try c.ok(["submit", file] + replica(c, "ben"))
            if let first = acknowledged[file] { #expect(said == first) }
        }
        let notes = try c.ok(["log", "--type", "note", "--author", "m2"]).split(separator: "\n")
        #expect(notes.count == 12)
        #expect(Set(notes.map { $0.split(separator: " ").last ?? "" }).count == 12)
        #expect(try CoopProcess.verifies(c.dir))
        #expect(try size(c.path("ben/coop.ledger")) == (try size(c.ledgerPath)))
    }

    @Test("reads need a current member's or an auditor's signed request")
    func readsAreSigned() throws {
        let c = try IntegrityCoop()
        var secret = Array(CoopProcess.passphrase.utf8)
        let eveKey = try KeyFile.read(path: c.path("eve.key"), passphrase: SecretBytes(consuming: &secret))
        var secret2 = Array(CoopProcess.passphrase.utf8)
        let benKey = try KeyFile.read(path: c.path("ben.key"), passphrase: SecretBytes(consuming: &secret2))
        let server = try ServedLedger(c, extra: ["--auditor-key", try c.ok(["key", "show", c.path("dev.key")])])
        let checkpoint = server.url + "/checkpoint"

        let unsigned = try RawHTTP.send("GET", checkpoint)
        #expect(unsigned.status == 401)
        #expect(unsigned.body.contains("\"code\":\"unauthenticated\"") && unsigned.body.contains("sign the request"))
        let stranger = try RawHTTP.signedGet(checkpoint, key: eveKey, keyID: "sha256:" + SHA256.hash(eveKey.publicKey.bytes).hex)
        #expect(stranger.status == 403)
        #expect(stranger.body.contains("may not read"))
        // Ben's key, claiming to be Cho's: the signature does not verify under m3's key.
        let impostor = try RawHTTP.signedGet(checkpoint, key: benKey, keyID: "m3")
        #expect(impostor.status == 401)
        let member = try RawHTTP.signedGet(checkpoint, key: benKey, keyID: "m2")
        #expect(member.status == 200)
        #expect(member.body.hasPrefix("coop.ledger/"))
        let tile = try RawHTTP.signedGet(server.url + "/tile/0/000.p/9", key: benKey, keyID: "m2")
        #expect(tile.status == 200 || tile.status == 404)

        // `coop clone` says why a stranger is refused; an auditor key the server lists may clone.
        let refused = try c.refused(["clone", server.url, c.path("eve")] + c.key("eve"))
        #expect(refused.contains("not a current member's key or an auditor's"))
        try c.ok(["clone", server.url, c.path("auditor")] + c.key("dev"))
    }

    @Test("oversized, malformed and forged posts are refused with the ledger untouched; a repeated post is answered, not appended")
    func hostilePosts() throws {
        let c = try IntegrityCoop()
        let server = try ServedLedger(c, extra: ["--max-body", "65536"])
        let post = server.url + "/coop/entries"
        let before = try size(c.ledgerPath)

        let huge = try RawHTTP.send("POST", post, body: [UInt8](repeating: 0x41, count: 200_000))
        #expect(huge.status == 413)
        #expect(huge.body.contains("\"code\":\"too-large\""))
        let garbage = try RawHTTP.send("POST", post, body: Array("not an entry\n".utf8))
        #expect(garbage.status == 400)
        #expect(garbage.body.contains("\"code\":\"bad-request\""))

        // A real signed note (written to a file), then a copy with one byte of its text changed.
        try c.ok(["note", "hello from afar", "--out", c.path("note.entry")] + c.key("ben"))
        let line = try String(contentsOfFile: c.path("note.entry"), encoding: .utf8)
        let forged = line.replacingOccurrences(of: "hello from afar", with: "hello from afaR")
        let refused = try RawHTTP.send("POST", post, body: Array(forged.utf8))
        #expect(refused.status == 422)
        #expect(refused.body.contains("\"refusal\":\"bad-signature\""))
        #expect(try size(c.ledgerPath) == before)

        let first = try RawHTTP.send("POST", post, body: Array(line.utf8))
        #expect(first.status == 201)
        #expect(first.body.contains("\"index\":\(before)") && first.body.contains("\"duplicate\":false"))
        let again = try RawHTTP.send("POST", post, body: Array(line.utf8))
        #expect(again.status == 200)
        #expect(again.body.contains("\"index\":\(before)") && again.body.contains("\"duplicate\":true"))
        #expect(try size(c.ledgerPath) == before + 1)
        #expect(try CoopProcess.verifies(c.dir))
    }

    @Test("a server that forks the log is caught by pull, with evidence anyone can check")
    func forkCaught() throws {
        let c = try IntegrityCoop()
        let server = try ServedLedger(c)
        try c.ok(["clone", server.url, c.path("ben")] + c.key("ben"))
        server.stop()
        // The operator keeps a copy, and from here shows members two different ledgers.
        try FileManager.default.copyItem(atPath: c.ledgerPath, toPath: c.path("fork.ledger"))
        try FileManager.default.copyItem(atPath: c.ledgerPath + ".ledger-key", toPath: c.path("fork.ledger.ledger-key"))
        try c.ok(["note", "the minutes as the members saw them"] + c.key("ada"))
        try server.restart()
        try c.ok(["pull"] + replica(c, "ben"))
        server.stop()
        for text in ["the minutes, rewritten", "and one more"] {
            try c.ok(["note", text, "--ledger", c.path("fork.ledger")] + c.key("ada"))
        }
        try server.restart(ledger: c.path("fork.ledger"))
        let before = try size(c.path("ben/coop.ledger"))
        let pull = try c.run(["pull"] + replica(c, "ben"))
        #expect(pull.status == 1)
        #expect(pull.errors.contains("the server forked the ledger (split view)"), "\(pull.text)")
        #expect(try size(c.path("ben/coop.ledger")) == before)
        let evidence = try #require(try FileManager.default.contentsOfDirectory(atPath: c.path("ben")).first { $0.hasPrefix("split-view-") })
        let checked = try c.ok(["verify", "--evidence", c.path("ben/\(evidence)")])
        #expect(checked.hasPrefix("PROVEN FORK"))
        // Evidence whose path was altered proves nothing.
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: c.path("ben/\(evidence)")))) as? [String: Any])
        var path = try #require(json["path"] as? [String])
        path[0] = String(repeating: "0", count: 64)
        json["path"] = path
        let altered = c.path("altered.json")
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: altered))
        let notProven = try c.run(["verify", "--evidence", altered])
        #expect(notProven.status == 1)
        #expect(notProven.output.hasPrefix("NOT PROVEN"))
        #expect(try c.refused(["verify", "--evidence", c.path("nonexistent.json")]).contains("cannot read"))
    }
}
