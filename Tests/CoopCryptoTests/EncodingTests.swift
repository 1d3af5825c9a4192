import CoopCrypto
import Testing

@Suite("Base64 and Hex")
struct EncodingTests {
    /// RFC 4648 §10.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func base64KnownAnswers(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func base64RoundTripsEveryLengthAndByte() {
        for length in 0..<70 {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            #expect(Base64.decode(Base64.encode(data)) == data)
        }
        let all = (0...255).map(UInt8.init)
        #expect(Base64.decode(Base64.encode(all)) == all)
    }

    @Test(arguments: [
        "Zh==",  // non-zero trailing bits (canonical: Zg==)
        "Zm9=",  // non-zero trailing bits (canonical: Zm8=)
        "Zg", "Zg=", "Zm8",  // missing padding
        "Zm9v\n", " Zm9v", "Zm 9v", "Zm9v\r\n", "Zm\t9v",  // whitespace
        "-_8=", "Zm9v-A==", "Zm9v_w==",  // URL-safe alphabet
        "Zg==Zg==", "Zg=a", "====", "Z===", "=Zm9",  // padding in the wrong place
        "Zm9v!", "Zm9vYmFy\u{0}", "Zm9vYmF√",  // foreign characters
    ])
    func base64RefusesNonCanonicalText(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func hexKnownAnswers() {
        #expect(Hex.encode([0x00, 0x01, 0xab, 0xff]) == "0001abff")
        #expect(Hex.decode("0001abff") == [0x00, 0x01, 0xab, 0xff])
        #expect(Hex.decode("") == [])
    }

    @Test(arguments: ["AB", "0001ABFF", "aB", "0", "abc", "zz", "0x00", " 00", "00 ", "0g", "-1", "\u{E9}", "0\u{0}"])
    func hexRefusesAnythingButEvenLowercase(_ text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
