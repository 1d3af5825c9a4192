import CoopCrypto
import Testing

@Suite("SHA-512 (FIPS 180-4)")
struct SHA512Tests {
    @Test func knownDigests() throws {
        #expect(
            Hex.encode(SHA512.hash(Array("abc".utf8)))
                == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(
            Hex.encode(SHA512.hash([UInt8]()))
                == "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        let twoBlocks = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(
            Hex.encode(SHA512.hash(Array(twoBlocks.utf8)))
                == "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
    }

    @Test func incrementalEqualsOneShotAndCopiesAreIndependent() {
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        var hasher = SHA512.Hasher()
        hasher.update(message[0..<10])
        var copy = hasher
        hasher.update(message[10...])
        #expect(hasher.finalize() == SHA512.hash(message))
        copy.update(Array("!".utf8))
        #expect(copy.finalize() == SHA512.hash(Array(message[0..<10]) + Array("!".utf8)))
    }
}
