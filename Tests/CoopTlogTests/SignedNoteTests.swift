import CoopCrypto
import CoopTlog
import Testing

/// Vectors from Go's reference implementation, golang.org/x/mod/sumdb/note (note_test.go),
/// which C2SP signed-note codifies, and the examples in the C2SP documents.
enum GoNoteVectors {
    static let peterVKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    /// Go's signer key text is PRIVATE+KEY+<name>+<id>+base64(0x01 ‖ 32-byte seed).
    static let peterSeedBase64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let enochVKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
    static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let peterSig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    static let enochSig = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

    static func peterPrivateKey() throws -> Ed25519.PrivateKey {
        let keyData = base64(peterSeedBase64)
        #expect(keyData.first == 0x01)
        var seed = Array(keyData.dropFirst())
        return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
    }

    static func peter() throws -> NoteVerifierKey { try NoteVerifierKey(text: peterVKey) }
    static func enoch() throws -> NoteVerifierKey { try NoteVerifierKey(text: enochVKey) }

    /// Inserts "ABCD" into a signature line's base64: still base64, no longer a signature.
    static func corrupted(_ line: String) -> String {
        let chars = Array(line)
        return String(chars[..<60]) + "ABCD" + String(chars[60...])
    }
}

@Suite("Signed notes")
struct SignedNoteTests {
    @Test func goReferenceSignatureIsReproducedByteForByte() throws {
        let signer = try NoteSigner(name: "PeterNeumann", privateKey: GoNoteVectors.peterPrivateKey())
        #expect(signer.verifierKey.text == GoNoteVectors.peterVKey)
        #expect(signer.keyID == 0xc74f_20a3)
        let note = try SignedNote.sign(text: GoNoteVectors.text, signers: [signer])
        // Ed25519 is deterministic (RFC 8032), so our bytes must equal Go's.
        #expect(note.format() == GoNoteVectors.text + "\n" + GoNoteVectors.peterSig)
        try note.verify(key: GoNoteVectors.peter())
    }

