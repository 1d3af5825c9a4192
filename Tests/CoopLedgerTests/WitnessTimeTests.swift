import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopTlog
import Foundation
import Synchronization
import Testing

/// The witness policy in verification (FORMAT.md §6.1): cosigned checkpoints kept beside the
/// ledger's, "not witnessed" when the newest lacks k cosignatures, and the time rule that
/// bounds ledger time by the witnesses' timestamps.
@Suite("Witnesses in verification")
struct WitnessTimeTests {
    /// A clock the test moves.
    final class StepClock: LedgerClock {
        let seconds: Mutex<Int64>
        init(_ start: Timestamp) { seconds = Mutex(start.secondsSinceEpoch) }
        func now() -> Timestamp { Timestamp(secondsSinceEpoch: seconds.withLock { $0 }) }
        func set(_ offset: Int64) { seconds.withLock { $0 = testTime.secondsSinceEpoch + offset } }
    }

    struct Scene {
        let dir = TempDir()
        let clock = StepClock(testTime)
        let ledger: Ledger
        let founder: Ed25519.PrivateKey
        let ledgerKey: Ed25519.PrivateKey
        let witness: Cosigner

        /// A ledger whose bylaws need 1 cosignature of `witness`, tolerance 60 s.
        init() throws {
            founder = try testKey(1)
            ledgerKey = try testKey(200)
            witness = try Cosigner(name: "witness.sister.coop", privateKey: try testKey(77))
            var files = try BylawsFilesFixture.shipped()
            files.files["rules.yaml"] =
                (files.files["rules.yaml"] ?? "")
                + "\nwitnesses:\n  threshold: 1\n  tolerance_seconds: 60\n  list:\n    - name: witness.sister.coop\n      key: \(witness.key.vkey)\n      url: https://witness.sister.coop\n"
            ledger = try Ledger.create(
                at: dir.file("coop.ledger"), name: "Riverbend", bylawsHash: try files.digest, bylawsFiles: files,
                founders: [Founder(name: "Ada", key: founder.publicKey, roles: [.secretary], memberClass: "therapist")],
                founderKey: founder, ledgerKey: ledgerKey.publicKey, ledgerID: testLedgerID, clock: clock)
        }

        /// A note at `offset` seconds after the test time.
        func note(at offset: Int64) throws {
            clock.set(offset)
            _ = try ledger.append(type: .note, body: .object(["text": .string("at \(offset)")]), author: MemberID(number: 1)!, key: founder)
        }

        /// A checkpoint, cosigned by the witness at `offset` seconds after the test time (nil: not).
        func checkpoint(witnessedAt offset: Int64?) throws {
            let stored = try ledger.checkpoint(ledgerKey: ledgerKey)
            guard let offset else { return }
            let cosigned = try SignedCheckpoint.parse(stored.note).cosigned(by: witness, timestamp: UInt64(testTime.secondsSinceEpoch + offset))
            try ledger.keepCosigned(cosigned.format())
        }

        func verify() throws -> VerificationReport {
            try Verifier().verify(try LedgerStore.open(at: dir.file("coop.ledger"), readOnly: true), options: VerifyOptions())
        }
    }

    @Test("a cosigned checkpoint is kept as a new row and verifies; without a cosignature the newest is not witnessed")
    func witnessedAndNot() throws {
        let s = try Scene()
        try s.note(at: 10)
        try s.checkpoint(witnessedAt: 20)
        var report = try s.verify()
        #expect(report.ok && report.notWitnessed == nil, "\(report.problems)")
        #expect(report.witnessTimes.map(\.size) == [2])
        #expect(try s.ledger.latestCheckpoint()?.note.contains("— witness.sister.coop ") == true)
        #expect(try Receipt.make(s.ledger, index: 1).contains("— witness.sister.coop "))
        try s.note(at: 30)
        try s.checkpoint(witnessedAt: nil)
        report = try s.verify()
        #expect(report.ok && report.notWitnessed?.contains("size 3") == true)
    }

