import CoopCanonicalJSON
import Testing

private struct Inner: Codable, Equatable { var a: Int }
private struct Outer: Codable, Equatable {
    var inner: Inner
    var list: [Inner]
    var map: [String: Inner]
}

/// `refusesUnknownNestedKeys`: a key the nested type does not name is an error, at any depth;
/// the top level and dictionaries are left alone.
@Suite("Codable: unknown nested keys")
struct UnknownKeyTests {
    let strict = CanonicalJSONDecoder(refusesUnknownNestedKeys: true)
    static let good: JSONValue = ["inner": ["a": 1], "list": [["a": 2]], "map": ["k": ["a": 3]]]

    func with(_ edit: (inout [String: JSONValue]) -> Void) -> JSONValue {
        var o = Self.good.objectValue ?? [:]
        edit(&o)
        return .object(o)
    }

    @Test func nestedUnknownKeysAreNamed() throws {
        #expect(try strict.decode(Outer.self, from: Self.good).map["k"] == Inner(a: 3))
        let cases: [(JSONValue, CanonicalJSONError)] = [
            (with { $0["inner"] = ["a": 1, "b": 2] }, .unknownKey(path: "$.inner", key: "b")),
            (with { $0["list"] = [["a": 1], ["a": 1, "z": 0]] }, .unknownKey(path: "$.list[1]", key: "z")),
            (with { $0["map"] = ["k": ["a": 1, "x": 0]] }, .unknownKey(path: "$.map.k", key: "x")),
        ]
        for (value, error) in cases {
            #expect(throws: error) { try strict.decode(Outer.self, from: value) }
            #expect(try CanonicalJSONDecoder().decode(Outer.self, from: value).inner.a == 1)  // lenient by default
        }
        // The top level is the caller's to check (it may allow more fields than one type reads).
        #expect(try strict.decode(Outer.self, from: with { $0["extra"] = 1 }).inner.a == 1)
    }
}
