import CoopCrypto
import Testing

@Suite("ristretto255 transcripts (hash to scalar)")
struct Ristretto255TranscriptTests {
    /// The documented encoding, written out by hand: u32be length, then the bytes, per field.
    static func field(_ bytes: [UInt8]) -> [UInt8] {
        let n = UInt32(bytes.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + bytes
    }

    @Test func challengeIsTheReducedSHA512OfLengthPrefixedFields() throws {
        var transcript = Ristretto255.Transcript(domain: "coop/test")
        transcript.append("m7")
        transcript.append(UInt64(0x0102_0304_0506_0708))
        transcript.append(Ristretto255.Element.generator)
        transcript.append(Ristretto255.Scalar(9))
        transcript.append(bytes: [UInt8]())

        let input =
            Self.field(Array("coop/test".utf8)) + Self.field(Array("m7".utf8))
            + Self.field([1, 2, 3, 4, 5, 6, 7, 8]) + Self.field(Ristretto255.Element.generator.bytes)
            + Self.field(Ristretto255.Scalar(9).bytes) + Self.field([])
        #expect(Hex.encode(input.prefix(13)) == "00000009636f6f702f74657374")
        #expect(transcript.digest() == SHA512.hash(input))
        #expect(transcript.challenge() == (try Ristretto255.Scalar(reducing: SHA512.hash(input))))
    }

    @Test func domainsAndFieldBoundariesSeparate() {
        var a = Ristretto255.Transcript(domain: "coop/a")
        var b = Ristretto255.Transcript(domain: "coop/b")
        a.append("x")
        b.append("x")
        #expect(a.challenge() != b.challenge())

        // "ab" + "c" and "a" + "bc" are different inputs.
        var one = Ristretto255.Transcript(domain: "coop/a")
        one.append("ab")
        one.append("c")
        var two = Ristretto255.Transcript(domain: "coop/a")
        two.append("a")
        two.append("bc")
        #expect(one.challenge() != two.challenge())
    }

    @Test func copiesContinueIndependentlyAndChallengeDoesNotConsume() {
        var prefix = Ristretto255.Transcript(domain: "coop/a")
        prefix.append("shared")
        let first = prefix.challenge()
        #expect(prefix.challenge() == first)
        var left = prefix, right = prefix
        left.append("left")
        right.append("right")
        #expect(left.challenge() != right.challenge())
        prefix.append("left")
        #expect(prefix.challenge() == left.challenge())
    }
}
