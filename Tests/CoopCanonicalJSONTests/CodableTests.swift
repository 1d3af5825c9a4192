import CoopCanonicalJSON
import Foundation
import Testing

private enum Role: String, Codable, Equatable {
    case secretary, treasurer, board
}

private struct Address: Codable, Equatable {
    var line1: String
    var postcode: String?
}

private struct Member: Codable, Equatable {
    var id: String
    var name: String
    var roles: [Role]
    var tier: Int32?
    var joinedAt: Int64
    var address: Address?
    var flags: [String: Bool]
    var shares: [UInt8]
    var extra: JSONValue?

    enum CodingKeys: String, CodingKey {
        case id, name, roles, tier, address, flags, shares, extra
        case joinedAt = "joined_at"
    }
}

private let alice = Member(
    id: "m1", name: "Alice Ünal", roles: [.secretary, .board], tier: 2, joinedAt: 1_700_000_000,
    address: Address(line1: "1 Main St", postcode: nil), flags: ["voting": true, "emeritus": false],
    shares: [1, 255], extra: ["note": "hi", "n": [1, 2]])

@Suite("Codable bridge")
struct CodableTests {
    @Test func encodesToTheExpectedCanonicalBytes() throws {
        let bytes = try CanonicalJSONEncoder().encode(alice)
        #expect(
            text(bytes)
                == #"{"address":{"line1":"1 Main St"},"extra":{"n":[1,2],"note":"hi"},"flags":{"emeritus":false,"voting":true},"id":"m1","joined_at":1700000000,"name":"Alice Ünal","roles":["secretary","board"],"shares":[1,255],"tier":2}"#
        )
        #expect(try CanonicalJSON.decodeCanonical(bytes) == JSONValue(encoding: alice))
    }

    @Test func roundTripsNestedStructsWithOptionals() throws {
        var bob = alice
        bob.tier = nil
        bob.address = nil
        bob.extra = nil
        bob.roles = []
        for member in [alice, bob] {
            let bytes = try CanonicalJSONEncoder().encode(member)
            #expect(try CanonicalJSONDecoder().decode(Member.self, from: bytes) == member)
        }
        let bobJSON = try JSONValue(encoding: bob)
        #expect(bobJSON["tier"] == nil && bobJSON["address"] == nil && bobJSON["extra"] == nil)
    }

    @Test func explicitNullDecodesAsNilForOptionals() throws {
        let json: JSONValue = [
            "id": "m2", "name": "B", "roles": [], "tier": nil, "joined_at": 1, "address": nil,
            "flags": [:], "shares": [],
        ]
        let member = try CanonicalJSONDecoder().decode(Member.self, from: json)
        #expect(member.tier == nil && member.address == nil && member.extra == nil)
    }

    @Test func reportsMissingKeysWithTheirPath() {
        #expect(throws: CanonicalJSONError.missingKey(path: "$", key: "name")) {
            try CanonicalJSONDecoder().decode(Member.self, from: ["id": "m1"])
        }
        #expect(throws: CanonicalJSONError.missingKey(path: "$.address", key: "line1")) {
            var json = try JSONValue(encoding: alice).objectValue ?? [:]
            json["address"] = ["postcode": "X"]
            return try CanonicalJSONDecoder().decode(Member.self, from: .object(json))
        }
    }

    @Test func reportsTypeMismatchesWithTheirPath() {
        #expect(throws: CanonicalJSONError.typeMismatch(path: "$.name", expected: "a string")) {
            var json = try JSONValue(encoding: alice).objectValue ?? [:]
            json["name"] = 5
            return try CanonicalJSONDecoder().decode(Member.self, from: .object(json))
        }
        #expect(throws: CanonicalJSONError.typeMismatch(path: "$[0][1]", expected: "an integer")) {
            try CanonicalJSONDecoder().decode([[Int]].self, from: [[1, "x"]])
        }
        #expect(throws: CanonicalJSONError.typeMismatch(path: "$", expected: "an object")) {
            try CanonicalJSONDecoder().decode(Address.self, from: JSONValue.array([1]))
        }
        #expect(throws: CanonicalJSONError.typeMismatch(path: "$.flags.voting", expected: "a boolean")) {
            var json = try JSONValue(encoding: alice).objectValue ?? [:]
            json["flags"] = ["voting": nil]
            return try CanonicalJSONDecoder().decode(Member.self, from: .object(json))
        }
    }

    @Test func rangeChecksIntegerTypes() throws {
        #expect(throws: CanonicalJSONError.integerOverflow(path: "$.shares[1]", type: "UInt8")) {
            var json = try JSONValue(encoding: alice).objectValue ?? [:]
            json["shares"] = [1, 256]
            return try CanonicalJSONDecoder().decode(Member.self, from: .object(json))
        }
        #expect(throws: CanonicalJSONError.integerOverflow(path: "$", type: "UInt32")) {
            try CanonicalJSONDecoder().decode(UInt32.self, from: -1)
        }
        #expect(try CanonicalJSONDecoder().decode(Int8.self, from: -128) == -128)
        #expect(try JSONValue(encoding: UInt32.max) == .integer(4_294_967_295))
        #expect(try JSONValue(encoding: Int64(9_007_199_254_740_991)) == .integer(9_007_199_254_740_991))
        #expect(throws: CanonicalJSONError.invalidValue(path: "$[1]", violation: .integerOutOfRange)) {
            try CanonicalJSONEncoder().encode([0, UInt64.max])
        }
        #expect(throws: CanonicalJSONError.invalidValue(path: "$.n", violation: .integerOutOfRange)) {
            try CanonicalJSONEncoder().encode(["n": Int64(9_007_199_254_740_992)])
        }
        #expect(throws: CanonicalJSONError.invalidValue(path: "$.n", violation: .integerOutOfRange)) {
            try CanonicalJSONEncoder().encode(["n": Int.min])
        }
    }

    /// Writes the coding path it is encoded at (the encoder builds paths only when asked).
    private struct PathEcho: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(encoder.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined())
        }
    }

    private struct Ledgerish: Encodable {
        var accounts: [[String: UInt64]]
        var echo = PathEcho()

        enum CodingKeys: String, CodingKey { case accounts, echo, nested }
        enum NestedKeys: String, CodingKey { case inner }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(accounts, forKey: .accounts)
            try container.encode(echo, forKey: .echo)
            var nested = container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
            try nested.encode([[echo]], forKey: .inner)
        }
    }

    @Test func errorsAndCodingPathsNameTheDeepPosition() throws {
        let fine = try JSONValue(encoding: Ledgerish(accounts: [["a": 1]]))
        #expect(fine["echo"] == .string(".echo"))
        #expect(fine["nested"]?["inner"]?[0]?[0] == .string(".nested.inner[0][0]"))
        #expect(throws: CanonicalJSONError.invalidValue(path: "$.accounts[2].big", violation: .integerOutOfRange)) {
            try CanonicalJSONEncoder().encode(Ledgerish(accounts: [[:], ["a": 1], ["big": UInt64.max]]))
        }
    }

    private struct Priced: Codable {
        var price: Double
    }

    @Test func rejectsFloatingPointBothWays() throws {
        #expect(throws: CanonicalJSONError.invalidValue(path: "$.price", violation: .floatNotAllowed)) {
            try CanonicalJSONEncoder().encode(Priced(price: 1))
        }
        #expect(throws: CanonicalJSONError.invalidValue(path: "$[0]", violation: .floatNotAllowed)) {
            try CanonicalJSONEncoder().encode([Float(1.5)])
        }
        #expect(throws: CanonicalJSONError.invalidValue(path: "$", violation: .floatNotAllowed)) {
            try CanonicalJSONEncoder().encode(Date(timeIntervalSince1970: 0))
        }
        #expect(throws: CanonicalJSONError.invalidValue(path: "$.price", violation: .floatNotAllowed)) {
            try CanonicalJSONDecoder().decode(Priced.self, from: ["price": 1])
        }
    }

    @Test func rejectsUnknownEnumRawValuesWithSwiftsError() {
        #expect(throws: DecodingError.self) {
            try CanonicalJSONDecoder().decode(Role.self, from: "chair")
        }
    }

    @Test func bytesMustBeCanonicalUnlessToldOtherwise() throws {
        let relaxed = utf8(#"{ "postcode": null, "line1": "x" }"#)
        #expect(throws: CanonicalJSONError.notCanonical(offset: 1)) {
            try CanonicalJSONDecoder().decode(Address.self, from: relaxed)
        }
        let lenient = CanonicalJSONDecoder(requiresCanonicalInput: false)
        #expect(try lenient.decode(Address.self, from: relaxed) == Address(line1: "x", postcode: nil))
    }

    @Test func encoderEnforcesTheStringProfile() {
        #expect(throws: CanonicalJSONError.invalidValue(path: "$.line1", violation: .notNFC)) {
            try CanonicalJSONEncoder().encode(Address(line1: "e\u{301}"))
        }
        #expect(throws: CanonicalJSONError.invalidValue(path: "$", violation: .nonASCIIKey("ключ"))) {
            try CanonicalJSONEncoder().encode(["ключ": 1])
        }
    }

    @Test func keysAreUsedAsWritten() throws {
        struct Snake: Codable {
            var ledgerKey: String
            enum CodingKeys: String, CodingKey { case ledgerKey = "ledger_key" }
        }
        struct Camel: Codable { var ledgerKey: String }
        #expect(text(try CanonicalJSONEncoder().encode(Snake(ledgerKey: "k"))) == #"{"ledger_key":"k"}"#)
        #expect(text(try CanonicalJSONEncoder().encode(Camel(ledgerKey: "k"))) == #"{"ledgerKey":"k"}"#)
    }

    @Test func arraysOfEveryIntegerWidthAndDictionaries() throws {
        struct Widths: Codable, Equatable {
            var i: Int, i8: Int8, i16: Int16, i32: Int32, i64: Int64
            var u: UInt, u8: UInt8, u16: UInt16, u32: UInt32, u64: UInt64
            var list: [Int16], nested: [[String]], map: [String: [Int]], flag: Bool
        }
        let value = Widths(
            i: -1, i8: -8, i16: -16, i32: -32, i64: -64, u: 1, u8: 8, u16: 16, u32: 32, u64: 64,
            list: [1, -1], nested: [[], ["a", "b"]], map: ["x": [1], "y": []], flag: true)
        let bytes = try CanonicalJSONEncoder().encode(value)
        #expect(try CanonicalJSONDecoder().decode(Widths.self, from: bytes) == value)
    }
}
