import Foundation
import Testing

@testable import CoopCrypto

@Suite("Key files: format and encryption")
struct KeyFileTests {
    let passphrase = "correct horse battery staple"

    /// A sealed file with a name, at the fast test limits.
    func sample(name: String? = "laptop") throws -> (key: Ed25519.PrivateKey, text: String) {
        let key = Ed25519.PrivateKey()
        return (key, try KeyFile.seal(key, name: name, passphrase: secret(passphrase), limits: fastLimits))
    }

    /// `text` with line `index` (0-based) replaced by `body`.
    func replacingLine(_ index: Int, of text: String, with body: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[index] = body
        return lines.joined(separator: "\n")
    }

    /// A file written when the format was made; later versions must keep opening it.
    @Test func storedVectorStillOpens() throws {
        let url = try #require(Bundle.module.url(forResource: "keyfile-v1-test1", withExtension: "txt", subdirectory: "Vectors"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let key = try KeyFile.open(text, passphrase: secret("coop test vector"))
        let test1 = try #require(try RFC8032Vector.all().first)
        #expect(Hex.encode(key.publicKey.bytes) == test1.publicKey)
        #expect(Hex.encode(key.signature(for: [UInt8]()).bytes) == test1.signature)
        #expect(try KeyFile.name(of: text) == "RFC 8032 TEST 1")
        #expect(throws: CryptoError.wrongPassphrase) { try KeyFile.open(text, passphrase: secret("coop test vectors")) }
    }

    @Test func roundTripKeepsTheKey() throws {
        let (key, text) = try sample()
        let opened = try KeyFile.open(text, passphrase: secret(passphrase))
        #expect(opened.publicKey == key.publicKey)
        #expect(opened.signature(for: [1, 2, 3]) == key.signature(for: [1, 2, 3]))
        #expect(try KeyFile.publicKey(of: text) == key.publicKey)
        #expect(try KeyFile.name(of: text) == "laptop")
    }

