import CoopCrypto
import CoopTlog
import Testing

/// The witness decision of c2sp.org/tlog-witness "add-checkpoint", outcome by outcome.
@Suite("Witness: add-checkpoint decisions")
struct WitnessTests {
    static let tree = InMemoryMerkleTree(leafHashes: syntheticLeafHashes(100))
    /// The same log, forked: leaf 15 differs, so every tree larger than 15 has another root.
    static let fork: InMemoryMerkleTree = {
        var leaves = syntheticLeafHashes(100)
        leaves[15] = Merkle.leafHash([0xf0, 0x4c])
        return InMemoryMerkleTree(leafHashes: leaves)
    }()

    static func witness() throws -> Witness {
        try Witness(cosigners: [WitnessFixtures.witness(1)], logs: [WitnessFixtures.origin: [WitnessFixtures.log().verifierKey]])
    }

    static func request(old: UInt64, size: UInt64, tree: InMemoryMerkleTree = tree) throws -> AddCheckpointRequest {
        try AddCheckpointRequest(
            oldSize: old, consistencyProof: Merkle.consistencyProof(from: old, to: size, source: tree),
            checkpoint: WitnessFixtures.checkpoint(size: size, tree: tree))
    }

    /// A state that has cosigned size 20 of the honest log.
    static func stateAt20() throws -> WitnessState {
        var state = WitnessState()
        _ = try state.addCheckpoint(request(old: 0, size: 20), witness: witness(), timestamp: 1000)
        return state
    }

    @Test("a fresh witness cosigns with old size 0, then follows the log with consistency proofs")
    func cosignsAndFollows() throws {
        let witness = try Self.witness()
        var state = WitnessState()
        let first = try state.addCheckpoint(Self.request(old: 0, size: 20), witness: witness, timestamp: 1000)
        guard case let .cosign(response, record) = first else {
            Issue.record("expected a cosignature, got \(first)")
            return
        }
        #expect(first.status == 200)
        #expect(record.checkpoint.size == 20)
        #expect(state.latest[WitnessFixtures.origin] == record)
        // The record carries the log's signature and the cosignature; the response the latter.
        try record.verify(key: WitnessFixtures.log().verifierKey)
        #expect(try record.verifiedCosignatures(witnesses: witness.keys).map(\.timestamp) == [1000])
        #expect(response.signatures.count == 1)

        // A client adds the response to its checkpoint and meets a 1-of-1 policy.
        let parsed = try AddCheckpointResponse.parse(Array(first.body.utf8))
        let clientView = try WitnessFixtures.checkpoint(size: 20, tree: Self.tree).adding(signatures: parsed.signatures)
        try clientView.verify(logKey: WitnessFixtures.log().verifierKey, policy: WitnessPolicy(witnesses: witness.keys, threshold: 1))

        let second = try state.addCheckpoint(Self.request(old: 20, size: 57), witness: witness, timestamp: 1010)
        #expect(second.status == 200)
        #expect(state.latest[WitnessFixtures.origin]?.checkpoint.size == 57)
        // The same checkpoint again: cosigned again, with the new time.
        let again = try state.addCheckpoint(Self.request(old: 57, size: 57), witness: witness, timestamp: 1020)
        #expect(again.status == 200)
        #expect(try state.latest[WitnessFixtures.origin]?.verifiedCosignatures(witnesses: witness.keys).first?.timestamp == 1020)
    }

    @Test("409 with the latest size when the old size is not what was last cosigned", arguments: [UInt64(0), 10, 19, 21])
    func conflict(old: UInt64) throws {
        var state = try Self.stateAt20()
        let decision = try state.addCheckpoint(Self.request(old: old, size: 30), witness: Self.witness(), timestamp: 1001)
        #expect(decision == .conflict(WitnessConflict(latestSize: 20)))
        #expect(decision.status == 409)
        #expect(decision.contentType == "text/x.tlog.size")
        #expect(decision.body == "20\n")
        #expect(state.latest[WitnessFixtures.origin]?.checkpoint.size == 20)
    }

    @Test("a smaller checkpoint than the one cosigned cannot roll the witness back")
    func noRollback() throws {
        var state = try Self.stateAt20()
        // Honest old size 20 with a checkpoint of 15: old > size, 400.
        let backwards = try AddCheckpointRequest(oldSize: 20, consistencyProof: [], checkpoint: WitnessFixtures.checkpoint(size: 15, tree: Self.tree))
        let decision = try state.addCheckpoint(backwards, witness: Self.witness(), timestamp: 1001)
        #expect(decision.status == 400)
        #expect(decision == .reject(WitnessRejection(reason: .oldSizeAfterCheckpoint(oldSize: 20, size: 15))))
        // Claiming an old size of 10 instead: 409.
        #expect(try state.addCheckpoint(Self.request(old: 10, size: 15), witness: Self.witness(), timestamp: 1001).status == 409)
        #expect(state.latest[WitnessFixtures.origin]?.checkpoint.size == 20)
    }

