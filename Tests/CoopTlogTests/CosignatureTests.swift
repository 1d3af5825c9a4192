import CoopCrypto
import CoopTlog
import Testing

/// Fixed keys for the cosignature and witness tests.
enum WitnessFixtures {
    static func key(_ byte: UInt8) throws -> Ed25519.PrivateKey {
        var seed = [UInt8](repeating: byte, count: 32)
        return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
    }

    static let origin = "coop.example/ledger"
    static func log() throws -> NoteSigner { try NoteSigner(name: origin, privateKey: key(1)) }
    static func witness(_ number: UInt8) throws -> Cosigner { try Cosigner(name: "witness\(number).example/w", privateKey: key(10 + number)) }

    /// A checkpoint of the first `size` leaves of a synthetic log, signed by the log key.
    static func checkpoint(size: UInt64, tree: InMemoryMerkleTree) throws -> SignedCheckpoint {
        let root = try Merkle.root(size: size, source: tree)
        return try SignedCheckpoint(signing: Checkpoint(origin: origin, size: size, rootHash: root), with: log())
    }
}

@Suite("Cosignatures")
struct CosignatureTests {
    static let tree = InMemoryMerkleTree(leafHashes: syntheticLeafHashes(100))

    @Test("cosign, add and verify; the log's line is ignored by the witness check and vice versa")
    func roundTrip() throws {
        let w1 = try WitnessFixtures.witness(1), w2 = try WitnessFixtures.witness(2)
        let signed = try WitnessFixtures.checkpoint(size: 42, tree: Self.tree)
            .cosigned(by: w1, timestamp: 1_700_000_000)
            .cosigned(by: w2, timestamp: 1_700_000_005)
        let reparsed = try SignedCheckpoint.parse(signed.format())
        #expect(reparsed == signed)
        let valid = try reparsed.verifiedCosignatures(witnesses: [w2.key, w1.key])
        #expect(valid.map(\.name) == ["witness2.example/w", "witness1.example/w"])
        #expect(valid.map(\.timestamp) == [1_700_000_005, 1_700_000_000])
        try reparsed.verify(key: WitnessFixtures.log().verifierKey)
        #expect(try reparsed.verify(logKey: WitnessFixtures.log().verifierKey, policy: WitnessPolicy(witnesses: [w1.key, w2.key], threshold: 2)).count == 2)
        // Witness keys are not log keys: a checkpoint with only cosignatures has no log signature.
        let onlyCosigned = try SignedCheckpoint(note: SignedNote(text: signed.note.text, signatures: Array(signed.note.signatures.dropFirst())))
        #expect(throws: TlogError.self) { try onlyCosigned.verify(key: WitnessFixtures.log().verifierKey) }
        #expect(try onlyCosigned.verifiedCosignatures(witnesses: [w1.key]).count == 1)
    }

