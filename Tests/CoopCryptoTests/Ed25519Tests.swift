import CoopCrypto
import Testing

@Suite("Ed25519 keys and signatures")
struct Ed25519Tests {
    @Test func freshKeysSignAndVerify() {
        let key = Ed25519.PrivateKey()
        let other = Ed25519.PrivateKey()
        let message = Array("an entry".utf8)
        let signature = key.signature(for: message)
        #expect(key.publicKey != other.publicKey)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!other.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: Array("an entrY".utf8)))
    }

    /// Keys and signatures keep their bytes inline: every byte, at either end of each word,
    /// makes another value (equality and hashing), and the bytes come back in order.
    @Test func inlineBytesKeepEveryByte() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let raw = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let signature = try Ed25519.Signature(bytes: raw)
            #expect(signature.bytes == raw)
            #expect(signature.withUnsafeBytes { Array($0) } == raw)
            #expect(try Ed25519.Signature(base64: signature.base64) == signature)
            let key = try Ed25519.PublicKey(bytes: Array(raw[..<32]))
            #expect(key.bytes == Array(raw[..<32]))
            #expect(try Ed25519.PublicKey(text: key.text) == key)
            for position in [0, 7, 8, 31, 32, 63] {
                var other = raw
                other[position] ^= 0x01
                let changed = try Ed25519.Signature(bytes: other)
                #expect(changed != signature, "byte \(position)")
                #expect(Set([signature, changed]).count == 2)
                if position < 32 {
                    let changedKey = try Ed25519.PublicKey(bytes: Array(other[..<32]))
                    #expect(changedKey != key, "byte \(position)")
                    #expect(Set([key, changedKey]).count == 2)
                }
            }
        }
        #expect(throws: CryptoError.invalidSignatureLength(actual: 63)) { try Ed25519.Signature(bytes: [UInt8](repeating: 0, count: 63)) }
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 33)) { try Ed25519.PublicKey(bytes: [UInt8](repeating: 0, count: 33)) }
    }

    @Test func publicKeyTextRoundTrips() throws {
        let key = Ed25519.PrivateKey()
        let text = key.publicKey.text
        #expect(text.hasPrefix("ed25519:"))
        #expect(text.count == 8 + 44)
        #expect(try Ed25519.PublicKey(text: text) == key.publicKey)
        #expect(key.publicKey.description == text)
    }

    @Test(arguments: [
        "", "ed25519:", "ed25519:AAAA", "ED25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
        "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
        "ed25519:11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
        "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo",
        "ed25519: 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
        "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n",
    ])
    func badPublicKeyTextIsRefused(_ text: String) {
        #expect(throws: CryptoError.invalidKeyText(text)) { try Ed25519.PublicKey(text: text) }
    }

    @Test func onlyUsablePointsAreValidKeys() throws {
        #expect(Ed25519.PrivateKey().publicKey.isValidPoint)
        let rfc = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
        #expect(try Ed25519.PublicKey(validatingText: rfc).isValidPoint)
        let identity = "ed25519:" + Base64.encode([1] + [UInt8](repeating: 0, count: 31))  // small order
        let yTooLarge = "ed25519:" + Base64.encode([UInt8](repeating: 0xFF, count: 31) + [0x7F])  // y ≥ p: non-canonical
        let zero = "ed25519:" + Base64.encode([UInt8](repeating: 0, count: 32))  // order 4
        for text in [identity, yTooLarge, zero] {
            #expect(try !Ed25519.PublicKey(text: text).isValidPoint, "\(text)")  // well-formed text...
            #expect(throws: CryptoError.invalidPublicKeyPoint(text)) { try Ed25519.PublicKey(validatingText: text) }
        }
    }

    /// Keys checked ahead (on another core) are remembered only when valid: checking an unusable
    /// key ahead, however often, never makes it valid, and a valid one stays valid.
    @Test func checkingAheadRemembersOnlyValidKeys() throws {
        let good = Ed25519.PrivateKey().publicKey
        let identity = "ed25519:" + Base64.encode([1] + [UInt8](repeating: 0, count: 31))
        let zero = "ed25519:" + Base64.encode([UInt8](repeating: 0, count: 32))
        for _ in 0..<3 { Ed25519.PublicKey.checkAhead([good.text, identity, zero, "not a key", "ed25519:???"]) }
        #expect(good.isValidPoint)
        for text in [identity, zero] {
            #expect(try !Ed25519.PublicKey(text: text).isValidPoint, "\(text)")
            #expect(throws: CryptoError.invalidPublicKeyPoint(text)) { try Ed25519.PublicKey(validatingText: text) }
        }
    }

    @Test func rfc8032Test1KeyHasTheExpectedText() throws {
        // d75a98…511a in base64; catches a swapped alphabet or padding rule.
        let key = try Ed25519.PublicKey(text: "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        #expect(Hex.encode(key.bytes) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    }

    @Test func lengthsAreChecked() throws {
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 31)) {
            try Ed25519.PublicKey(bytes: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: CryptoError.invalidSignatureLength(actual: 65)) {
            try Ed25519.Signature(bytes: [UInt8](repeating: 1, count: 65))
        }
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 64)) {
            try Ed25519.PrivateKey(seed: SecretBytes(count: 64) { _ in })
        }
    }

    @Test func signatureBase64RoundTrips() throws {
        let signature = Ed25519.PrivateKey().signature(for: [1, 2, 3])
        #expect(signature.base64.count == 88)
        #expect(try Ed25519.Signature(base64: signature.base64) == signature)
        #expect(throws: CryptoError.self) { try Ed25519.Signature(base64: String(signature.base64.dropLast(4))) }
    }

    @Test func seedRoundTripsThroughWithSeed() throws {
        let key = Ed25519.PrivateKey()
        let again = try Ed25519.PrivateKey(
            seed: SecretBytes(count: 32) { out in
                key.withSeed { out.copyMemory(from: $0) }
            })
        #expect(again.publicKey == key.publicKey)
        #expect(again.signature(for: [9]) == key.signature(for: [9]))
    }

    @Test func verificationIsSafeFromManyTasksAtOnce() async {
        let key = Ed25519.PrivateKey()
        let messages = (0..<64).map { Array("entry \($0)".utf8) }
        let signatures = messages.map { key.signature(for: $0) }
        let publicKey = key.publicKey
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failed = 0
                    for round in 0..<40 {
                        let i = (task * 7 + round) % messages.count
                        if !publicKey.isValidSignature(signatures[i], for: messages[i]) { failed += 1 }
                        if publicKey.isValidSignature(signatures[i], for: messages[(i + 1) % messages.count]) { failed += 1 }
                    }
                    return failed
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}
