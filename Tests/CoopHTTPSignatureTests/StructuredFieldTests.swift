import CoopHTTPSignature
import Testing

/// RFC 8941 parsing and serialization, as far as signatures need them.
@Suite("Structured fields")
struct StructuredFieldTests {
    @Test(
        "dictionaries round-trip to their canonical form",
        arguments: [
            ("a=?0, b, c; foo=bar", "a=?0, b, c;foo=bar"),
            ("en=\"Applepie\", da=:w4ZibGV0w6ZydGUK:", "en=\"Applepie\", da=:w4ZibGV0w6ZydGUK:"),
            ("rating=1.500, feelings=(joy sadness)", "rating=1.5, feelings=(joy sadness)"),
            ("a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid", "a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid"),
            ("  x=1  ,\ty=2 ", "x=1, y=2"),
            ("a=1, a=2, b=3", "a=2, b=3"),
            ("sig=()", "sig=()"),
            ("s=\"q\\\"uote\\\\\", t=*tok/en:x, n=-12, d=-0.05, e=123456789012.999", "s=\"q\\\"uote\\\\\", t=*tok/en:x, n=-12, d=-0.05, e=123456789012.999"),
            ("f=?1;x", "f;x"),
        ])
    func roundTrip(input: String, canonical: String) throws {
        let parsed = try StructuredFieldParser.parseDictionary(input)
        #expect(try parsed.serialized() == canonical)
        #expect(try StructuredFieldParser.parseDictionary(canonical) == parsed)
    }

    @Test("values are typed")
    func typedValues() throws {
        let parsed = try StructuredFieldParser.parseDictionary(#"i=42, d=4.5, s="hi", t=tok, b=:AQID:, y=?1, l=("a" 1);p"#)
        #expect(parsed["i"] == .item(.init(.integer(42))))
        #expect(parsed["d"] == .item(.init(.decimal(thousandths: 4500))))
        #expect(parsed["s"] == .item(.init(.string("hi"))))
        #expect(parsed["t"] == .item(.init(.token("tok"))))
        #expect(parsed["b"] == .item(.init(.byteSequence([1, 2, 3]))))
        #expect(parsed["y"] == .item(.init(.boolean(true))))
        let parameters = StructuredField.Parameters([.init(key: "p", value: .boolean(true))])
        #expect(parsed["l"] == .innerList(.init([.init(.string("a")), .init(.integer(1))], parameters: parameters)))
        #expect(parsed.keys == ["i", "d", "s", "t", "b", "y", "l"])
        #expect(
            try StructuredFieldParser.parseItem(" :AQID:;k=1 ") == .init(.byteSequence([1, 2, 3]), parameters: .init([.init(key: "k", value: .integer(1))])))
    }

    @Test(
        "malformed dictionaries are refused",
        arguments: [
            "a=1,", "a=1,,b=2", "A=1", "1a=1", "a=(1 2", "a=(1  2)x", "a=\"unterminated", "a=\"bad\\escape\"", "a=\"tab\t\"",
            "a=:AQID", "a=:AQI:", "a=?2", "a=1234567890123456", "a=1234567890123.5", "a=1.2345", "a=1.", "a=-", "a=é",
            "a=1 b=2", "a=1;", "a=1;B=2", "a=(1)(2)", "a=@1", "a=%\"x\"", ",a=1",
        ])
    func malformed(input: String) {
        #expect(throws: HTTPSignatureError.self) { try StructuredFieldParser.parseDictionary(input) }
    }

    @Test("serialization refuses values RFC 8941 cannot express")
    func serializationLimits() throws {
        #expect(throws: HTTPSignatureError.self) { try StructuredField.BareItem.integer(1_000_000_000_000_000).serialized() }
        #expect(throws: HTTPSignatureError.self) { try StructuredField.BareItem.string("é").serialized() }
        #expect(throws: HTTPSignatureError.self) { try StructuredField.BareItem.string("a\nb").serialized() }
        #expect(throws: HTTPSignatureError.self) { try StructuredField.BareItem.token("1abc").serialized() }
        #expect(throws: HTTPSignatureError.self) { try StructuredField.BareItem.token("a b").serialized() }
        var dictionary = StructuredField.Dictionary()
        dictionary["Bad"] = .item(.init(.integer(1)))
        #expect(throws: HTTPSignatureError.self) { try dictionary.serialized() }
        #expect(try StructuredField.BareItem.decimal(thousandths: -1).serialized() == "-0.001")
        #expect(try StructuredField.BareItem.decimal(thousandths: 2000).serialized() == "2.0")
        #expect(try StructuredField.BareItem.integer(-999_999_999_999_999).serialized() == "-999999999999999")
    }
}