    @Test("re-cosigning replaces the witness's line; the latest time is reported once")
    func replacesLine() throws {
        let w1 = try WitnessFixtures.witness(1)
        let first = try WitnessFixtures.checkpoint(size: 10, tree: Self.tree).cosigned(by: w1, timestamp: 100)
        let second = try first.cosigned(by: w1, timestamp: 200)
        #expect(second.note.signatures.count == 2)
        #expect(try second.verifiedCosignatures(witnesses: [w1.key, w1.key]).map(\.timestamp) == [200])
        // Two valid lines of the same witness (appended by hand): counted once, the latest.
        let old = try #require(first.note.signatures.last)
        let both = try SignedCheckpoint(note: SignedNote(text: second.note.text, signatures: second.note.signatures + [old]))
        #expect(try both.verifiedCosignatures(witnesses: [w1.key]) == [VerifiedCosignature(witness: w1.key, timestamp: 200)])
        #expect(throws: CosignatureError.quorumNotMet(valid: ["witness1.example/w"], needed: 2, of: 2)) {
            try WitnessPolicy(witnesses: [w1.key, WitnessFixtures.witness(2).key], threshold: 2).check(both)
        }
    }

    @Test("tampering is caught: altered checkpoint, timestamp, signature or key", arguments: 0..<6)
    func tamper(kind: Int) throws {
        let w1 = try WitnessFixtures.witness(1)
        let checkpoint = try WitnessFixtures.checkpoint(size: 42, tree: Self.tree)
        let good = try w1.cosign(checkpointBody: checkpoint.note.text, timestamp: 1_700_000_000)
        var text = checkpoint.note.text
        var line = good
        switch kind {
        case 0:  // another checkpoint body (size 43 with the same root)
            text = text.replacing("\n42\n", with: "\n43\n")
        case 1:  // the time moved by one second
            line = try Cosignature(keyName: good.keyName, keyID: good.keyID, timestamp: good.timestamp + 1, signature: good.signature)
        case 2:  // one signature bit flipped
            var bytes = good.signature.bytes
            bytes[10] ^= 0x20
            line = try Cosignature(keyName: good.keyName, keyID: good.keyID, timestamp: good.timestamp, signature: Ed25519.Signature(bytes: bytes))
        case 3:  // an extension line added to the checkpoint
            text += "extension\n"
        case 4:  // signed by another key under w1's name and key ID
            let forged = try Cosigner(name: w1.name, privateKey: WitnessFixtures.key(99)).cosign(checkpointBody: text, timestamp: good.timestamp)
            line = try Cosignature(keyName: good.keyName, keyID: good.keyID, timestamp: forged.timestamp, signature: forged.signature)
        default:  // the log key's plain note signature relabelled as a cosignature
            let noteSig = try WitnessFixtures.log().signature(for: text)
            line = try Cosignature(keyName: good.keyName, keyID: good.keyID, timestamp: good.timestamp, signature: Ed25519.Signature(bytes: noteSig.signature))
        }
        let tampered = try SignedCheckpoint(note: SignedNote(text: text, signatures: checkpoint.note.signatures + [line.noteSignature]))
        #expect(throws: CosignatureError.cosignatureInvalid(keyName: w1.name, keyID: w1.key.keyID)) {
            try tampered.verifiedCosignatures(witnesses: [w1.key])
        }
        #expect(!w1.key.isValid(line, checkpointBody: text))
    }

    @Test("lines that match no trusted witness are ignored, even with the right name or key ID")
    func unknownLinesIgnored() throws {
        let w1 = try WitnessFixtures.witness(1), w2 = try WitnessFixtures.witness(2)
        let checkpoint = try WitnessFixtures.checkpoint(size: 42, tree: Self.tree)
        let good = try w2.cosign(checkpointBody: checkpoint.note.text, timestamp: 5)
        // w2's line under w1's name: name matches, key ID does not → not w1's, ignored.
        let renamed = try NoteSignature(keyName: w1.name, keyID: good.keyID, signature: good.noteSignature.signature)
        // Garbage under w1's key ID but another name → ignored.
        let otherName = try NoteSignature(keyName: "someone.else/w", keyID: w1.key.keyID, signature: [1, 2, 3])
        let signed = try checkpoint.adding(signatures: [renamed, otherName])
        #expect(try signed.verifiedCosignatures(witnesses: [w1.key]).isEmpty)
        #expect(throws: CosignatureError.quorumNotMet(valid: [], needed: 1, of: 1)) {
            try WitnessPolicy(witnesses: [w1.key], threshold: 1).check(signed)
        }
    }

    @Test("a trusted witness's line of the wrong length rejects the checkpoint")
    func malformedTrustedLine() throws {
        let w1 = try WitnessFixtures.witness(1)
        let checkpoint = try WitnessFixtures.checkpoint(size: 42, tree: Self.tree)
        let short = try NoteSignature(keyName: w1.name, keyID: w1.key.keyID, signature: [UInt8](repeating: 7, count: 64))
        #expect(throws: CosignatureError.malformedCosignature(keyName: w1.name, length: 64)) {
            try checkpoint.adding(signatures: [short]).verifiedCosignatures(witnesses: [w1.key])
        }
        var huge = [UInt8](repeating: 0xff, count: 72)
        huge[0] = 0x80  // 2^63 and above
        let late = try NoteSignature(keyName: w1.name, keyID: w1.key.keyID, signature: huge)
        #expect(throws: CosignatureError.timestampTooLarge(0x80FF_FFFF_FFFF_FFFF)) {
            try checkpoint.adding(signatures: [late]).verifiedCosignatures(witnesses: [w1.key])
        }
    }

    @Test("cosignatures dated after notAfter are not counted")
    func futureTimestamps() throws {
        let w1 = try WitnessFixtures.witness(1), w2 = try WitnessFixtures.witness(2)
        let signed = try WitnessFixtures.checkpoint(size: 42, tree: Self.tree)
            .cosigned(by: w1, timestamp: 1000).cosigned(by: w2, timestamp: 2000)
        #expect(try signed.verifiedCosignatures(witnesses: [w1.key, w2.key], notAfter: 1999).map(\.name) == ["witness1.example/w"])
        #expect(try signed.verifiedCosignatures(witnesses: [w1.key, w2.key], notAfter: 2000).count == 2)
        let policy = try WitnessPolicy(witnesses: [w1.key, w2.key], threshold: 2)
        #expect(throws: CosignatureError.quorumNotMet(valid: ["witness1.example/w"], needed: 2, of: 2)) {
            try policy.check(signed, notAfter: 1500)
        }
    }

    @Test("k-of-n policies", arguments: [(1, 0, false), (1, 1, true), (2, 1, false), (2, 2, true), (2, 3, true), (3, 3, true), (3, 2, false)])
    func policies(threshold: Int, cosigners: Int, accepted: Bool) throws {
        let witnesses = try (1...3).map { try WitnessFixtures.witness(UInt8($0)) }
        var signed = try WitnessFixtures.checkpoint(size: 7, tree: Self.tree)
        for witness in witnesses.prefix(cosigners) { signed = try signed.cosigned(by: witness, timestamp: 10) }
        let policy = try WitnessPolicy(witnesses: witnesses.map(\.key), threshold: threshold)
        if accepted {
            #expect(try policy.check(signed).count == cosigners)
        } else {
            #expect(throws: CosignatureError.self) { try policy.check(signed) }
        }
    }

    @Test("policy and key construction checks")
    func constructionChecks() throws {
        let w1 = try WitnessFixtures.witness(1)
        #expect(throws: CosignatureError.invalidThreshold(threshold: 0, witnesses: 1)) { try WitnessPolicy(witnesses: [w1.key], threshold: 0) }
        #expect(throws: CosignatureError.invalidThreshold(threshold: 2, witnesses: 1)) { try WitnessPolicy(witnesses: [w1.key, w1.key], threshold: 2) }
        #expect(throws: CosignatureError.invalidThreshold(threshold: 1, witnesses: 0)) { try WitnessPolicy(witnesses: [], threshold: 1) }
        #expect(throws: TlogError.invalidKeyName("a b")) { try Cosigner(name: "a b", privateKey: WitnessFixtures.key(3)) }
        #expect(throws: CosignatureError.zeroTimestamp) { try w1.cosign(checkpointBody: CosignatureSpecExamples.checkpointBody, timestamp: 0) }
        #expect(throws: CosignatureError.timestampTooLarge(1 << 63)) {
            try w1.cosign(checkpointBody: CosignatureSpecExamples.checkpointBody, timestamp: 1 << 63)
        }
        #expect(throws: TlogError.self) { try w1.cosign(checkpointBody: "not a checkpoint\n", timestamp: 1) }
        #expect(
            try w1.cosign(checkpointBody: CosignatureSpecExamples.checkpointBody, timestamp: Cosignature.maxTimestamp).timestamp == Cosignature.maxTimestamp)

        let vkey = w1.key.vkey
        #expect(try CosignerKey(vkey: vkey) == w1.key)
        let parts = vkey.split(separator: "+", maxSplits: 2).map(String.init)
        #expect(try CosignerKey(vkey: "\(parts[0])+\(parts[1].uppercased())+\(parts[2])") == w1.key)
        let bad = [
            "\(parts[0])+\(parts[1])", "x+\(parts[1])+\(parts[2])", "\(parts[0])+0000000+\(parts[2])",
            "\(parts[0])+\(parts[1])+\(parts[2].dropLast(4))", "\(parts[0])+zzzzzzzz+\(parts[2])", "+\(parts[1])+\(parts[2])",
        ]
        for text in bad { #expect(throws: CosignatureError.self) { try CosignerKey(vkey: text) } }
    }
}
