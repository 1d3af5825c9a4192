import CoopCanonicalJSON
import Testing

@Suite("Parsing (RFC 8259 plus the profile)")
struct ParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try CanonicalJSON.decode(utf8(#"{"a":[null,true,false,0,-1,42,"s",{},[]],"b":{"c":"d"}}"#))
        #expect(value == ["a": [nil, true, false, 0, -1, 42, "s", [:], []], "b": ["c": "d"]])
    }

    @Test(arguments: ["null", "true", "false", "0", "-7", #""""#, "[]", "{}"])
    func topLevelScalarsAndEmptyContainers(input: String) throws {
        #expect(try CanonicalJSON.decodeCanonical(utf8(input)) == CanonicalJSON.decode(utf8(input)))
    }

    /// Plain `decode` takes RFC 8259 whitespace (space, tab, LF, CR) around any token.
    @Test func acceptsWhitespaceAroundTokens() throws {
        let value = try CanonicalJSON.decode(utf8(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] , \"b\" : { } }\r\n "))
        #expect(value == ["a": [1, 2], "b": [:]])
    }

    @Test func decodesEscapes() throws {
        let value = try CanonicalJSON.decode(utf8(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00""#))
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tAé€😀"))
    }

    @Test func acceptsEscapedKeysThatDecodeToPrintableASCII() throws {
        #expect(try CanonicalJSON.decode(utf8(#"{"\u0061\"\\":1}"#)) == ["a\"\\": 1])
    }

    @Test func integerBoundaries() throws {
        #expect(try CanonicalJSON.decode(utf8("9007199254740991")) == .integer(9_007_199_254_740_991))
        #expect(try CanonicalJSON.decode(utf8("-9007199254740991")) == .integer(-9_007_199_254_740_991))
        #expect(decodeError(utf8("9007199254740992")) == .integerOutOfRange(offset: 0))
        #expect(decodeError(utf8("-9007199254740992")) == .integerOutOfRange(offset: 0))
        #expect(decodeError(utf8("[99999999999999999999999]")) == .integerOutOfRange(offset: 1))
    }

    @Test func acceptsTheDepthLimitAndRejectsOneMore() throws {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try CanonicalJSON.decodeCanonical(utf8(deepest)) == nestedArrays(64))
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(decodeError(utf8(tooDeep)) == .tooDeep(offset: 64, limit: 64))
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(decodeError(utf8(objects)) == .tooDeep(offset: 64 * 5, limit: 64))
        #expect(decodeError(utf8("[[1]]"), options: CanonicalJSONOptions(maxDepth: 1)) == .tooDeep(offset: 1, limit: 1))
    }

    @Test func enforcesTheSizeLimit() {
        let options = CanonicalJSONOptions(maxInputSize: 10)
        #expect(decodeError(utf8(#""123456789""#), options: options) == .tooLarge(size: 11, limit: 10))
        #expect(decodeError(utf8(#""12345678""#), options: options) == nil)
        #expect(decodeError(Array(repeating: 0x20, count: (1 << 20) + 1)) == .tooLarge(size: (1 << 20) + 1, limit: 1 << 20))
    }

    @Test func enforcesTheStringLimitOnDecodedBytes() {
        let options = CanonicalJSONOptions(maxStringLength: 3)
        #expect(decodeError(utf8(#""abc""#), options: options) == nil)
        #expect(decodeError(utf8(#"["abcd"]"#), options: options) == .stringTooLong(offset: 1, limit: 3))
        #expect(decodeError(utf8(#""ab\nc""#), options: options) == .stringTooLong(offset: 0, limit: 3))
        #expect(decodeError(utf8(#""\u00e9\u00e9""#), options: options) == .stringTooLong(offset: 0, limit: 3))
        #expect(decodeError(utf8(#"{"abcd":1}"#), options: options) == .stringTooLong(offset: 1, limit: 3))
        // Six input bytes, but only three once unescaped.
        #expect(decodeError(utf8(#""\u0041bc""#), options: options) == nil)
    }

    @Test func acceptsNonCollectionArrayInputs() throws {
        let bytes = utf8(#"{"a":1}"#)
        #expect(try CanonicalJSON.decodeCanonical(bytes[...]) == ["a": 1])
        #expect(try CanonicalJSON.decodeCanonical(bytes.lazy.map { $0 }) == ["a": 1])
        let fromRawBuffer = try bytes.withUnsafeBytes { raw in try CanonicalJSON.decodeCanonical(raw) }
        #expect(fromRawBuffer == ["a": 1])
    }

    static let syntaxErrors: [(String, CanonicalJSONError)] = [
        ("", .unexpectedEnd(offset: 0, expected: "a JSON value")),
        (" ", .unexpectedEnd(offset: 1, expected: "a JSON value")),
        ("[", .unexpectedEnd(offset: 1, expected: "a JSON value or ']'")),
        ("[1", .unexpectedEnd(offset: 2, expected: "',' or ']'")),
        ("{", .unexpectedEnd(offset: 1, expected: "a string key or '}'")),
        (#"{"a""#, .unexpectedEnd(offset: 4, expected: "':'")),
        (#"{"a":1"#, .unexpectedEnd(offset: 6, expected: "',' or '}'")),
        ("[1,]", .unexpectedByte(offset: 3, found: 0x5D, expected: "a JSON value")),
        ("[1 2]", .unexpectedByte(offset: 3, found: 0x32, expected: "',' or ']'")),
        (#"{"a" 1}"#, .unexpectedByte(offset: 5, found: 0x31, expected: "':'")),
        ("{a:1}", .unexpectedByte(offset: 1, found: 0x61, expected: "a string key")),
        (#"{"a":1,}"#, .unexpectedByte(offset: 7, found: 0x7D, expected: "a string key")),
        (#"{"a":1]"#, .unexpectedByte(offset: 6, found: 0x5D, expected: "',' or '}'")),
        ("tru", .unexpectedEnd(offset: 3, expected: "'true'")),
        ("nul1", .unexpectedByte(offset: 3, found: 0x31, expected: "'null'")),
        ("True", .unexpectedByte(offset: 0, found: 0x54, expected: "a JSON value")),
        ("1 2", .trailingData(offset: 2)),
        (#"{"a":1}x"#, .trailingData(offset: 7)),
        ("+1", .unexpectedByte(offset: 0, found: 0x2B, expected: "a JSON value")),
        (".5", .unexpectedByte(offset: 0, found: 0x2E, expected: "a JSON value")),
        ("-", .unexpectedEnd(offset: 1, expected: "a digit")),
        ("-a", .unexpectedByte(offset: 1, found: 0x61, expected: "a digit")),
        ("\u{C}1", .unexpectedByte(offset: 0, found: 0x0C, expected: "a JSON value")),
        ("\u{A0}1", .unexpectedByte(offset: 0, found: 0xC2, expected: "a JSON value")),
        (#""abc"#, .unexpectedEnd(offset: 4, expected: #"'"' to close the string that starts at offset 0"#)),
        ("\"a\tb\"", .unexpectedByte(offset: 2, found: 0x09, expected: "a string character (control characters must be escaped)")),
        ("\"a\nb\"", .unexpectedByte(offset: 2, found: 0x0A, expected: "a string character (control characters must be escaped)")),
        (#""\x""#, .invalidEscape(offset: 1)),
        (#""\'""#, .invalidEscape(offset: 1)),
        (#""\U0041""#, .invalidEscape(offset: 1)),
        (#""\u12G4""#, .unexpectedByte(offset: 5, found: 0x47, expected: "a hexadecimal digit")),
        (#""\u12"#, .unexpectedEnd(offset: 5, expected: "four hexadecimal digits")),
        (#""\"#, .unexpectedEnd(offset: 2, expected: "an escape sequence")),
    ]

    @Test(arguments: syntaxErrors)
    func rejectsInvalidSyntax(input: String, error: CanonicalJSONError) {
        #expect(decodeError(utf8(input)) == error)
    }

    static let profileErrors: [(String, CanonicalJSONError)] = [
        ("1.0", .floatNotAllowed(offset: 0)),
        ("1e3", .floatNotAllowed(offset: 0)),
        ("1E3", .floatNotAllowed(offset: 0)),
        ("-1.5e+2", .floatNotAllowed(offset: 0)),
        ("[0.5]", .floatNotAllowed(offset: 1)),
        ("1.", .floatNotAllowed(offset: 0)),
        ("01", .leadingZero(offset: 0)),
        ("-01", .leadingZero(offset: 0)),
        ("00", .leadingZero(offset: 0)),
        ("-0", .negativeZero(offset: 0)),
        ("[1,-0]", .negativeZero(offset: 3)),
        (#"{"a":1,"a":2}"#, .duplicateKey("a", offset: 7)),
        (#"{"a":1,"\u0061":2}"#, .duplicateKey("a", offset: 7)),
        (#"{"a":{"b":1,"b":1}}"#, .duplicateKey("b", offset: 12)),
        (#"{"é":1}"#, .nonASCIIKey(offset: 2)),
        (#"{"ab\u00e9":1}"#, .nonASCIIKey(offset: 4)),
        (#"{"\n":1}"#, .nonASCIIKey(offset: 2)),
        (#"{"\u007f":1}"#, .nonASCIIKey(offset: 2)),
        ("{\"\u{7F}\":1}", .nonASCIIKey(offset: 2)),
        (#"{"\u0061"# + "\u{7F}" + #"":1}"#, .nonASCIIKey(offset: 8)),
        (#""\uD800""#, .loneSurrogate(offset: 1)),
        (#""\uDC00""#, .loneSurrogate(offset: 1)),
        (#""\ud83d\u0041""#, .loneSurrogate(offset: 1)),
        (#""\ud83dx""#, .loneSurrogate(offset: 1)),
        (#""a\ud83d\n""#, .loneSurrogate(offset: 2)),
        (#""\ude00\ud83d""#, .loneSurrogate(offset: 1)),
        ("\"e\u{301}\"", .notNFC(offset: 0)),
        (#"["ok","e\u0301"]"#, .notNFC(offset: 6)),
        (#""\ufb33""#, .notNFC(offset: 0)),
        ("\"\u{212B}\"", .notNFC(offset: 0)),
    ]

    @Test(arguments: profileErrors)
    func rejectsWhatTheProfileForbids(input: String, error: CanonicalJSONError) {
        #expect(decodeError(utf8(input)) == error)
    }

    @Test func rejectsAByteOrderMark() {
        #expect(decodeError([0xEF, 0xBB, 0xBF] + utf8("1")) == .byteOrderMark)
        #expect(decodeError([0xEF, 0xBB, 0xBF] + utf8("1"), canonical: true) == .byteOrderMark)
        #expect(decodeError(utf8("\u{FEFF}1")) == .byteOrderMark)
    }
}
