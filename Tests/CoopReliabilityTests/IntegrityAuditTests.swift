import CoopCrypto
import CoopLedger
import CoopModel
import CoopTlog
import Foundation
import GRDB
import Testing

/// Integrity, part 3: an incremental audit that trusts nothing unsigned, a member who notices a
/// split view, output an auditor can trust, and a verify report a person can act on.
@Suite("Integrity: audits and what auditors read, through coop")
struct IntegrityAuditTests {
    /// A ledger with a kept checkpoint (confirmed by a full verification) and entries after it.
    static func audited() throws -> IntegrityCoop {
        let c = try IntegrityCoop()
        for n in 1...4 { try c.ok(["note", "Minutes \(n)."] + c.key("cho")) }
        try c.ok(["checkpoint"])
        let kept = try c.ok(["verify", "--keep", c.path("kept.checkpoint")])
        #expect(kept.contains("kept the checkpoint of size"), "\(kept)")
        for n in 5...6 { try c.ok(["note", "Minutes \(n)."] + c.key("cho")) }
        try c.ok(["checkpoint"])
        return c
    }

    @Test func verifySinceRehashesEveryEntryBeforeTheKeptCheckpoint() throws {
        let c = try Self.audited()
        let (status, json) = try c.verify(["--since", c.path("kept.checkpoint")])
        #expect(status == 0 && json["state_origin"] as? String == "kept-checkpoint", "\(json)")
        #expect(json["leaves_rehashed"] as? Int == json["started_at"] as? Int && json["entries_checked"] as? Int == 2, "\(json)")
        // An insider edits an entry before the kept checkpoint, leaving the stored tree alone.
        try c.editFile { db in
            try db.execute(
                sql: "UPDATE entries SET statement = CAST(REPLACE(CAST(statement AS TEXT), 'Minutes 2.', 'Minutes 9.') AS BLOB) "
                    + "WHERE CAST(statement AS TEXT) LIKE '%Minutes 2.%'")
        }
        let problems = try c.problems(["--since", c.path("kept.checkpoint")])
        #expect(problems.contains { $0.contains("the kept checkpoint signs size") && $0.contains("but the entries give") }, "\(problems)")
        #expect(try c.verify(["--since", c.path("kept.checkpoint")]).status == 1)
    }

    @Test func verifySinceOfAnEditedBundleFails() throws {
        let c = try Self.audited()
        try c.ok(["export", "--out", c.path("bundle")])
        let log = c.path("bundle/entries.log")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        try text.replacingOccurrences(of: "Minutes 1.", with: "Minutes X.").write(toFile: log, atomically: true, encoding: .utf8)
        let r = try c.run(["verify", "--bundle", c.path("bundle"), "--since", c.path("kept.checkpoint")])
        #expect(r.status == 1 && r.output.contains("but the entries give"), "\(r.text)")
    }

    @Test func aPlantedSnapshotSignedWithTheLedgerKeyIsNotTakenOnTrust() throws {
        let c = try Self.audited()
        // The operator holds the ledger key: it plants a snapshot that makes Dev an officer, signs
        // a checkpoint over it, and appends an admission signed by Dev that only an officer may sign.
        let ledger = try Ledger.open(at: c.ledgerPath)
        var planted = try ledger.state()
        planted.members[try #require(MemberID("m4"))]?.roles = [.secretary, .treasurer]
        let bytes = try planted.canonicalBytes()
        let ledgerKey = try KeyFile.read(path: c.ledgerPath + ".ledger-key", passphrase: try Self.passphrase())
        let size = planted.size
        let note = try SignedCheckpoint(
            signing: try Checkpoint(
                origin: planted.origin, size: size, rootHash: try ledger.root(),
                extensions: ["coop-state v\(LedgerState.schemaVersion) " + SHA256.hash(bytes).hex]),
            privateKey: ledgerKey, keyName: planted.origin
        ).format()
        try c.editFile { db in
            try db.execute(sql: "INSERT INTO checkpoints (size, note) VALUES (?, ?)", arguments: [Int64(size), note])
            try db.execute(sql: "DELETE FROM snapshots WHERE size = ?", arguments: [Int64(size)])
            try db.execute(sql: "INSERT INTO snapshots (size, state) VALUES (?, ?)", arguments: [Int64(size), Data(bytes)])
        }
        // The auditor's own kept checkpoint: the replay from it reaches the planted one and disagrees.
        let problems = try c.problems(["--since", c.path("kept.checkpoint")])
        #expect(problems.contains { $0.contains("the replayed state at size \(size) differs from the state it signs") }, "\(problems)")
        #expect(try c.verify().status == 1)
        // A checkpoint the auditor did not confirm, used anyway, is named as taken on its word.
        try note.write(toFile: c.path("operator.checkpoint"), atomically: true, encoding: .utf8)
        let r = try c.run(["verify", "--since", c.path("operator.checkpoint")])
        #expect(
            r.output.contains("taken from the kept checkpoint") && r.output.contains("on the word of the verification that confirmed it"),
            "\(r.text)")
    }

    @Test func aMemberWithAKeptCheckpointNoticesASplitView() throws {
        let c = try IntegrityCoop()
        try c.ok(["note", "Before the fork."] + c.key("cho"))
        // The operator keeps two copies and shows each to different people.
        try FileManager.default.copyItem(atPath: c.ledgerPath, toPath: c.path("fork.ledger"))
        try FileManager.default.copyItem(atPath: c.ledgerPath + ".ledger-key", toPath: c.path("fork.ledger.ledger-key"))
        try c.ok(["note", "What Cho saw."] + c.key("cho"))
        try c.ok(["checkpoint"])
        try c.ok(["verify", "--keep", c.path("cho.checkpoint")])
        let fork = ["--ledger", c.path("fork.ledger")]
        try c.ok(["note", "What the auditor saw."] + c.key("ben") + fork)
        try c.ok(["checkpoint"] + fork)
        let size = try #require(try c.verify(fork).json["size"] as? Int)
        #expect(try c.verify().json["size"] as? Int == size)  // two ledgers of one size
        try c.ok(["receipt", String(size - 1), "--out", c.path("auditor.receipt")] + fork)
        try c.ok(["export", "--out", c.path("bundle")])
        try c.ok(["export", "--out", c.path("fork-bundle")] + fork)
        let ledgerKey = try #require(
            try String(contentsOfFile: c.path("bundle/keys.txt"), encoding: .utf8)
                .split(separator: "\n").first?.dropFirst("ledger ".count)
        ).description
        // Cho's own ledger holds another state at the receipt's size: she sees it at once, since
        // the witness policy is read from her copy; and against the checkpoint she kept.
        let seen = try c.refused(["verify-receipt", c.path("auditor.receipt"), "--ledger-key", ledgerKey])
        #expect(seen.contains("SPLIT VIEW"), "\(seen)")
        let why = try c.refused(
            ["verify-receipt", c.path("auditor.receipt"), "--ledger-key", ledgerKey, "--since", c.path("cho.checkpoint"), "--bundle", c.path("fork-bundle")])
        #expect(why.contains("SPLIT VIEW"), "\(why)")
    }

    static func passphrase() throws -> SecretBytes {
        var bytes = Array(CoopProcess.passphrase.utf8)
        return SecretBytes(consuming: &bytes)
    }
}
