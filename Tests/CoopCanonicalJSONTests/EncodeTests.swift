import CoopCanonicalJSON
import Testing

@Suite("Encoding JSONValue")
struct EncodeTests {
    @Test(
        arguments: [
            (0, "0"), (7, "7"), (-1, "-1"), (10, "10"), (-10, "-10"), (1_000_000, "1000000"),
            (9_007_199_254_740_991, "9007199254740991"), (-9_007_199_254_740_991, "-9007199254740991"),
        ] as [(Int64, String)])
    func integersArePlainDecimal(number: Int64, expected: String) throws {
        #expect(text(try CanonicalJSON.encode(.integer(number))) == expected)
    }

    @Test func sortsKeysAndOmitsWhitespace() throws {
        let value: JSONValue = ["b": [1, 2], "a": ["z": nil, "y": true], "A": "x", "": false]
        #expect(text(try CanonicalJSON.encode(value)) == #"{"":false,"A":"x","a":{"y":true,"z":null},"b":[1,2]}"#)
    }

    @Test func escapesQuoteAndBackslashInKeys() throws {
        let value: JSONValue = [#"a"b\c"#: 1]
        #expect(text(try CanonicalJSON.encode(value)) == #"{"a\"b\\c":1}"#)
    }

    @Test(arguments: [
        Int64(9_007_199_254_740_992), -9_007_199_254_740_992, .max, .min,
    ])
    func rejectsIntegersOutsideTheRange(number: Int64) {
        #expect(encodeError(.integer(number)) == .invalidValue(path: "$", violation: .integerOutOfRange))
    }

    @Test func reportsThePathOfTheOffendingValue() {
        #expect(encodeError(["a": [1, .integer(.max)]]) == .invalidValue(path: "$.a[1]", violation: .integerOutOfRange))
        #expect(encodeError(["odd key": ["e\u{301}"]]) == .invalidValue(path: #"$["odd key"][0]"#, violation: .notNFC))
        #expect(encodeError(["x": ["é": 1]]) == .invalidValue(path: "$.x", violation: .nonASCIIKey("é")))
        #expect(encodeError(["x": ["\n": 1]]) == .invalidValue(path: "$.x", violation: .nonASCIIKey("\n")))
        #expect(encodeError(["x": ["\u{7F}": 1]]) == .invalidValue(path: "$.x", violation: .nonASCIIKey("\u{7F}")))
    }

    @Test func rejectsNestingBeyondTheLimit() throws {
        #expect(encodeError(nestedArrays(64)) == nil)
        let path = "$" + String(repeating: "[0]", count: 64)
        #expect(encodeError(nestedArrays(65)) == .invalidValue(path: path, violation: .tooDeep(limit: 64)))
        #expect(
            encodeError([["a": []]], options: CanonicalJSONOptions(maxDepth: 2))
                == .invalidValue(path: "$[0].a", violation: .tooDeep(limit: 2)))
    }

    @Test func rejectsLongStringsAndKeys() {
        let options = CanonicalJSONOptions(maxStringLength: 3)
        #expect(encodeError(["abc": "abc"], options: options) == nil)
        #expect(encodeError(["abcd": 1], options: options) == .invalidValue(path: "$", violation: .stringTooLong(limit: 3)))
        #expect(encodeError(["a": "éé"], options: options) == .invalidValue(path: "$.a", violation: .stringTooLong(limit: 3)))
    }

    @Test func rejectsOutputBeyondTheSizeLimit() {
        let options = CanonicalJSONOptions(maxInputSize: 5)
        #expect(encodeError("abc", options: options) == nil)
        #expect(encodeError("abcd", options: options) == .tooLarge(size: 6, limit: 5))
    }

    @Test func rejectsNonNFCStrings() {
        #expect(encodeError("e\u{301}") == .invalidValue(path: "$", violation: .notNFC))
        #expect(encodeError("\u{FB33}") == .invalidValue(path: "$", violation: .notNFC))
        #expect(encodeError("é") == nil)
    }

    /// Swift strings hold only valid scalars, so the encoder can only meet lone surrogates or
    /// bad UTF-8 through bytes, which the parser rejects; this checks the bytes it writes for
    /// astral characters are the plain 4-byte UTF-8 form.
    @Test func writesAstralCharactersAsFourByteUTF8() throws {
        #expect(try CanonicalJSON.encode("😀") == [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22])
    }
}
