import CoopCrypto
import CoopTlog
import Testing

/// The examples of c2sp.org/tlog-cosignature and c2sp.org/tlog-witness, as printed there.
/// The documents publish no witness keys, so their lines are checked for framing, key IDs
/// and timestamps; `IndependentVector` checks the signing itself.
enum CosignatureSpecExamples {
    static let checkpointBody = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    static let logLine = "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    static let witnessLine =
        "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
    /// tlog-cosignature, the cosigned checkpoint at the top of the document.
    static let cosignedCheckpoint = checkpointBody + "\n" + logLine + witnessLine
    /// tlog-cosignature "Ed25519 signed message", verbatim.
    static let signedMessage = "cosignature/v1\ntime 1679315147\n" + checkpointBody

    /// tlog-witness "add-checkpoint", example request body, verbatim.
    static let requestBody = """
        old 20852014
        PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
        jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
        5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
        /6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

        example.com/behind-the-sofa
        20852163
        CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

        — example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
        — example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=

        """

    /// tlog-witness "add-checkpoint", example response body, verbatim.
    static let responseBody = """
        — witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==
        — witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==
        — witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==

        """
}

/// A cosignature computed outside Swift — Python's `cryptography` Ed25519, with the key ID,
/// message and line assembled by hand from the tlog-cosignature text — over the spec's
/// checkpoint at the spec's time. Seed = SHA-256("coop tlog-cosignature test witness").
enum IndependentVector {
    static let seedHex = "950f7f3da695f36f617a9a141b908fe53937a65d869866afc6903e60980cca9e"
    static let vkey = "witness.example.com/w1+77dc53d8+BLEP9t9eLVAAIoDrVWrMHeJwEQ90OaDC8g+FR4VLaVOC"
    static let line = "— witness.example.com/w1 d9xT2AAAAABkGFDLBnpQjIRZxNvpw6PzZtpt3nvzJ86Mp6303m2RgQpcf8xtkuDHlOxUf6QCnYOkFt6ZEimiuySvOwfYHZXoY+FZCg==\n"
    /// The same key's ID as a plain 0x01 note key: different, by design.
    static let noteKeyID: UInt32 = 0xf6db_b744
    static let timestamp: UInt64 = 1_679_315_147

    static func cosigner() throws -> Cosigner {
        var seed = hex(seedHex)
        return try Cosigner(name: "witness.example.com/w1", privateKey: Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed)))
    }
}

