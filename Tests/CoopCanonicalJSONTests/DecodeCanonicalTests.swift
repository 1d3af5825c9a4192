import CoopCanonicalJSON
import Testing

/// `decodeCanonical` accepts one encoding per value: every other spelling is rejected, either by
/// the parser (outside the profile) or as `notCanonical` at the first differing byte.
@Suite("decodeCanonical")
struct DecodeCanonicalTests {
    @Test(arguments: [
        #"{"a":[1,"x",null,true,false,{},[]],"b":{"c":-9007199254740991}}"#,
        #""\"\\\b\f\n\r\t\u0000\u001f"# + "\u{7F}" + #"/é€😀""#,
        #"{" ":1,"!":2,"A":3,"_":4,"a":5,"~":6}"#,
        "0", "9007199254740991", "[]", "{}", #""""#,
    ])
    func acceptsCanonicalBytes(input: String) throws {
        let value = try CanonicalJSON.decodeCanonical(utf8(input))
        #expect(try CanonicalJSON.encode(value) == utf8(input))
    }

    static let nonCanonical: [(String, CanonicalJSONError)] = [
        (#"{"b":1,"a":2}"#, .notCanonical(offset: 2)),
        (#"{"a":1,"B":2}"#, .notCanonical(offset: 2)),
        (#"{"aa":1,"a":2}"#, .notCanonical(offset: 3)),
        (#"{"a": 1}"#, .notCanonical(offset: 5)),
        (#"{ "a":1}"#, .notCanonical(offset: 1)),
        ("[1, 2]", .notCanonical(offset: 3)),
        (" 1", .notCanonical(offset: 0)),
        ("1 ", .notCanonical(offset: 1)),
        ("1\n", .notCanonical(offset: 1)),
        (#""\u0041""#, .notCanonical(offset: 1)),
        (#""\u001F""#, .notCanonical(offset: 6)),
        (#""\u000a""#, .notCanonical(offset: 2)),
        (#""\u007f""#, .notCanonical(offset: 1)),
        (#""\u00e9""#, .notCanonical(offset: 1)),
        (#""\ud83d\ude00""#, .notCanonical(offset: 1)),
        (#""\/""#, .notCanonical(offset: 1)),
        (#"{"\u0061":1}"#, .notCanonical(offset: 2)),
        ("01", .leadingZero(offset: 0)),
        ("1.0", .floatNotAllowed(offset: 0)),
        ("1e3", .floatNotAllowed(offset: 0)),
        ("-0", .negativeZero(offset: 0)),
        ("\"e\u{301}\"", .notNFC(offset: 0)),
        (#"{"a":1,"a":1}"#, .duplicateKey("a", offset: 7)),
        ("9007199254740992", .integerOutOfRange(offset: 0)),
        ("-9007199254740992", .integerOutOfRange(offset: 0)),
    ]

    @Test(arguments: nonCanonical)
    func rejectsOtherSpellings(input: String, error: CanonicalJSONError) {
        #expect(decodeError(utf8(input), canonical: true) == error)
    }

    @Test(
        arguments: [
            [0x22, 0xC0, 0x80, 0x22],  // overlong NUL
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // surrogate U+D800 encoded in UTF-8
            [0x22, 0xFF, 0x22],  // never valid in UTF-8
        ] as [[UInt8]])
    func rejectsInvalidUTF8(input: [UInt8]) {
        #expect(decodeError(input, canonical: true) == .invalidUTF8(offset: 1))
    }

    @Test func rejectsTooDeepNesting() {
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(decodeError(utf8(tooDeep), canonical: true) == .tooDeep(offset: 64, limit: 64))
    }

    @Test func acceptsAValidSurrogatePairOnlyAsLiteralUTF8() throws {
        #expect(try CanonicalJSON.decode(utf8(#""\ud83d\ude00""#)) == "😀")
        #expect(try CanonicalJSON.decodeCanonical(utf8("\"😀\"")) == "😀")
    }

    @Test func isCanonicalAgreesWithDecodeCanonical() {
        #expect(CanonicalJSON.isCanonical(utf8(#"{"a":1}"#)))
        #expect(!CanonicalJSON.isCanonical(utf8(#"{"a": 1}"#)))
        #expect(!CanonicalJSON.isCanonical(utf8("1.0")))
    }
}
