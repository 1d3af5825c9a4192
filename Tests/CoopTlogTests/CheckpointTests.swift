import CoopCrypto
import CoopTlog
import Testing

@Suite("Checkpoints")
struct CheckpointTests {
    /// c2sp.org/tlog-checkpoint's example, also used by c2sp.org/tlog-cosignature.
    static let specBody = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    static let specLogSignature = "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    static let specWitnessSignature =
        "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
    static let someRoot = Base64.encode(CTTestTree.roots[8].bytes)

    @Test func specExampleBodyParses() throws {
        let checkpoint = try Checkpoint(body: Self.specBody)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(checkpoint.rootHash.bytes == base64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="))
        #expect(checkpoint.extensions == [])
        #expect(checkpoint.body() == Self.specBody)
    }

    @Test func specExampleSignedAndCosignedNotesParse() throws {
        let signed = try SignedCheckpoint.parse(Self.specBody + "\n" + Self.specLogSignature)
        #expect(signed.checkpoint.size == 20_852_163)
        #expect(signed.note.signatures.map(\.keyID) == [0x033d_e0ae])
        #expect(signed.note.signatures[0].signature.count == 64)

        // The tlog-cosignature example: the witness signature is a timestamped_signature
        // (8-byte timestamp + 64-byte Ed25519 signature).
        let cosigned = try SignedCheckpoint.parse(Self.specBody + "\n" + Self.specLogSignature + Self.specWitnessSignature)
        #expect(cosigned.note.signatures.map(\.keyName) == ["example.com/behind-the-sofa", "witness.example.com/w1"])
        #expect(cosigned.note.signatures[1].signature.count == 72)
        #expect(cosigned.format() == Self.specBody + "\n" + Self.specLogSignature + Self.specWitnessSignature)
    }

    @Test func extensionsAndEdgeSizes() throws {
        let body = "coop.example/ledger\n0\n\(Base64.encode(Merkle.emptyRoot.bytes))\nfirst extension\nsecond — extension\n"
        let checkpoint = try Checkpoint(body: body)
        #expect(checkpoint.size == 0)
        #expect(checkpoint.rootHash == Merkle.emptyRoot)
        #expect(checkpoint.extensions == ["first extension", "second — extension"])
        #expect(checkpoint.body() == body)
        let max = try Checkpoint(body: "o\n18446744073709551615\n\(Self.someRoot)\n")
        #expect(max.size == UInt64.max)
    }

    @Test(
        "malformed checkpoint bodies",
        arguments: [
            ("example.com/log\n5\n", TlogError.checkpointTooFewLines(count: 2)),
            ("example.com/log\n", .checkpointTooFewLines(count: 1)),
            ("\n5\n\(someRoot)\n", .checkpointEmptyOrigin),
            ("o\n05\n\(someRoot)\n", .checkpointInvalidSize("05")),
            ("o\n00\n\(someRoot)\n", .checkpointInvalidSize("00")),
            ("o\n-1\n\(someRoot)\n", .checkpointInvalidSize("-1")),
            ("o\n+5\n\(someRoot)\n", .checkpointInvalidSize("+5")),
            ("o\n 5\n\(someRoot)\n", .checkpointInvalidSize(" 5")),
            ("o\n5 \n\(someRoot)\n", .checkpointInvalidSize("5 ")),
            ("o\n\n\(someRoot)\n", .checkpointInvalidSize("")),
            ("o\n0x10\n\(someRoot)\n", .checkpointInvalidSize("0x10")),
            ("o\n18446744073709551616\n\(someRoot)\n", .checkpointInvalidSize("18446744073709551616")),
            ("o\n١٢\n\(someRoot)\n", .checkpointInvalidSize("١٢")),
            ("o\n5\nnot base64\n", .checkpointInvalidRootHash("not base64")),
            ("o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n", .checkpointInvalidRootHash("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I")),
            ("o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n", .checkpointInvalidRootHash("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx")),
            ("o\n5\n\n", .checkpointInvalidRootHash("")),
            ("o\n5\n\(someRoot)\n\n", .checkpointEmptyExtensionLine(line: 4)),
            ("o\n5\n\(someRoot)\next\n\n", .checkpointEmptyExtensionLine(line: 5)),
            ("o\n5\n\(someRoot)", .noteTextMissingFinalNewline),
            ("", .noteTextMissingFinalNewline),
            ("o\n5\n\(someRoot)\next\r\n", .checkpointInvalidCharacter(line: 4)),
            ("o\t1\n5\n\(someRoot)\n", .checkpointInvalidCharacter(line: 1)),
        ])
    func malformed(body: String, error: TlogError) {
        #expect(throws: error) { try Checkpoint(body: body) }
    }

    @Test func fieldChecks() {
        let root = CTTestTree.roots[8]
        #expect(throws: TlogError.checkpointEmptyOrigin) { try Checkpoint(origin: "", size: 1, rootHash: root) }
        #expect(throws: TlogError.checkpointInvalidCharacter(line: 1)) { try Checkpoint(origin: "a\nb", size: 1, rootHash: root) }
        #expect(throws: TlogError.checkpointEmptyExtensionLine(line: 5)) {
            try Checkpoint(origin: "a", size: 1, rootHash: root, extensions: ["x", ""])
        }
        #expect(throws: TlogError.checkpointInvalidCharacter(line: 4)) {
            try Checkpoint(origin: "a", size: 1, rootHash: root, extensions: ["x\ny"])
        }
    }

    @Test func signOpenAndReject() throws {
        let key = Ed25519.PrivateKey()
        let checkpoint = try Checkpoint(origin: "coop.example/ledger", size: 8, rootHash: CTTestTree.roots[8])
        let signed = try SignedCheckpoint(signing: checkpoint, privateKey: key)
        let vkey = try NoteVerifierKey(name: "coop.example/ledger", publicKey: key.publicKey)
        let text = signed.format()
        #expect(text.hasPrefix(checkpoint.body() + "\n— coop.example/ledger "))

        let opened = try SignedCheckpoint.open(text, verifierKey: vkey)
        #expect(opened == signed)
        #expect(opened.checkpoint == checkpoint)
        try opened.verify(key: vkey)

        // Wrong key, wrong origin, altered body.
        let other = try NoteVerifierKey(name: "coop.example/ledger", publicKey: Ed25519.PrivateKey().publicKey)
        #expect(throws: TlogError.noteNotSignedByKnownKey(keys: [keyLabel(other)])) {
            try SignedCheckpoint.open(text, verifierKey: other)
        }
        #expect(throws: TlogError.checkpointOriginMismatch(expected: "coop.example/other", actual: "coop.example/ledger")) {
            try SignedCheckpoint.open(text, verifierKey: vkey, origin: "coop.example/other")
        }
        let altered = text.replacing("\n8\n", with: "\n9\n", maxReplacements: 1)
        #expect(throws: TlogError.noteSignatureInvalid(keyName: vkey.name, keyID: vkey.keyID)) {
            try SignedCheckpoint.open(altered, verifierKey: vkey)
        }
        // Parsing alone does not authenticate.
        #expect(try SignedCheckpoint.parse(altered).checkpoint.size == 9)

        // A key named differently from the origin needs the origin passed explicitly.
        let named = try SignedCheckpoint(signing: checkpoint, privateKey: key, keyName: "coop.example/log-key")
        let namedKey = try NoteVerifierKey(name: "coop.example/log-key", publicKey: key.publicKey)
        #expect(throws: TlogError.checkpointOriginMismatch(expected: "coop.example/log-key", actual: "coop.example/ledger")) {
            try named.verify(key: namedKey)
        }
        try named.verify(key: namedKey, origin: "coop.example/ledger")

        // An origin that is not a valid key name cannot be the default key name.
        let spaced = try Checkpoint(origin: "coop ledger", size: 8, rootHash: CTTestTree.roots[8])
        #expect(throws: TlogError.invalidKeyName("coop ledger")) { try SignedCheckpoint(signing: spaced, privateKey: key) }
    }

    @Test func witnessCosigning() throws {
        let logKey = Ed25519.PrivateKey()
        let checkpoint = try Checkpoint(origin: "coop.example/ledger", size: 3, rootHash: CTTestTree.roots[3])
        let signed = try SignedCheckpoint(signing: checkpoint, privateKey: logKey)
        let witness = try NoteSigner(name: "witness.example/w1", privateKey: Ed25519.PrivateKey())
        let cosigned = try signed.cosigned(by: witness)
        let logVKey = try NoteVerifierKey(name: "coop.example/ledger", publicKey: logKey.publicKey)
        let reopened = try SignedCheckpoint.open(cosigned.format(), verifierKey: logVKey)
        try reopened.note.verify(key: witness.verifierKey)
        #expect(reopened.note.signatures.count == 2)
    }
}