    @Test("an entry backdated before the witnesses saw an earlier checkpoint fails verify")
    func backdated() throws {
        let s = try Scene()
        try s.note(at: 10)
        try s.checkpoint(witnessedAt: 3600)
        try s.note(at: 100)  // after the last entry, but an hour before the witnesses' time
        try s.checkpoint(witnessedAt: 3700)
        let report = try s.verify()
        #expect(report.names(2) && report.problems.contains { $0.message.contains("backdated") }, "\(report.problems)")
    }

    @Test("an entry dated after the witnesses saw the checkpoint containing it fails verify")
    func futureDated() throws {
        let s = try Scene()
        try s.note(at: 7200)
        try s.checkpoint(witnessedAt: 100)
        let report = try s.verify()
        #expect(report.names(1) && report.problems.contains { $0.message.contains("dated into the future") }, "\(report.problems)")
    }

    @Test("a cosignature line by the listed witness that does not verify fails verify; a note of another body is not kept")
    func forgedLine() throws {
        let s = try Scene()
        try s.note(at: 10)
        let stored = try s.ledger.checkpoint(ledgerKey: s.ledgerKey)
        let signed = try SignedCheckpoint.parse(stored.note)
        let good = try s.witness.cosign(checkpointBody: signed.note.text, timestamp: UInt64(testTime.secondsSinceEpoch + 20))
        let forged = try Cosignature(keyName: good.keyName, keyID: good.keyID, timestamp: good.timestamp + 1, signature: good.signature)
        try s.ledger.keepCosigned(try signed.adding(cosignatures: [forged]).format())
        let report = try s.verify()
        #expect(report.problems.contains { $0.message.contains("witness cosignature is invalid") }, "\(report.problems)")
        // A checkpoint body the ledger never signed cannot be slipped in as "cosigned".
        let other = try SignedCheckpoint(
            signing: try Checkpoint(origin: signed.checkpoint.origin, size: signed.checkpoint.size, rootHash: SHA256.hash([1])),
            privateKey: s.ledgerKey, keyName: signed.checkpoint.origin)
        #expect(throws: LedgerError.self) { try s.ledger.keepCosigned(other.format()) }
    }

    @Test("an amendment that replaces the witnesses keeps earlier checkpoints witnessed under the policy in force at their size")
    func amendedWitnesses() throws {
        let w1 = try Cosigner(name: "w1.sister.coop", privateKey: try testKey(71))
        let w2 = try Cosigner(name: "w2.sister.coop", privateKey: try testKey(72))
        func section(_ w: Cosigner) -> String {
            "\nwitnesses:\n  threshold: 1\n  tolerance_seconds: 86400\n  list:\n    - name: \(w.name)\n      key: \(w.key.vkey)\n      url: https://\(w.name)\n"
        }
        var files = try Assembly.bylaws()
        files.files[BylawsFiles.rulesFile]? += section(w1)
        var a = try Assembly(bylaws: files)
        let ben = try a.admit("Ben", class: "therapist")
        func cosign(_ w: Cosigner) throws {
            let stored = try a.ledger.checkpoint(ledgerKey: try testKey(200))
            let time = UInt64(a.clock.now().secondsSinceEpoch)
            try a.ledger.keepCosigned(try SignedCheckpoint.parse(stored.note).cosigned(by: w, timestamp: time).format())
        }
        try cosign(w1)
        var amended = try Assembly.bylaws(note: "Article X. Our witness is now the second sister cooperative.")
        amended.files[BylawsFiles.rulesFile]? += section(w2)
        let m = try a.propose(.bylawsAmendment, extra: ["bylaws_files": .object(amended.files.mapValues { .string($0) })])
        a.clock.set("2026-02-01")
        try a.open(m)
        try a.vote(a.m1, m, "yes")
        try a.vote(ben, m, "yes")
        #expect(try a.close(m).outcome?.passed == true)
        try cosign(w2)
        var report = try a.verify()
        #expect(report.ok && report.notWitnessed == nil, "\(report.problems) \(report.notWitnessed ?? "")")
        #expect(report.witnessTimes.count == 2)
        // After the amendment the first witness alone no longer makes a checkpoint witnessed.
        _ = try a.sign(a.m1, .note, ["text": .string("after the amendment")])
        try cosign(w1)
        report = try a.verify()
        #expect(report.ok && report.notWitnessed != nil)
    }
}
