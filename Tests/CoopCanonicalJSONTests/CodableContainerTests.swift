import CoopCanonicalJSON
import Testing

/// Hand-written Codable types that use nested, unkeyed and super containers.
private struct Point: Codable, Equatable {
    var x: Int
    var y: Int
    var tags: [String]

    enum CodingKeys: String, CodingKey { case position, tags }
    enum PositionKeys: String, CodingKey { case x, y }

    init(x: Int, y: Int, tags: [String]) {
        self.x = x
        self.y = y
        self.tags = tags
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let position = try container.nestedContainer(keyedBy: PositionKeys.self, forKey: .position)
        x = try position.decode(Int.self, forKey: .x)
        y = try position.decode(Int.self, forKey: .y)
        var list = try container.nestedUnkeyedContainer(forKey: .tags)
        tags = []
        while !list.isAtEnd { tags.append(try list.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var position = container.nestedContainer(keyedBy: PositionKeys.self, forKey: .position)
        try position.encode(x, forKey: .x)
        try position.encode(y, forKey: .y)
        var list = container.nestedUnkeyedContainer(forKey: .tags)
        for tag in tags { try list.encode(tag) }
    }
}

/// A pair stored as a two-element array, with a nested keyed container inside it.
private struct Pair: Codable, Equatable {
    var name: String
    var count: Int

    enum Keys: String, CodingKey { case count }

    init(name: String, count: Int) {
        self.name = name
        self.count = count
    }

    init(from decoder: any Decoder) throws {
        var list = try decoder.unkeyedContainer()
        name = try list.decode(String.self)
        let inner = try list.nestedContainer(keyedBy: Keys.self)
        count = try inner.decode(Int.self, forKey: .count)
    }

    func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        try list.encode(name)
        var inner = list.nestedContainer(keyedBy: Keys.self)
        try inner.encode(count, forKey: .count)
    }
}

private class Animal: Codable {
    var legs: Int
    init(legs: Int) { self.legs = legs }
}

private final class Dog: Animal {
    var name: String

    enum Keys: String, CodingKey { case name }

    init(legs: Int, name: String) {
        self.name = name
        super.init(legs: legs)
    }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        name = try container.decode(String.self, forKey: .name)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .name)
        try super.encode(to: container.superEncoder())
    }
}

@Suite("Codable containers")
struct CodableContainerTests {
    @Test func nestedKeyedAndUnkeyedContainers() throws {
        let point = Point(x: 3, y: -4, tags: ["a", "b"])
        let bytes = try CanonicalJSONEncoder().encode(point)
        #expect(text(bytes) == #"{"position":{"x":3,"y":-4},"tags":["a","b"]}"#)
        #expect(try CanonicalJSONDecoder().decode(Point.self, from: bytes) == point)
    }

    @Test func nestedContainersInsideUnkeyedOnes() throws {
        let pairs = [Pair(name: "a", count: 1), Pair(name: "b", count: 2)]
        let bytes = try CanonicalJSONEncoder().encode(pairs)
        #expect(text(bytes) == #"[["a",{"count":1}],["b",{"count":2}]]"#)
        #expect(try CanonicalJSONDecoder().decode([Pair].self, from: bytes) == pairs)
    }

    @Test func superEncoderAndDecoder() throws {
        let bytes = try CanonicalJSONEncoder().encode(Dog(legs: 4, name: "Rex"))
        #expect(text(bytes) == #"{"name":"Rex","super":{"legs":4}}"#)
        let dog = try CanonicalJSONDecoder().decode(Dog.self, from: bytes)
        #expect(dog.name == "Rex" && dog.legs == 4)
    }

    @Test func tooShortArraysAreReported() {
        #expect(throws: CanonicalJSONError.arrayTooShort(path: "$[1]", count: 1)) {
            try CanonicalJSONDecoder().decode([Pair].self, from: [["a", ["count": 1]], ["b"]])
        }
    }

    @Test func errorsInsideNestedContainersCarryTheFullPath() {
        #expect(throws: CanonicalJSONError.typeMismatch(path: "$.position.y", expected: "an integer")) {
            try CanonicalJSONDecoder().decode(Point.self, from: ["position": ["x": 1, "y": "2"], "tags": []])
        }
        #expect(throws: CanonicalJSONError.missingKey(path: "$[0][1]", key: "count")) {
            try CanonicalJSONDecoder().decode([Pair].self, from: [["a", [:]]])
        }
    }

    @Test func userInfoReachesTheCodableImplementations() throws {
        struct Probe: Codable {
            static let key = CodingUserInfoKey(rawValue: "probe")!
            var seen: String
            init(seen: String) { self.seen = seen }
            init(from decoder: any Decoder) throws { seen = decoder.userInfo[Self.key] as? String ?? "none" }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(encoder.userInfo[Self.key] as? String ?? "none")
            }
        }
        let encoder = CanonicalJSONEncoder(userInfo: [Probe.key: "enc"])
        #expect(text(try encoder.encode(Probe(seen: ""))) == #""enc""#)
        let decoder = CanonicalJSONDecoder(userInfo: [Probe.key: "dec"])
        #expect(try decoder.decode(Probe.self, from: .null).seen == "dec")
    }

    @Test func jsonValueFieldsPassThroughAndWorkWithOtherCoders() throws {
        struct Envelope: Codable, Equatable {
            var kind: String
            var body: JSONValue
        }
        let envelope = Envelope(kind: "note", body: ["text": "hi", "list": [1, nil, true]])
        let bytes = try CanonicalJSONEncoder().encode(envelope)
        #expect(text(bytes) == #"{"body":{"list":[1,null,true],"text":"hi"},"kind":"note"}"#)
        #expect(try CanonicalJSONDecoder().decode(Envelope.self, from: bytes) == envelope)
    }

    @Test func valuesThatEncodeNothingBecomeEmptyObjects() throws {
        struct Empty: Codable {}
        #expect(text(try CanonicalJSONEncoder().encode(Empty())) == "{}")
        #expect(text(try CanonicalJSONEncoder().encode([Empty()])) == "[{}]")
    }
}