    @Test func fileHasTheDocumentedShape() throws {
        let (key, text) = try sample()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 8)
        #expect(lines[0] == "coop-private-key-v1")
        #expect(lines[1] == "name: laptop")
        #expect(lines[2] == "public: \(key.publicKey.text)")
        #expect(lines[3] == "kdf: argon2id13 ops=1 mem=8192")
        #expect(lines[4].hasPrefix("salt: ") && lines[4].count == 6 + 24)
        #expect(lines[5].hasPrefix("nonce: ") && lines[5].count == 7 + 32)
        #expect(lines[6].hasPrefix("ciphertext: ") && lines[6].count == 12 + 64)
        #expect(lines[7] == "")  // the file ends with LF
    }

    @Test func nameIsOptional() throws {
        let (key, text) = try sample(name: nil)
        #expect(!text.contains("name:"))
        #expect(try KeyFile.name(of: text) == nil)
        #expect(try KeyFile.open(text, passphrase: secret(passphrase)).publicKey == key.publicKey)
    }

    @Test func nonAsciiNamesWork() throws {
        let (_, text) = try sample(name: "Zoë’s laptop 🔑")
        #expect(try KeyFile.name(of: text) == "Zoë’s laptop 🔑")
        _ = try KeyFile.open(text, passphrase: secret(passphrase))
    }

    @Test(arguments: [
        "", " lead", "trail ", "two\nlines", "tab\there", "cr\r", "nul\u{0}", "sep\u{2028}",
        String(repeating: "x", count: 257),
    ])
    func badNamesAreRefused(_ name: String) {
        #expect(throws: CryptoError.invalidKeyName) {
            try KeyFile.seal(Ed25519.PrivateKey(), name: name, passphrase: secret(passphrase), limits: fastLimits)
        }
    }

    @Test func sealingTwiceGivesDifferentFiles() throws {
        let key = Ed25519.PrivateKey()
        let a = try KeyFile.seal(key, name: nil, passphrase: secret(passphrase), limits: fastLimits)
        let b = try KeyFile.seal(key, name: nil, passphrase: secret(passphrase), limits: fastLimits)
        #expect(a != b, "fresh salt and nonce each time")
    }

    @Test func wrongPassphraseIsReported() throws {
        let (_, text) = try sample()
        #expect(throws: CryptoError.wrongPassphrase) { try KeyFile.open(text, passphrase: secret(passphrase + " ")) }
        #expect(throws: CryptoError.wrongPassphrase) { try KeyFile.open(text, passphrase: secret("x")) }
    }

    @Test func emptyPassphraseIsRefused() throws {
        let (_, text) = try sample()
        #expect(throws: CryptoError.emptyPassphrase) { try KeyFile.open(text, passphrase: secret("")) }
        #expect(throws: CryptoError.emptyPassphrase) {
            try KeyFile.seal(Ed25519.PrivateKey(), name: nil, passphrase: secret(""), limits: fastLimits)
        }
    }

    /// Changes that keep the file well-formed must still be caught, by the AEAD tag.
    @Test func everyHeaderLineIsAuthenticated() throws {
        let (_, text) = try sample()
        let other = try KeyFile.seal(Ed25519.PrivateKey(), name: "other", passphrase: secret(passphrase), limits: fastLimits)
        let otherLines = other.split(separator: "\n").map(String.init)
        let tampered = [
            replacingLine(1, of: text, with: "name: laptoq"),
            replacingLine(1, of: text, with: "name: other"),
            replacingLine(2, of: text, with: otherLines[2]),  // public
            replacingLine(3, of: text, with: "kdf: argon2id13 ops=2 mem=8192"),
            replacingLine(3, of: text, with: "kdf: argon2id13 ops=1 mem=16384"),
            replacingLine(4, of: text, with: otherLines[4]),  // salt
            replacingLine(5, of: text, with: otherLines[5]),  // nonce
            text.replacingOccurrences(of: "name: laptop\n", with: ""),  // name removed
        ]
        for (i, file) in tampered.enumerated() {
            #expect(file != text)
            #expect(throws: CryptoError.wrongPassphrase, "change \(i)") {
                try KeyFile.open(file, passphrase: secret(passphrase))
            }
        }
        let unnamed = try KeyFile.seal(Ed25519.PrivateKey(), name: nil, passphrase: secret(passphrase), limits: fastLimits)
        let named = unnamed.replacingOccurrences(of: "coop-private-key-v1\n", with: "coop-private-key-v1\nname: added\n")
        #expect(throws: CryptoError.wrongPassphrase) { try KeyFile.open(named, passphrase: secret(passphrase)) }
    }

    /// Any single changed byte before the ciphertext makes opening fail one way or another.
    @Test func everyHeaderByteMatters() throws {
        let (_, text) = try sample()
        let raw = Array(text.utf8)
        let headerLength = try #require(text.range(of: "ciphertext: ")).lowerBound.utf16Offset(in: text)
        var opened: [Int] = []
        for offset in 0..<headerLength {
            var changed = raw
            // Stay inside printable ASCII so the text stays valid UTF-8.
            changed[offset] = changed[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let file = String(decoding: changed, as: UTF8.self)
            if (try? KeyFile.open(file, passphrase: secret(passphrase))) != nil { opened.append(offset) }
        }
        #expect(opened.isEmpty, "changed bytes that still opened: \(opened)")
    }

    @Test func ciphertextTamperingIsCaught() throws {
        let (_, text) = try sample()
        let lines = text.split(separator: "\n").map(String.init)
        let ciphertext = try #require(Base64.decode(String(lines[6].dropFirst("ciphertext: ".count))))
        for index in ciphertext.indices {
            var changed = ciphertext
            changed[index] ^= 0x01
            let file = replacingLine(6, of: text, with: "ciphertext: " + Base64.encode(changed))
            #expect(throws: CryptoError.wrongPassphrase, "byte \(index)") {
                try KeyFile.open(file, passphrase: secret(passphrase))
            }
        }
    }

    @Test func truncatedFilesAreRefused() throws {
        let (_, text) = try sample()
        let lines = text.split(separator: "\n").map(String.init)
        let ciphertext = try #require(Base64.decode(String(lines[6].dropFirst("ciphertext: ".count))))
        let shorter = replacingLine(6, of: text, with: "ciphertext: " + Base64.encode(ciphertext.dropLast(1)))
        let noTag = replacingLine(6, of: text, with: "ciphertext: " + Base64.encode(ciphertext.prefix(32)))
        let cut = String(text.dropLast(10))
        let noCiphertext = lines.prefix(6).joined(separator: "\n") + "\n"
        for file in [shorter, noTag, cut, noCiphertext, String(text.prefix(40)), ""] {
            #expect(throws: CryptoError.self) { try KeyFile.open(file, passphrase: secret(passphrase)) }
            #expect(throws: CryptoError.self) { try KeyFile.publicKey(of: file) }
        }
        let error = #expect(throws: CryptoError.self) { try KeyFile.open(shorter, passphrase: secret(passphrase)) }
        guard case .keyFileMalformed = error else {
            Issue.record("a short ciphertext should be reported as malformed, got \(String(describing: error))")
            return
        }
    }

    @Test func finalNewlineIsOptionalButNothingMayFollow() throws {
        let (key, text) = try sample()
        #expect(try KeyFile.open(String(text.dropLast()), passphrase: secret(passphrase)).publicKey == key.publicKey)
        for file in [
            text + "\n", text + "extra: 1\n", text.replacingOccurrences(of: "\n", with: "\r\n"),
            text.replacingOccurrences(of: "name: ", with: "name:  "),
        ] {
            #expect(throws: CryptoError.self) { try KeyFile.open(file, passphrase: secret(passphrase)) }
        }
    }

    @Test func otherFormatsAreRefused() throws {
        let (_, text) = try sample()
        let v2 = text.replacingOccurrences(of: "coop-private-key-v1", with: "coop-private-key-v2")
        let error = #expect(throws: CryptoError.self) { try KeyFile.open(v2, passphrase: secret(passphrase)) }
        #expect(String(describing: error).contains("coop-private-key-v2"))
        #expect(throws: CryptoError.self) { try KeyFile.publicKey(of: "-----BEGIN OPENSSH PRIVATE KEY-----\n") }
    }

    @Test(arguments: [
        ("ops=21 mem=8192", true), ("ops=0 mem=8192", true), ("ops=1 mem=8191", true),
        ("ops=1 mem=1073741825", true), ("ops=1 mem=18446744073709551615", true),
        ("ops=4294967295 mem=8192", true),
        ("ops=01 mem=8192", false), ("ops=1 mem=99999999999999999999999", false),
        ("ops=1 mem=-8192", false), ("ops=1  mem=8192", false), ("ops=1 mem=8192 ", false),
    ])
    func hostileLimitsAreRefusedBeforeDerivation(_ kdf: String, _ wellFormed: Bool) throws {
        let (_, text) = try sample()
        let file = replacingLine(3, of: text, with: "kdf: argon2id13 " + kdf)
        for attempt in [
            { _ = try KeyFile.open(file, passphrase: secret(self.passphrase)) },
            { _ = try KeyFile.publicKey(of: file) },
        ] {
            let error = #expect(throws: CryptoError.self) { try attempt() }
            switch error {
            case .kdfLimitsOutOfRange?: #expect(wellFormed)
            case .keyFileMalformed?: #expect(!wellFormed)
            default: Issue.record("unexpected \(String(describing: error))")
            }
        }
        #expect(throws: CryptoError.self) {
            try KeyFile.open(text.replacingOccurrences(of: "argon2id13", with: "argon2i13"), passphrase: secret(passphrase))
        }
    }

    @Test func sealRefusesLimitsOutOfRange() {
        for limits in [
            KeyFile.KDFLimits(opsLimit: 21, memoryLimit: 8192),
            KeyFile.KDFLimits(opsLimit: 1, memoryLimit: (1 << 30) + 1),
            KeyFile.KDFLimits(opsLimit: 0, memoryLimit: 8192),
        ] {
            #expect(throws: CryptoError.kdfLimitsOutOfRange(opsLimit: limits.opsLimit, memoryLimit: limits.memoryLimit)) {
                try KeyFile.seal(Ed25519.PrivateKey(), name: nil, passphrase: secret(passphrase), limits: limits)
            }
        }
        #expect(KeyFile.KDFLimits.sensitive.isAccepted)
        #expect(KeyFile.KDFLimits.moderate.isAccepted)
    }

    @Test func defaultLimitsAreInteractiveAndWork() throws {
        #expect(KeyFile.KDFLimits.interactive == KeyFile.KDFLimits(opsLimit: 2, memoryLimit: 64 << 20))
        let key = Ed25519.PrivateKey()
        let text = try KeyFile.seal(key, name: "default", passphrase: secret(passphrase))
        #expect(text.contains("\nkdf: argon2id13 ops=2 mem=67108864\n"))
        #expect(try KeyFile.open(text, passphrase: secret(passphrase)).publicKey == key.publicKey)
    }

    @Test func lyingPublicLineIsReported() throws {
        let key = Ed25519.PrivateKey()
        let text = try KeyFile.seal(
            key, name: nil, passphrase: secret(passphrase), limits: fastLimits,
            claimedPublicKey: Ed25519.PrivateKey().publicKey)
        #expect(throws: CryptoError.keyFilePublicKeyMismatch) { try KeyFile.open(text, passphrase: secret(passphrase)) }
    }

    @Test func passphraseBytesAreUsedAsGiven() throws {
        // "é" precomposed and decomposed are different passphrases: no normalisation.
        let key = Ed25519.PrivateKey()
        let text = try KeyFile.seal(key, name: nil, passphrase: secret("caf\u{e9}"), limits: fastLimits)
        #expect(throws: CryptoError.wrongPassphrase) { try KeyFile.open(text, passphrase: secret("cafe\u{301}")) }
        _ = try KeyFile.open(text, passphrase: secret("caf\u{e9}"))
    }
}
