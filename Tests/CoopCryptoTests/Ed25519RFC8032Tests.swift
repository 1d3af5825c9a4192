import CoopCrypto
import Testing

/// One RFC 8032 §7.1 vector as stored in `Vectors/rfc8032-ed25519.json`.
struct RFC8032Vector: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let secretKey: String
    let publicKey: String
    let message: String
    let signature: String

    var testDescription: String { name }

    static func all() throws -> [RFC8032Vector] {
        struct File: Decodable { let vectors: [RFC8032Vector] }
        return try loadVectors("rfc8032-ed25519", as: File.self).vectors
    }
}

@Suite("Ed25519, RFC 8032 §7.1")
struct Ed25519RFC8032Tests {
    @Test func allFiveVectorsArePresent() throws {
        let names = try RFC8032Vector.all().map(\.name)
        #expect(names == ["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"])
    }

    @Test(arguments: try RFC8032Vector.all())
    func derivesKeySignsAndVerifies(_ vector: RFC8032Vector) throws {
        var seed = try bytes(hex: vector.secretKey)
        let key = try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
        let message = try bytes(hex: vector.message)
        let expected = try bytes(hex: vector.signature)

        #expect(key.publicKey.bytes == (try bytes(hex: vector.publicKey)))
        let signature = key.signature(for: message)
        #expect(signature.bytes == expected, "Ed25519 signatures are deterministic")
        #expect(key.publicKey.isValidSignature(signature, for: message))
    }

    @Test(arguments: try RFC8032Vector.all())
    func everySingleBitFlipIsRejected(_ vector: RFC8032Vector) throws {
        let publicKey = try Ed25519.PublicKey(bytes: bytes(hex: vector.publicKey))
        let message = try bytes(hex: vector.message)
        let signature = try Ed25519.Signature(bytes: bytes(hex: vector.signature))
        try #require(publicKey.isValidSignature(signature, for: message))

        var accepted: [String] = []
        for bit in 0..<(message.count * 8) {
            var changed = message
            changed[bit / 8] ^= 1 << (bit % 8)
            if publicKey.isValidSignature(signature, for: changed) { accepted.append("message bit \(bit)") }
        }
        for bit in 0..<512 {
            var changed = signature.bytes
            changed[bit / 8] ^= 1 << (bit % 8)
            if publicKey.isValidSignature(try Ed25519.Signature(bytes: changed), for: message) {
                accepted.append("signature bit \(bit)")
            }
        }
        for bit in 0..<256 {
            var changed = publicKey.bytes
            changed[bit / 8] ^= 1 << (bit % 8)
            if try Ed25519.PublicKey(bytes: changed).isValidSignature(signature, for: message) {
                accepted.append("public key bit \(bit)")
            }
        }
        #expect(accepted.isEmpty, "altered inputs that still verified: \(accepted)")
    }
}
