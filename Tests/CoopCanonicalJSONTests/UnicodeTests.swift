import Foundation
import Testing

@testable import CoopCanonicalJSON

@Suite("UTF-8 validation and NFC")
struct UnicodeTests {
    /// Ill-formed sequences from Unicode Table 3-7's boundaries; each sits inside a string at offset 1.
    static let invalidSequences: [[UInt8]] = [
        [0x80],  // a continuation byte with no lead
        [0xBF],
        [0xC0, 0x80],  // overlong U+0000
        [0xC1, 0xBF],  // overlong U+007F
        [0xE0, 0x80, 0x80],  // overlong 3-byte
        [0xE0, 0x9F, 0xBF],  // overlong U+07FF
        [0xED, 0xA0, 0x80],  // U+D800
        [0xED, 0xBF, 0xBF],  // U+DFFF
        [0xF0, 0x80, 0x80, 0x80],  // overlong 4-byte
        [0xF0, 0x8F, 0xBF, 0xBF],  // overlong U+FFFF
        [0xF4, 0x90, 0x80, 0x80],  // U+110000
        [0xF5, 0x80, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xFE], [0xFF],
        [0xC3],  // truncated: the closing quote is not a continuation byte
        [0xE2, 0x82],
        [0xF0, 0x9F, 0x98],
        [0xC3, 0x41],
        [0xE2, 0x28, 0xAC],
    ]

    @Test(arguments: invalidSequences)
    func rejectsIllFormedUTF8(sequence: [UInt8]) {
        #expect(decodeError([0x22] + sequence + [0x22]) == .invalidUTF8(offset: 1))
    }

    @Test func rejectsUTF8TruncatedByTheEndOfInput() {
        #expect(decodeError([0x22, 0xF0, 0x9F]) == .invalidUTF8(offset: 1))
    }

    @Test(
        arguments: [
            [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        ] as [[UInt8]])
    func acceptsWellFormedBoundaries(sequence: [UInt8]) throws {
        let value = try CanonicalJSON.decodeCanonical([0x22] + sequence + [0x22])
        #expect(value.stringValue.map { Array($0.utf8) } == sequence)
    }

    @Test func invalidUTF8OffsetPointsAtTheBadSequence() {
        #expect(decodeError(utf8(#"{"k":"ok "#) + [0xC0, 0x80] + utf8(#""}"#)) == .invalidUTF8(offset: 9))
        #expect(decodeError(utf8(#""a\n"#) + [0xFF] + utf8(#"""#)) == .invalidUTF8(offset: 4))
    }

    @Test func rejectsRawNonASCIIInKeysAtTheByte() {
        #expect(decodeError(utf8(#"{"caf"#) + [0xC3, 0xA9] + utf8(#"":1}"#)) == .nonASCIIKey(offset: 5))
    }

    /// The fast path must agree with Foundation: every scalar it waves through is unchanged by NFC
    /// and has combining class 0 (so no neighbour can reorder or compose with it).
    @Test func quickNFCRangesAgreeWithFoundation() {
        let ranges: [ClosedRange<UInt32>] = [
            0...0x2FF, 0x2010...0x2027, 0x20A0...0x20C0, 0x3041...0x3096, 0x309B...0x30FF,
            0x4E00...0x9FFF, 0xAC00...0xD7A3,
        ]
        var failures: [String] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(UnicodeNormalization.isQuickNFC(value))
                let string = String(Character(scalar))
                let normalized = string.precomposedStringWithCanonicalMapping
                if !normalized.utf8.elementsEqual(string.utf8) || scalar.properties.canonicalCombiningClass != .notReordered {
                    failures.append(String(value, radix: 16))
                }
            }
        }
        #expect(failures.isEmpty, "not NFC-stable starters: \(failures.prefix(20))")
    }

    @Test(arguments: [0x300, 0x301, 0x340, 0x374, 0x2000, 0x212B, 0x3099, 0x309A, 0xF900, 0xFB33, 0x1161, 0x11A8] as [UInt32])
    func quickNFCExcludesMarksAndSingletons(value: UInt32) {
        #expect(!UnicodeNormalization.isQuickNFC(value))
    }

    @Test(arguments: [
        ("é", true), ("e\u{301}", false), ("\u{1E9B}\u{323}", true), ("Å", true), ("A\u{30A}", false),
        ("\u{212B}", false), ("가", true), ("\u{1100}\u{1161}", false), ("か\u{3099}", false), ("が", true),
        ("\u{FB33}", false), ("\u{5D3}\u{5BC}", true), ("😀", true), ("a\u{301}\u{300}", false),
        ("\u{1EA5}", true), ("\u{301}", true),
    ])
    func isNFCMatchesTheDefinition(string: String, expected: Bool) {
        #expect(UnicodeNormalization.isNFC(string) == expected)
    }

    @Test func decodesNFCTextInEveryFastRangeAndOutsideThem() throws {
        for sample in ["Grüße, Jürgen – “quoted” €5", "日本語のテキスト", "한국어", "Ελληνικά", "Кириллица", "עִבְרִית", "ä\u{1F600}"] {
            let precomposed = sample.precomposedStringWithCanonicalMapping
            let encoded = try CanonicalJSON.encode(.string(precomposed))
            #expect(try CanonicalJSON.decodeCanonical(encoded) == .string(precomposed))
        }
    }
}