    @Test("404 for an origin the witness does not follow; 403 without a valid trusted signature")
    func originAndSignatures() throws {
        let witness = try Self.witness()
        let stranger = try NoteSigner(name: "elsewhere.example/log", privateKey: WitnessFixtures.key(5))
        let foreign = try SignedCheckpoint(
            signing: Checkpoint(origin: "elsewhere.example/log", size: 1, rootHash: Self.tree.node(level: 0, index: 0)), with: stranger)
        let unknownOrigin = try witness.decide(AddCheckpointRequest(oldSize: 0, consistencyProof: [], checkpoint: foreign), latest: nil, timestamp: 5)
        #expect(unknownOrigin.status == 404)

        let body = try Checkpoint(origin: WitnessFixtures.origin, size: 20, rootHash: Merkle.root(size: 20, source: Self.tree))
        // Signed only by an unknown key (another key under the log's name): 403.
        let impostor = try NoteSigner(name: WitnessFixtures.origin, privateKey: WitnessFixtures.key(6))
        let unsigned = try SignedCheckpoint(signing: body, with: impostor)
        #expect(try witness.decide(AddCheckpointRequest(oldSize: 0, consistencyProof: [], checkpoint: unsigned), latest: nil, timestamp: 5).status == 403)
        // A trusted key's line that does not verify, next to a good one: 403 (a malformed note).
        let good = try SignedCheckpoint(signing: body, with: WitnessFixtures.log())
        var bad = try #require(good.note.signatures.first).signature
        bad[0] ^= 1
        let forgedLine = try NoteSignature(keyName: WitnessFixtures.origin, keyID: WitnessFixtures.log().keyID, signature: bad)
        let mixed = try SignedCheckpoint(note: SignedNote(text: good.note.text, signatures: good.note.signatures + [forgedLine]))
        let decision = try witness.decide(AddCheckpointRequest(oldSize: 0, consistencyProof: [], checkpoint: mixed), latest: nil, timestamp: 5)
        #expect(decision.status == 403)
        guard case let .reject(rejection) = decision, case .untrustedSignature = rejection.reason else {
            Issue.record("expected an untrusted-signature refusal, got \(decision)")
            return
        }
        #expect(rejection.evidence == nil)
    }

    @Test("a fork at a larger size: 422 with both notes kept as (unproven) evidence")
    func forkLarger() throws {
        var state = try Self.stateAt20()
        let stored = try #require(state.latest[WitnessFixtures.origin])
        let request = try Self.request(old: 20, size: 30, tree: Self.fork)
        let decision = try state.addCheckpoint(request, witness: Self.witness(), timestamp: 1001)
        #expect(decision.status == 422)
        guard case let .reject(rejection) = decision, let evidence = rejection.evidence else {
            Issue.record("expected a refusal with evidence, got \(decision)")
            return
        }
        #expect(evidence.kind == .unprovenConsistency)
        #expect(evidence.cosigned == stored)
        #expect(evidence.presented == request.checkpoint)
        #expect(evidence.proof == request.consistencyProof)
        #expect(state.latest[WitnessFixtures.origin] == stored)
    }

    @Test("a fork at the same size: 422 with conclusive evidence (two signed roots for one size)")
    func forkSameSize() throws {
        var state = try Self.stateAt20()
        let decision = try state.addCheckpoint(Self.request(old: 20, size: 20, tree: Self.fork), witness: Self.witness(), timestamp: 1001)
        guard case let .reject(rejection) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(rejection.reason == .rootDiffersAtSameSize(size: 20))
        #expect(rejection.status == 422)
        #expect(rejection.evidence?.kind == .conflictingRoots)
        let evidence = try #require(rejection.evidence)
        // Both are signed by the log: anyone holding the log key can check the fork.
        try evidence.cosigned.verify(key: WitnessFixtures.log().verifierKey)
        try evidence.presented.verify(key: WitnessFixtures.log().verifierKey)
        #expect(evidence.cosigned.checkpoint.rootHash != evidence.presented.checkpoint.rootHash)
    }

