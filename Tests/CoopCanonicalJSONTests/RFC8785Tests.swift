import CoopCanonicalJSON
import Testing

/// The RFC 8785 examples that fall inside the coop profile, and the profile's answer to the
/// parts that do not (floats, non-ASCII keys).
@Suite("RFC 8785 examples")
struct RFC8785Tests {
    /// RFC 8785 §3.2.2, the "string" and "literals" members of its example (escapes of every
    /// kind in, JCS's minimal escaping out). The example's "numbers" member is all floats, which
    /// the profile rejects (next test).
    @Test func primitiveSerializationExample() throws {
        let input = #"""
            {
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let value = try CanonicalJSON.decode(utf8(input))
        let canonical = try CanonicalJSON.encode(value)
        #expect(text(canonical) == #"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
        #expect(try CanonicalJSON.decodeCanonical(canonical) == value)
    }

    /// RFC 8785 §3.2.2's "numbers" are floats and exponents: the profile stops at the first one.
    @Test func primitiveSerializationNumbersAreRejected() {
        let input = #"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]}"#
        #expect(decodeError(utf8(input)) == .floatNotAllowed(offset: 13))
        for number in ["1E30", "4.50", "2e-3", "0.000000000000000000000000001", "1e+30", "-0.0", "5E-324"] {
            #expect(decodeError(utf8(number)) == .floatNotAllowed(offset: 0), "\(number)")
        }
    }

    /// RFC 8785 §3.2.3's sorting example (keys chosen so UTF-16 order differs from code point
    /// and UTF-8 order). The profile rejects non-ASCII keys, so the public encoder refuses it;
    /// `description`, which renders any value, shows the key order JCS requires.
    @Test func propertySortingExample() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        #expect(decodeError(utf8(input)) == .nonASCIIKey(offset: 5))

        let value: JSONValue = [
            "\u{20AC}": "Euro Sign", "\r": "Carriage Return", "\u{FB33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\u{1F600}": "Emoji: Grinning Face", "\u{0080}": "Control",
            "\u{00F6}": "Latin Small Letter O With Diaeresis",
        ]
        let expectedOrder =
            #"{"\r":"Carriage Return","1":"One","\#u{80}":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\#u{FB33}":"Hebrew Letter Dalet With Dagesh"}"#
        #expect(value.description == expectedOrder)
        #expect(encodeError(value) == .invalidValue(path: "$", violation: .nonASCIIKey("\r")))
    }

    /// The nested-structure vector of the RFC author's reference test data (structures.json),
    /// without its member `"\n": 56.0` (a control-character key and a float, both outside the
    /// profile): keys sort by code unit at every level, empty containers stay compact.
    @Test func nestedStructures() throws {
        let input = #"""
            {
              "1": {"f": {"f": "hi","F": 5} },
              "10": { },
              "": "empty",
              "a": { },
              "111": [ { } ],
              "A": { }
            }
            """#
        let canonical = try CanonicalJSON.encode(try CanonicalJSON.decode(utf8(input)))
        #expect(text(canonical) == #"{"":"empty","1":{"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}"#)

        let original = #"{"1": {"f": {"f": "hi","F": 5} ,"\n": 56.0}}"#
        #expect(decodeError(utf8(original)) == .nonASCIIKey(offset: 33))
    }

    /// JCS escapes exactly like ECMAScript `JSON.stringify`: the two-character escapes where they
    /// exist, `\u00xx` with lowercase hex for the other controls, nothing else.
    @Test(arguments: Array(0...0x1F).map { UInt8($0) })
    func controlCharacterEscapes(byte: UInt8) throws {
        let named: [UInt8: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0A: #"\n"#, 0x0C: #"\f"#, 0x0D: #"\r"#]
        let hex = String(byte, radix: 16)
        let expected = named[byte] ?? #"\u00"# + (hex.count == 1 ? "0" + hex : hex)
        let encoded = try CanonicalJSON.encode(.string(String(UnicodeScalar(byte))))
        #expect(text(encoded) == "\"" + expected + "\"")
        #expect(try CanonicalJSON.decodeCanonical(encoded) == .string(String(UnicodeScalar(byte))))
    }

    @Test(arguments: [
        ("\"", #""\"""#), ("\\", #""\\""#), ("/", #""/""#), ("\u{7F}", "\"\u{7F}\""),
        ("\u{80}", "\"\u{80}\""), ("é", "\"é\""), ("€", "\"€\""), ("😀", "\"😀\""),
        ("\u{2028}\u{2029}", "\"\u{2028}\u{2029}\""), ("<script>", "\"<script>\""), ("'", "\"'\""),
    ])
    func literalAndEscapedCharacters(string: String, expected: String) throws {
        #expect(text(try CanonicalJSON.encode(.string(string))) == expected)
    }
}
