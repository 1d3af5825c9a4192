import CoopCrypto
import CoopTlog
import Testing

@Suite("Note keys")
struct NoteKeyTests {
    @Test func goVerifierKeysParse() throws {
        let peter = try GoNoteVectors.peter()
        #expect(peter.name == "PeterNeumann")
        #expect(peter.keyID == 0xc74f_20a3)
        #expect(peter.publicKey.bytes == Array(base64("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").dropFirst()))
        #expect(peter.text == GoNoteVectors.peterVKey)
        #expect(peter.description == GoNoteVectors.peterVKey)

        let enoch = try GoNoteVectors.enoch()
        #expect(enoch.name == "EnochRoot")
        #expect(enoch.keyID == 0xaf0c_fe78)
        #expect(enoch.text == GoNoteVectors.enochVKey)
    }

    @Test func keyIDIsTruncatedSHA256OfNameNewlineTypeKey() throws {
        let peter = try GoNoteVectors.peter()
        let preimage = Array("PeterNeumann".utf8) + [0x0A, 0x01] + peter.publicKey.bytes
        let expected = SHA256.hash(preimage).bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(expected == 0xc74f_20a3)
        #expect(NoteVerifierKey.keyID(name: "PeterNeumann", publicKey: peter.publicKey) == expected)
        // The name is part of the ID.
        #expect(NoteVerifierKey.keyID(name: "PeterNeumann2", publicKey: peter.publicKey) != expected)
    }

    @Test func uppercaseHexKeyIDIsAcceptedLikeGo() throws {
        let key = try NoteVerifierKey(text: "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        #expect(key.text == GoNoteVectors.peterVKey)
    }

    /// Go's TestNewVerifier: every proper substring and every single-byte increment of the
    /// verifier key must be rejected.
    @Test func manglingsAreRejected() {
        let bytes = Array(GoNoteVectors.peterVKey.utf8)
        var accepted: [String] = []
        func check(_ candidate: [UInt8]) {
            let text = String(decoding: candidate, as: UTF8.self)
            if (try? NoteVerifierKey(text: text)) != nil { accepted.append(text) }
        }
        for i in 0...bytes.count {
            for j in (i + 1)..<(bytes.count + 1) where !(i == 0 && j == bytes.count) {
                check(Array(bytes[i..<j]))
            }
        }
        for i in bytes.indices {
            var mangled = bytes
            mangled[i] &+= 1
            check(mangled)
        }
        #expect(accepted == [])
    }

    @Test(
        "malformed verifier keys name the problem",
        arguments: [
            ("PeterNeumann", "it needs three parts separated by '+'"),
            ("PeterNeumann+c74f20a3", "it needs three parts separated by '+'"),
            ("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "the key name is empty or has spaces or control characters"),
            ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "the key name is empty or has spaces or control characters"),
            ("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "the key ID must be exactly 8 hexadecimal digits"),
            ("PeterNeumann++c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "the key ID must be exactly 8 hexadecimal digits"),
            ("PeterNeumann+c74f20ag+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "the key ID must be exactly 8 hexadecimal digits"),
            ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", "the key data is not standard padded base64"),
            ("PeterNeumann+c74f20a3+", "the key data is not standard padded base64"),
            // Go's two extra cases, each with the key hash adjusted so only that defect remains.
            // The wrong-length one ends in "EY==", whose trailing bits are not zero: Go's lenient
            // decoder accepts that, our strict base64 already rejects it.
            ("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", "the key data is not standard padded base64"),
            ("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "signature type 0x65 is not supported (only Ed25519, 0x01)"),
            (
                "PeterNeumann+c74f20a3+" + Base64.encode(base64("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").prefix(32)),
                "an Ed25519 public key has 32 bytes, not 31"
            ),
            ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "the key ID does not match the name and key (computed c74f20a3)"),
        ])
    func malformed(text: String, reason: String) {
        #expect(throws: TlogError.malformedVerifierKey(text, reason: reason)) { try NoteVerifierKey(text: text) }
    }

    @Test(
        "key names",
        arguments: [
            ("example.com/log", true), ("PeterNeumann", true), ("oid/1.3.6.1.4.1", true), ("é-ü", true),
            ("", false), ("a b", false), ("a+b", false), ("+", false), ("a\tb", false), ("a\nb", false),
            ("a\u{00A0}b", false), ("a\u{2003}b", false), ("a\u{3000}b", false), ("a\u{85}b", false), ("a\u{1}b", false),
        ])
    func keyNames(name: String, valid: Bool) throws {
        #expect(NoteVerifierKey.isValidKeyName(name) == valid)
        let key = Ed25519.PrivateKey()
        if valid {
            #expect(try NoteSigner(name: name, privateKey: key).name == name)
        } else {
            #expect(throws: TlogError.invalidKeyName(name)) { try NoteSigner(name: name, privateKey: key) }
        }
    }

    @Test func freshKeysRoundTrip() throws {
        let signer = try NoteSigner(name: "coop.example/ledger", privateKey: Ed25519.PrivateKey())
        let parsed = try NoteVerifierKey(text: signer.verifierKey.text)
        #expect(parsed == signer.verifierKey)
        let signature = signer.signature(for: "hello\n")
        #expect(parsed.matches(signature))
        #expect(parsed.isValidSignature(signature, for: "hello\n"))
        #expect(!parsed.isValidSignature(signature, for: "hello!\n"))
    }
}
