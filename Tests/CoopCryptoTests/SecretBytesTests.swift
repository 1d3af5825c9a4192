import CoopCrypto
import Testing

@Suite("SecretBytes and SecureRandom")
struct SecretBytesTests {
    @Test func constantTimeEquality() {
        #expect(secret("same").constantTimeEquals(secret("same")))
        #expect(!secret("same").constantTimeEquals(secret("sane")))
        #expect(!secret("same").constantTimeEquals(secret("same!")))
        #expect(secret("").constantTimeEquals(secret("")))
        #expect(!secret("").constantTimeEquals(secret("x")))
    }

    @Test func countIsTheRequestedLength() {
        #expect(secret("").count == 0)
        #expect(secret("abc").count == 3)
        #expect(SecretBytes(count: 0) { _ in }.withUnsafeBytes { $0.count } == 0)
    }

    @Test func consumingZeroesTheSource() {
        var source: [UInt8] = [1, 2, 3, 4]
        let held = SecretBytes(consuming: &source)
        #expect(source == [0, 0, 0, 0])
        #expect(reveal(held) == [1, 2, 3, 4])
    }

    @Test func fillErrorsPropagate() {
        struct Boom: Error {}
        #expect(throws: Boom.self) { try SecretBytes(count: 8) { _ in throw Boom() } }
    }

    @Test func textShowsOnlyTheLength() {
        let held = secret("hunter2")
        var dumped = ""
        dump(held, to: &dumped)
        for text in [String(describing: held), String(reflecting: held), "\(held)", dumped] {
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("68756e74"))  // "hunt" in hex
        }
        #expect(String(describing: held) == "SecretBytes(7 bytes)")
    }

    // Zeroing on deinit is not tested: reading freed memory would be undefined behaviour.

    @Test func randomBytes() {
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        let a = SecureRandom.bytes(count: 32)
        let b = SecureRandom.bytes(count: 32)
        #expect(a.count == 32)
        #expect(a != b)
        #expect(a != [UInt8](repeating: 0, count: 32))
    }
}