    @Test("422 refusals without evidence: a damaged proof, proof lines for old size 0 or for an unchanged size, a bad empty root")
    func malformedProofs() throws {
        let witness = try Self.witness()
        var state = try Self.stateAt20()
        let honest = try Self.request(old: 20, size: 33)
        var proof = honest.consistencyProof
        proof[0] = flipped(proof[0])
        let damaged = try AddCheckpointRequest(oldSize: 20, consistencyProof: proof, checkpoint: honest.checkpoint)
        let damagedDecision = try state.addCheckpoint(damaged, witness: witness, timestamp: 1001)
        #expect(damagedDecision.status == 422)
        // A broken proof is reported (the log may be lying), but only as unproven.
        if case let .reject(rejection) = damagedDecision { #expect(rejection.evidence?.kind == .unprovenConsistency) }

        let unchanged = try AddCheckpointRequest(
            oldSize: 20, consistencyProof: [Merkle.emptyRoot], checkpoint: WitnessFixtures.checkpoint(size: 20, tree: Self.tree))
        let unchangedDecision = try state.addCheckpoint(unchanged, witness: witness, timestamp: 1001)
        #expect(unchangedDecision.status == 422)
        if case let .reject(rejection) = unchangedDecision { #expect(rejection.evidence == nil) }

        let fresh = WitnessState()
        let zeroWithProof = try AddCheckpointRequest(
            oldSize: 0, consistencyProof: [Merkle.emptyRoot], checkpoint: WitnessFixtures.checkpoint(size: 5, tree: Self.tree))
        #expect(
            try witness.decide(zeroWithProof, latest: fresh.latest[WitnessFixtures.origin], timestamp: 1)
                == .reject(WitnessRejection(reason: .proofForOldSizeZero(count: 1))))

        let wrongEmpty = try SignedCheckpoint(
            signing: Checkpoint(origin: WitnessFixtures.origin, size: 0, rootHash: Self.tree.root()), with: WitnessFixtures.log())
        #expect(try witness.decide(AddCheckpointRequest(oldSize: 0, consistencyProof: [], checkpoint: wrongEmpty), latest: nil, timestamp: 1).status == 422)
        let rightEmpty = try SignedCheckpoint(
            signing: Checkpoint(origin: WitnessFixtures.origin, size: 0, rootHash: Merkle.emptyRoot), with: WitnessFixtures.log())
        #expect(try witness.decide(AddCheckpointRequest(oldSize: 0, consistencyProof: [], checkpoint: rightEmpty), latest: nil, timestamp: 1).status == 200)
        #expect(state.latest[WitnessFixtures.origin]?.checkpoint.size == 20)
    }

    @Test("the record keeps only verified log signatures and the cosignatures")
    func recordStripsUnknownLines() throws {
        let checkpoint = try WitnessFixtures.checkpoint(size: 9, tree: Self.tree)
        let unknown = try NoteSignature(keyName: "someone.example/x", keyID: 7, signature: [1, 2, 3, 4])
        let request = try AddCheckpointRequest(oldSize: 0, consistencyProof: [], checkpoint: checkpoint.adding(signatures: [unknown]))
        guard case let .cosign(_, record) = try Self.witness().decide(request, latest: nil, timestamp: 77) else {
            Issue.record("expected a cosignature")
            return
        }
        #expect(record.note.signatures.map(\.keyName) == [WitnessFixtures.origin, "witness1.example/w"])
        #expect(record.note.text == checkpoint.note.text)
    }

    @Test("caller mistakes throw instead of deciding")
    func callerMistakes() throws {
        let witness = try Self.witness()
        let request = try Self.request(old: 0, size: 3)
        #expect(throws: CosignatureError.zeroTimestamp) { try witness.decide(request, latest: nil, timestamp: 0) }
        let foreign = try SignedCheckpoint(
            signing: Checkpoint(origin: "other.example/log", size: 0, rootHash: Merkle.emptyRoot), privateKey: WitnessFixtures.key(4))
        #expect(throws: WitnessProtocolError.storedCheckpointForAnotherOrigin(stored: "other.example/log", requested: WitnessFixtures.origin)) {
            try witness.decide(request, latest: foreign, timestamp: 9)
        }
        #expect(throws: WitnessProtocolError.noCosigners) { try Witness(cosigners: [], logs: [:]) }
        #expect(Witness.monitoringPath(origin: "example.com/behind-the-sofa") == "5fd2dc0beb4ce54da5050cf6d5c75248b023abad441c3cecde3976fbe9da4fe4/checkpoint")
    }

    @Test("two cosigning keys: both cosign, both are in the response and the record")
    func twoCosigners() throws {
        let witness = try Witness(
            cosigners: [WitnessFixtures.witness(1), WitnessFixtures.witness(2)], logs: [WitnessFixtures.origin: [WitnessFixtures.log().verifierKey]])
        guard case let .cosign(response, record) = try witness.decide(Self.request(old: 0, size: 4), latest: nil, timestamp: 3) else {
            Issue.record("expected a cosignature")
            return
        }
        #expect(response.signatures.count == 2)
        #expect(try WitnessPolicy(witnesses: witness.keys, threshold: 2).check(record).count == 2)
    }
}
