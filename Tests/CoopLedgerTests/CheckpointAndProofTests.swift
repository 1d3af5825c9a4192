import CoopCanonicalJSON
import CoopCrypto
import CoopExport
import CoopLedger
import CoopModel
import CoopTlog
import Foundation
import Testing

@Suite("Checkpoints, proofs, receipts, bundles")
struct CheckpointAndProofTests {
    @Test func checkpointsAreSignedC2SPNotesOverTheCurrentRoot() throws {
        let coop = try TestCoop(members: 2)
        let cp = try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        let lines = cp.note.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "coop.ledger/00112233445566778899aabbccddeeff")
        #expect(lines[1] == "3")
        #expect(lines[2] == Substring(Base64.encode(try coop.ledger.root().bytes)))
        #expect(lines[3].hasPrefix("coop-state v\(LedgerState.schemaVersion) "))
        #expect(lines[5].hasPrefix("\u{2014} coop.ledger/00112233445566778899aabbccddeeff "))
        let state = try coop.ledger.state()
        let opened = try Checkpoints.open(cp.note, keyText: state.ledgerKey, origin: state.origin)
        #expect(opened.size == 3)
        #expect(opened.stateDigest == (try state.digest()))
    }

    @Test func onlyTheLedgerKeyCanCheckpoint() throws {
        let coop = try TestCoop(members: 1)
        #expect {
            try coop.ledger.checkpoint(ledgerKey: coop.founder)
        } throws: { error in
            guard case .ledgerKeyMismatch? = error as? LedgerError else { return false }
            return true
        }
    }

    @Test func inclusionAndConsistencyProofsFromTheStoreVerifyForEverySize() throws {
        let coop = try TestCoop(members: 3)
        var roots: [SHA256Digest] = []
        var leaves: [SHA256Digest] = []
        leaves = try (0..<(try coop.ledger.store.size())).map { try coop.ledger.store.entry(at: $0).hash }
        for i in 0..<33 {
            let stored = try coop.note("item \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3])
            leaves.append(stored.entry.hash)
        }
        let n = try coop.ledger.store.size()
        for size in 1...n { roots.append(try coop.ledger.root(size: size)) }
        for size in 1...n {
            #expect(roots[Int(size) - 1] == Merkle.root(leafHashes: Array(leaves[0..<Int(size)])))
            for index in 0..<size {
                let (_, proof) = try coop.ledger.inclusionProof(index: index, size: size)
                #expect(
                    Merkle.verifyInclusion(
                        leafHash: leaves[Int(index)], index: index, size: size, proof: proof,
                        root: roots[Int(size) - 1]))
            }
            for m in 1...size {
                let (_, proof) = try coop.ledger.consistencyProof(from: m, to: size)
                #expect(
                    Merkle.verifyConsistency(
                        from: m, to: size, proof: proof, oldRoot: roots[Int(m) - 1],
                        newRoot: roots[Int(size) - 1]))
            }
        }
        #expect(throws: LedgerError.self) { try coop.ledger.inclusionProof(index: n, size: n) }
        #expect(throws: LedgerError.self) { try coop.ledger.consistencyProof(from: 0, to: n) }
        #expect(throws: LedgerError.self) { try coop.ledger.consistencyProof(from: 1, to: n + 1) }
    }

    @Test func receiptsVerifyOfflineAndTamperedOnesDoNot() throws {
        let coop = try TestCoop(members: 2)
        let stored = try coop.note("I was here", by: 3, key: coop.members[1])
        #expect(throws: LedgerError.self) { try Receipt.make(coop.ledger, index: stored.index) }
        try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        let receipt = try Receipt.make(coop.ledger, index: stored.index)
        let key = try coop.ledger.state().ledgerKey
        let verified = try Receipt.verify(receipt, ledgerKey: key)
        #expect(verified.index == stored.index)
        #expect(verified.entry.statement.author == coop.id(3))

        let otherKey = Checkpoints.verifierKeyText(try testKey(201).publicKey, origin: try coop.ledger.state().origin)
        #expect(throws: LedgerError.self) { try Receipt.verify(receipt, ledgerKey: otherKey) }
        var lines = receipt.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = "index 0"
        #expect(throws: LedgerError.self) { try Receipt.verify(lines.joined(separator: "\n"), ledgerKey: key) }
    }

    @Test func incrementalVerificationStartsAtTheKeptCheckpoint() throws {
        let coop = try TestCoop(members: 3)
        for i in 0..<20 { try coop.note("before \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3]) }
        let kept = try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        for i in 0..<7 { try coop.note("after \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3]) }
        try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        var options = VerifyOptions()
        options.keptCheckpoint = kept.note
        let report = try coop.verify(options)
        #expect(report.ok, "\(report.summary)")
        #expect(report.startedAt == kept.size)
        #expect(report.entriesChecked == 7)
        #expect(report.size == kept.size + 7)
    }

    /// Before a kept checkpoint, a batch of 2^k leaves from a multiple of 2^k joins the tree by
    /// the root its workers computed, unless a checkpoint signs a size inside it: every batch
    /// size gives the same verdict and root, checkpoints inside the prefix included.
    @Test(arguments: [1, 2, 3, 4, 8, 16, 8192])
    func keptPrefixesJoinTheTreeBySubtreesOrLeavesAlike(leafBatchSize: Int) throws {
        let coop = try TestCoop(members: 3)
        for i in 0..<13 { try coop.note("early \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3]) }
        try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)  // size 17: inside a batch of 2 and more
        for i in 0..<15 { try coop.note("middle \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3]) }
        try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)  // size 32: a batch's end
        for i in 0..<9 { try coop.note("late \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3]) }
        let kept = try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)  // size 41
        for i in 0..<3 { try coop.note("after \(i)", by: 2, key: coop.members[0]) }
        var options = VerifyOptions()
        options.keptCheckpoint = kept.note
        options.leafBatchSize = leafBatchSize
        let report = try coop.verify(options)
        #expect(report.ok, "\(report.summary)")
        #expect(report.leavesRehashed == kept.size && report.entriesChecked == 3)
        #expect(report.root == (try coop.ledger.root()))
        #expect(report.checkpointsChecked == 3)

        // An entry in the prefix rewritten (its state snapshot still trusted): the kept root fails.
        try coop.tamper("UPDATE entries SET statement = CAST(REPLACE(CAST(statement AS TEXT), 'middle 4', 'middle 5') AS BLOB) WHERE idx = 21")
        let tampered = try coop.verify(options)
        #expect(!tampered.ok)
        #expect(tampered.problems.contains { $0.message.contains("signs size 32") }, "\(tampered.summary)")
    }

    @Test func aKeptCheckpointTheLedgerNoLongerExtendsFails() throws {
        let coop = try TestCoop(members: 3)
        for i in 0..<6 { try coop.note("item \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3]) }
        let kept = try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        // The operator rewrites history before the kept checkpoint (and its own checkpoints).
        try coop.tamper("UPDATE entries SET signatures = (SELECT signatures FROM entries WHERE idx = 3) WHERE idx = 4; DELETE FROM snapshots")
        var options = VerifyOptions()
        options.keptCheckpoint = kept.note
        let report = try coop.verify(options)
        #expect(!report.ok)
        #expect(report.names(4), "\(report.summary)")
    }

    @Test func aTrustedLedgerKeyMustMatchTheGenesis() throws {
        let coop = try TestCoop(members: 1)
        var options = VerifyOptions()
        options.trustedLedgerKey = Checkpoints.verifierKeyText(try testKey(202).publicKey, origin: try coop.ledger.state().origin)
        #expect(throws: LedgerError.self) { try coop.verify(options) }
    }

    @Test func bundlesVerifyOfflineAndCatchAnEditedLine() throws {
        let coop = try TestCoop(members: 3)
        for i in 0..<10 { try coop.note("item \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3]) }
        let kept = try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        for i in 0..<3 { try coop.note("late \(i)", by: 2, key: coop.members[0]) }
        try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        let out = coop.dir.file("bundle")
        let (size, root) = try AuditBundle.export(coop.ledger, to: out)
        #expect(size == 17)
        let source = try BundleSource(directory: out)
        let report = try Verifier().verify(source)
        #expect(report.ok, "\(report.summary)")
        #expect(report.root == root)
        #expect(report.checkpointsChecked == 2)

        var options = VerifyOptions()
        options.keptCheckpoint = kept.note
        let incremental = try Verifier().verify(source, options: options)
        #expect(incremental.ok && incremental.entriesChecked == 3, "\(incremental.summary)")

        #expect(throws: LedgerError.self) { try AuditBundle.export(coop.ledger, to: out) }

        let log = out + "/entries.log"
        let text = try String(contentsOfFile: log, encoding: .utf8)
        try text.replacingOccurrences(of: "item 5", with: "item 6").write(toFile: log, atomically: true, encoding: .utf8)
        let tampered = try Verifier().verify(try BundleSource(directory: out))
        #expect(!tampered.ok)
        #expect(tampered.names(9), "\(tampered.summary)")
    }

    @Test func openingSomethingThatIsNotALedgerWritesNothing() throws {
        let dir = TempDir()
        let path = dir.file("notes.txt")
        try "just some text\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try Ledger.open(at: path)
        } throws: { error in
            guard case .notALedger? = error as? LedgerError else { return false }
            return true
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "just some text\n")
        #expect {
            try Ledger.open(at: dir.file("missing.ledger"))
        } throws: { error in
            guard case .ledgerNotFound? = error as? LedgerError else { return false }
            return true
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("missing.ledger")))
    }

    @Test func stateSurvivesReopeningAcrossSnapshots() throws {
        let coop = try TestCoop(members: 2)
        let items = (0..<1100).map { i in
            (
                type: EntryType.note, body: JSONValue.object(["text": .string("n\(i)")]),
                author: coop.id(2 + Int64(i % 2)), key: coop.members[i % 2]
            )
        }
        _ = try coop.ledger.appendAll(items)
        let reopened = try Ledger.open(at: coop.path, clock: FixedClock(testTime))
        #expect(try reopened.state() == (try coop.ledger.state()))
        try reopened.append(type: .note, body: .object(["text": "after reopen"]), author: coop.id(2), key: coop.members[0])
        #expect(try coop.verify().ok)
    }
}
