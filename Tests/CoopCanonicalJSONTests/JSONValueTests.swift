import CoopCanonicalJSON
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    private let sample: JSONValue = [
        "name": "coop", "seq": 3, "open": true, "tags": ["a", "b"], "body": ["x": nil],
    ]

    @Test func accessorsReturnPayloadsOfTheirOwnCaseOnly() {
        #expect(sample["name"]?.stringValue == "coop")
        #expect(sample["seq"]?.intValue == 3)
        #expect(sample["open"]?.boolValue == true)
        #expect(sample["tags"]?.arrayValue == ["a", "b"])
        #expect(sample["body"]?.objectValue == ["x": .null])
        #expect(sample["body"]?["x"]?.isNull == true)
        #expect(sample["tags"]?[1] == "b")
        #expect(sample["tags"]?[2] == nil)
        #expect(sample["tags"]?[-1] == nil)
        #expect(sample["missing"] == nil)
        #expect(sample["name"]?.intValue == nil)
        #expect(sample["seq"]?.stringValue == nil)
        #expect(JSONValue.string("x")["key"] == nil)
        #expect(JSONValue.integer(1)[0] == nil)
        #expect(sample.objectValue?.count == 5)
        #expect(sample.arrayValue == nil && sample.boolValue == nil && !sample.isNull)
    }

    @Test func literalsBuildTheMatchingCases() {
        let value: JSONValue = [nil, true, 7, "s", [1], ["k": "v"]]
        #expect(value == .array([.null, .bool(true), .integer(7), .string("s"), .array([.integer(1)]), .object(["k": .string("v")])]))
    }

    @Test func descriptionIsCompactJSON() {
        #expect(sample.description == #"{"body":{"x":null},"name":"coop","open":true,"seq":3,"tags":["a","b"]}"#)
        // Values outside the profile still render, for messages about them.
        #expect(JSONValue.integer(.min).description == "-9223372036854775808")
        #expect(JSONValue.string("e\u{301}\n").description == "\"e\u{301}\\n\"")
    }

    @Test func isUsableAsADictionaryKeyAndInSets() {
        let set: Set<JSONValue> = [1, 1, "1", [1], ["1": 1]]
        #expect(set.count == 4)
    }

    @Test func integerRangeConstants() {
        #expect(CanonicalJSON.maxSafeInteger == (1 << 53) - 1)
        #expect(CanonicalJSON.integerRange.lowerBound == -9_007_199_254_740_991)
        #expect(CanonicalJSON.integerRange.upperBound == 9_007_199_254_740_991)
    }
}