    @Test func goReferenceNoteVerifies() throws {
        let peter = try GoNoteVectors.peter(), enoch = try GoNoteVectors.enoch()
        let message = GoNoteVectors.text + "\n" + GoNoteVectors.peterSig + GoNoteVectors.enochSig
        let note = try SignedNote.parse(message)
        #expect(note.text == GoNoteVectors.text)
        #expect(note.signatures.map(\.keyName) == ["PeterNeumann", "EnochRoot"])
        #expect(note.signatures.map(\.keyID) == [0xc74f_20a3, 0xaf0c_fe78])
        #expect(note.signatures.allSatisfy { $0.signature.count == 64 })
        #expect(note.format() == message)

        // The unknown Enoch signature is ignored; both verify when both are trusted.
        #expect(try note.verify(keys: [peter]) == [peter])
        #expect(try note.verify(keys: [enoch]) == [enoch])
        #expect(try note.verify(keys: [peter, enoch]) == [peter, enoch])
        #expect(try note.verify(keys: [enoch, peter, enoch]) == [enoch, peter])
        #expect(throws: TlogError.noteNotSignedByKnownKey(keys: [])) { try note.verify(keys: []) }

        // One altered character of the text breaks the signature.
        let altered = try SignedNote.parse(message.replacing("cryptography", with: "cryptographY", maxReplacements: 1))
        #expect(throws: TlogError.noteSignatureInvalid(keyName: "PeterNeumann", keyID: 0xc74f_20a3)) {
            try altered.verify(key: peter)
        }
    }

    @Test func signatureFromTrustedKeyThatFailsRejectsTheNote() throws {
        let peter = try GoNoteVectors.peter()
        let bad = try SignedNote.parse(GoNoteVectors.text + "\n" + GoNoteVectors.corrupted(GoNoteVectors.peterSig))
        #expect(throws: TlogError.noteSignatureInvalid(keyName: "PeterNeumann", keyID: 0xc74f_20a3)) {
            try bad.verify(key: peter)
        }
        // A bad line from an *untrusted* key and repeated good lines are fine (Go's test too).
        let mixed = try SignedNote.parse(
            GoNoteVectors.text + "\n" + GoNoteVectors.peterSig + GoNoteVectors.peterSig
                + GoNoteVectors.enochSig + GoNoteVectors.enochSig + GoNoteVectors.corrupted(GoNoteVectors.enochSig))
        #expect(try mixed.verify(keys: [peter]) == [peter])
    }

    @Test func signatureLimit() throws {
        let peter = try GoNoteVectors.peter()
        let hundred = try SignedNote.parse(GoNoteVectors.text + "\n" + String(repeating: GoNoteVectors.peterSig, count: 100))
        #expect(hundred.signatures.count == 100)
        try hundred.verify(key: peter)
        #expect(throws: TlogError.noteTooManySignatures(count: 101, limit: 100)) {
            try SignedNote.parse(GoNoteVectors.text + "\n" + String(repeating: GoNoteVectors.peterSig, count: 101))
        }
    }

    /// Go's "invalid encoded message syntax" table, with the specific error for each.
    @Test(
        "malformed notes are rejected with a specific error",
        arguments: [
            (GoNoteVectors.text, TlogError.noteMissingSignatures),
            (GoNoteVectors.text + "\n", .noteMissingSignatures),
            (
                GoNoteVectors.text + "\n" + String(GoNoteVectors.peterSig.dropLast()),
                .noteMalformedSignatureLine(line: 4, reason: "the note must end with a newline")
            ),
            ("\u{01}" + GoNoteVectors.text + "\n" + GoNoteVectors.peterSig, .noteControlCharacter(line: 1)),
            (
                GoNoteVectors.text + "\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                .noteMalformedSignatureLine(line: 4, reason: "the signature is not standard padded base64")
            ),
            (
                GoNoteVectors.text + "\n" + GoNoteVectors.peterSig + "Unexpected line.\n",
                .noteMalformedSignatureLine(line: 5, reason: "it must start with an em dash (U+2014) and a space")
            ),
            (
                GoNoteVectors.text + "\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                .noteMalformedSignatureLine(line: 4, reason: "it must start with an em dash (U+2014) and a space")
            ),
            (
                GoNoteVectors.text + "\n— PeterNeumann\n",
                .noteMalformedSignatureLine(line: 4, reason: "a space must separate the key name from the signature")
            ),
            (
                GoNoteVectors.text + "\n— Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                .noteMalformedSignatureLine(line: 4, reason: "the key name 'Peter+Neumann' is empty or contains a space or '+'")
            ),
            (
                GoNoteVectors.text + "\n—  x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                .noteMalformedSignatureLine(line: 4, reason: "the key name '' is empty or contains a space or '+'")
            ),
            (
                GoNoteVectors.text + "\n— PeterNeumann x08goA==\n",
                .noteMalformedSignatureLine(line: 4, reason: "the signature must hold a 4-byte key ID and at least one more byte")
            ),
            (
                GoNoteVectors.text + "\n— PeterNeumann x08go/ZJkuBS9UG\n",
                .noteMalformedSignatureLine(line: 4, reason: "the signature is not standard padded base64")
            ),
            ("hello\r\n\n" + GoNoteVectors.peterSig, .noteControlCharacter(line: 1)),
            ("a\nb\tc\n\n" + GoNoteVectors.peterSig, .noteControlCharacter(line: 2)),
            (GoNoteVectors.text + "\n" + GoNoteVectors.peterSig + "\n", .noteMissingSignatures),
        ])
    func malformed(note: String, error: TlogError) {
        #expect(throws: error) { try SignedNote.parse(note) }
    }

    @Test func invalidUTF8IsRejected() {
        let bytes = [0xff] + Array((GoNoteVectors.text + "\n" + GoNoteVectors.peterSig).utf8)
        #expect(throws: TlogError.noteNotUTF8) { try SignedNote.parse(bytes: bytes) }
        #expect(throws: Never.self) {
            try SignedNote.parse(bytes: Array((GoNoteVectors.text + "\n" + GoNoteVectors.peterSig).utf8))
        }
    }

    /// c2sp.org/signed-note's opening example: the text holds an empty line, and only the
    /// last empty line separates the signatures. Its public key is not published.
    @Test func specExampleWithEmptyLineInText() throws {
        let example = """
            Ognuno sta solo sul cuor della terra
            trafitto da un raggio di sole:

            ed è subito sera.

            — quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=

            """
        let note = try SignedNote.parse(example)
        #expect(note.text == "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n")
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0].keyName == "quasimodo.example/salvatore")
        #expect(note.signatures[0].keyID == 0x367b_a04b)
        #expect(note.signatures[0].signature.count == 64)
        #expect(note.format() == example)
        // Signed by a key we don't know: ignored, so the note is unverified.
        let stranger = try NoteSigner(name: "quasimodo.example/other", privateKey: Ed25519.PrivateKey())
        #expect(throws: TlogError.noteNotSignedByKnownKey(keys: [keyLabel(stranger.verifierKey)])) {
            try note.verify(key: stranger.verifierKey)
        }
    }

    @Test func roundTripAndCosigning() throws {
        let log = try NoteSigner(name: "coop.example/ledger", privateKey: Ed25519.PrivateKey())
        let witness = try NoteSigner(name: "witness.example/w1", privateKey: Ed25519.PrivateKey())
        let text = "one\n\ntwo — with an em dash\n"
        let note = try SignedNote.sign(text: text, signers: [log])
        let parsed = try SignedNote.parse(note.format())
        #expect(parsed == note)
        try parsed.verify(key: log.verifierKey)

        let cosigned = try parsed.adding(signatureBy: witness)
        #expect(cosigned.signatures.map(\.keyName) == ["coop.example/ledger", "witness.example/w1"])
        #expect(
            try SignedNote.parse(cosigned.format()).verify(keys: [witness.verifierKey, log.verifierKey])
                == [witness.verifierKey, log.verifierKey])
        // Signing again with the same key replaces its signature.
        #expect(try cosigned.adding(signatureBy: log).signatures.map(\.keyName) == ["witness.example/w1", "coop.example/ledger"])
        // A note signed under one name does not verify under another name for the same key.
        let renamed = try NoteVerifierKey(name: "coop.example/other", publicKey: log.verifierKey.publicKey)
        #expect(throws: TlogError.noteNotSignedByKnownKey(keys: [keyLabel(renamed)])) { try note.verify(key: renamed) }
    }

    @Test func keysCollidingOnNameAndKeyID() throws {
        // Two seeds whose public keys share the 32-bit key ID under one name, found by a
        // birthday search over seeds holding a little-endian counter in their first 8 bytes.
        func signer(_ counter: UInt64) throws -> NoteSigner {
            var seed = [UInt8](repeating: 0, count: 32)
            for byte in 0..<8 { seed[byte] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(byte))) }
            return try NoteSigner(name: "coop.example/ambiguous", privateKey: Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed)))
        }
        let a = try signer(96140), b = try signer(110_715)
        #expect(a.keyID == 0x23a9_b06e && b.keyID == 0x23a9_b06e)
        #expect(a.verifierKey.publicKey != b.verifierKey.publicKey)
        let note = try SignedNote.sign(text: "hello\n", signers: [a])
        try note.verify(key: a.verifierKey)
        #expect(throws: TlogError.ambiguousVerifierKeys(keyName: "coop.example/ambiguous", keyID: 0x23a9_b06e)) {
            try note.verify(keys: [a.verifierKey, b.verifierKey])
        }
        // Trusting only b: a's line claims b's name and ID, so it is checked, and fails.
        #expect(throws: TlogError.noteSignatureInvalid(keyName: "coop.example/ambiguous", keyID: 0x23a9_b06e)) {
            try note.verify(key: b.verifierKey)
        }
    }

    @Test func constructionChecks() throws {
        let signer = try NoteSigner(name: "a", privateKey: Ed25519.PrivateKey())
        #expect(throws: TlogError.noteTextMissingFinalNewline) { try SignedNote.sign(text: "no newline", signers: [signer]) }
        #expect(throws: TlogError.noteTextMissingFinalNewline) { try SignedNote.sign(text: "", signers: [signer]) }
        #expect(throws: TlogError.noteControlCharacter(line: 2)) { try SignedNote.sign(text: "a\nb\u{7}\n", signers: [signer]) }
        #expect(throws: TlogError.noteMissingSignatures) { try SignedNote(text: "a\n", signatures: []) }
        #expect(throws: TlogError.invalidKeyName("a b")) { try NoteSignature(keyName: "a b", keyID: 1, signature: [1]) }
        #expect(throws: TlogError.noteSignatureEmpty(keyName: "a")) { try NoteSignature(keyName: "a", keyID: 1, signature: []) }
        // The text "\n" is allowed: the note then starts with its blank separator line.
        let minimal = try SignedNote.sign(text: "\n", signers: [signer])
        #expect(try SignedNote.parse(minimal.format()) == minimal)
    }
}

/// How errors name a key: `<name>+<hex key ID>`, the first two parts of its vkey.
func keyLabel(_ key: NoteVerifierKey) -> String {
    key.text.split(separator: "+").prefix(2).joined(separator: "+")
}
