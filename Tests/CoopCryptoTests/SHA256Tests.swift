import CSodium
import CoopCrypto
import Testing

/// FIPS 180-2 appendix B examples and the empty string.
@Suite("SHA-256")
struct SHA256Tests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func oneShot(_ message: String, _ digest: String) {
        #expect(SHA256.hash(Array(message.utf8)).hex == digest)
    }

    @Test func oneMillionAsIncrementally() {
        var hasher = SHA256.Hasher()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalMatchesOneShotAcrossSplits() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        for split in 0...message.count {
            var hasher = SHA256.Hasher()
            hasher.update(message[..<split])
            for byte in message[split...] { hasher.update(byte: byte) }
            #expect(hasher.finalize() == SHA256.hash(message), "split at \(split)")
        }
    }

    @Test func fipsTwoBlockExample() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(SHA256.hash(Array(message.utf8)).hex == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    /// The SHA-extension and portable block functions, and libsodium's independent code, agree
    /// on every length across block and padding boundaries, hashed whole and in pieces.
    @Test func acceleratedPortableAndLibsodiumAgree() {
        var rng = SystemRandomNumberGenerator()
        for length in Array(0...300) + [1000, 4096, 65_537] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var sodium = crypto_hash_sha256_state()
            var expected = [UInt8](repeating: 0, count: 32)
            crypto_hash_sha256_init(&sodium)
            crypto_hash_sha256_update(&sodium, message, UInt64(message.count))
            crypto_hash_sha256_final(&sodium, &expected)
            let split = length == 0 ? 0 : Int.random(in: 0...length, using: &rng)
            func pieces() -> SHA256Digest {
                var hasher = SHA256.Hasher()
                hasher.update(message[..<split])
                hasher.update(message[split...])
                return hasher.finalize()
            }
            #expect(SHA256.hash(message).bytes == expected, "length \(length)")
            #expect(pieces().bytes == expected, "length \(length) split at \(split)")
            #expect(SHA256Implementation.withPortable { SHA256.hash(message).bytes } == expected, "portable, length \(length)")
        }
    }

    @Test func digestParsesOnlyCanonicalHex() throws {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(SHA256Digest(hex: digest.hex) == digest)
        #expect(SHA256Digest(hex: digest.hex.uppercased()) == nil)
        #expect(SHA256Digest(hex: String(digest.hex.dropLast(2))) == nil)
        #expect(SHA256Digest(hex: digest.hex + "00") == nil)
        #expect(SHA256Digest(hex: String(digest.hex.dropLast())) == nil)
        // A non-hex character in either place of the last byte's pair, or anywhere else.
        #expect(SHA256Digest(hex: String(digest.hex.dropLast()) + "g") == nil)
        #expect(SHA256Digest(hex: String(digest.hex.dropLast(2)) + "g0") == nil)
        #expect(SHA256Digest(hex: " " + String(digest.hex.dropFirst())) == nil)
        #expect(SHA256Digest(bytes: [UInt8](repeating: 0, count: 31)) == nil)
    }

    /// The digest keeps its bytes as four words: equality, hashing and order must still be the
    /// bytes' own (a digest that differs in any one byte, at either end of a word, is another
    /// digest, and order is byte by byte, as `lexicographicallyPrecedes`).
    @Test func inlineBytesKeepEqualityHashAndByteOrder() throws {
        var generator = SystemRandomNumberGenerator()
        var digests: [SHA256Digest] = []
        for _ in 0..<200 {
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let digest = try #require(SHA256Digest(bytes: bytes))
            #expect(digest.bytes == bytes)
            #expect(digest.withUnsafeBytes { Array($0) } == bytes)
            #expect(SHA256Digest(hex: digest.hex) == digest)
            for position in [0, 7, 8, 15, 24, 31] {
                var changed = bytes
                changed[position] ^= 0x01
                let other = try #require(SHA256Digest(bytes: changed))
                #expect(other != digest)
                #expect((digest < other) == bytes.lexicographicallyPrecedes(changed))
                #expect((other < digest) == changed.lexicographicallyPrecedes(bytes))
            }
            digests.append(digest)
        }
        let sorted = digests.sorted()
        #expect(sorted.map(\.bytes) == digests.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) })
        let same = try #require(SHA256Digest(bytes: digests[0].bytes))
        #expect(Set(digests + [same]).count == Set(digests.map(\.bytes)).count)
        #expect(same.hashValue == digests[0].hashValue)
    }
}