@Suite("Cosignatures: C2SP examples")
struct CosignatureSpecTests {
    @Test("tlog-cosignature: the cosigned checkpoint's witness line is key ID 8d66cf3f, time 1679315147, 64-byte signature")
    func cosignedCheckpointExample() throws {
        let signed = try SignedCheckpoint.parse(CosignatureSpecExamples.cosignedCheckpoint)
        #expect(signed.checkpoint.origin == "example.com/behind-the-sofa")
        #expect(signed.checkpoint.size == 20_852_163)
        #expect(signed.note.signatures.count == 2)
        let line = try #require(signed.note.signatures.last)
        #expect(line.keyName == "witness.example.com/w1")
        #expect(line.keyID == 0x8d66_cf3f)
        let cosignature = try Cosignature(noteSignature: line)
        #expect(cosignature.timestamp == 1_679_315_147)
        #expect(cosignature.noteSignature == line)
        #expect(cosignature.noteSignature.line == CosignatureSpecExamples.witnessLine)
        // The log's own line is a plain Ed25519 note signature: 64 bytes, not a cosignature.
        let logLine = try #require(signed.note.signatures.first)
        #expect(throws: CosignatureError.malformedCosignature(keyName: "example.com/behind-the-sofa", length: 64)) {
            try Cosignature(noteSignature: logLine)
        }
        #expect(signed.format() == CosignatureSpecExamples.cosignedCheckpoint)
    }

    @Test("tlog-cosignature: the signed message is reproduced byte for byte")
    func signedMessageExample() {
        let message = Cosignature.signedMessage(checkpointBody: CosignatureSpecExamples.checkpointBody, timestamp: 1_679_315_147)
        #expect(message == Array(CosignatureSpecExamples.signedMessage.utf8))
    }

    @Test("an independently computed cosignature is reproduced byte for byte and verifies")
    func independentVector() throws {
        let cosigner = try IndependentVector.cosigner()
        #expect(cosigner.key.vkey == IndependentVector.vkey)
        #expect(try CosignerKey(vkey: IndependentVector.vkey) == cosigner.key)
        #expect(try NoteVerifierKey(name: cosigner.name, publicKey: cosigner.key.publicKey).keyID == IndependentVector.noteKeyID)
        let checkpoint = try Checkpoint(body: CosignatureSpecExamples.checkpointBody)
        let cosignature = try cosigner.cosign(checkpoint, timestamp: IndependentVector.timestamp)
        #expect(cosignature.noteSignature.line == IndependentVector.line)

        // The spec's checkpoint, with its log line, plus this cosignature: verifies as 1 of 1.
        let signed = try SignedCheckpoint.parse(CosignatureSpecExamples.checkpointBody + "\n" + CosignatureSpecExamples.logLine + IndependentVector.line)
        let valid = try signed.verifiedCosignatures(witnesses: [cosigner.key])
        #expect(valid == [VerifiedCosignature(witness: cosigner.key, timestamp: 1_679_315_147)])
        #expect(valid.first?.name == "witness.example.com/w1")
        #expect(try WitnessPolicy(witnesses: [cosigner.key], threshold: 1).check(signed) == valid)
    }

    @Test("tlog-witness: the example request parses and formats back byte for byte")
    func requestExample() throws {
        let request = try AddCheckpointRequest.parse(Array(CosignatureSpecExamples.requestBody.utf8))
        #expect(request.oldSize == 20_852_014)
        #expect(
            request.consistencyProof.map { Base64.encode($0.bytes) } == [
                "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=", "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=",
                "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=", "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=",
            ])
        #expect(request.checkpoint.checkpoint.size == 20_852_163)
        #expect(request.checkpoint.note.signatures.count == 2)
        #expect(request.body() == CosignatureSpecExamples.requestBody)
    }

    @Test("tlog-witness: the example response parses; its made-up bytes are not all valid cosignatures")
    func responseExample() throws {
        let response = try AddCheckpointResponse.parse(Array(CosignatureSpecExamples.responseBody.utf8))
        #expect(response.signatures.map(\.keyName) == ["witness.example/w1", "witness.example/w1", "witness.example/w2"])
        #expect(response.signatures.map(\.keyID) == [0x08ca_7ee8, 0x23ba_c4a6, 0x016b_a2f1])
        #expect(response.body() == CosignatureSpecExamples.responseBody)
        // The example's bytes are random: two of the three "timestamps" exceed 2^63 − 1, which
        // tlog-cosignature forbids, so a verifier must refuse them.
        #expect(throws: CosignatureError.timestampTooLarge(13_078_826_355_777_102_329)) {
            try Cosignature(noteSignature: response.signatures[0])
        }
        #expect(throws: CosignatureError.timestampTooLarge(14_783_554_705_529_914_550)) {
            try Cosignature(noteSignature: response.signatures[1])
        }
        #expect(try Cosignature(noteSignature: response.signatures[2]).timestamp == 2_970_657_736_413_210_787)
    }

    @Test("tlog-witness: the 409 body is the size and a newline, as text/x.tlog.size")
    func conflictBody() throws {
        #expect(WitnessConflict(latestSize: 20_852_014).body() == "20852014\n")
        #expect(WitnessConflict.contentType == "text/x.tlog.size")
        #expect(try WitnessConflict.parse(Array("0\n".utf8)).latestSize == 0)
        for bad in ["", "\n", "12", "012\n", "12\n\n", " 12\n", "12 \n", "-1\n", "18446744073709551616\n"] {
            #expect(throws: WitnessProtocolError.self) { try WitnessConflict.parse(Array(bad.utf8)) }
        }
    }

    @Test("signed-note's example vkey (type 0x01) is not a cosigner key")
    func noteKeyIsNotACosignerKey() {
        let vkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
        #expect(throws: CosignatureError.self) { try CosignerKey(vkey: vkey) }
        do {
            _ = try CosignerKey(vkey: vkey)
        } catch {
            #expect(String(describing: error).contains("0x01 is a log or note key"))
        }
    }
}
