import CoopCanonicalJSON
import CoopModel
import Testing

/// Random values (seeded, so failures reproduce) inside the profile.
struct ValueGenerator {
    var rng: SplitMix64

    /// String pieces: printable ASCII comes separately; these are the characters that need care.
    private static let specialPieces: [String] = [
        "\"", "\\", "/", "\u{7F}", "\u{0}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{80}",
        "é", "ß", "Ω", "€", "–", "“", "日", "の", "한", "😀", "\u{2028}", "\u{FFFF}", "\u{10FFFF}",
        "\u{5D3}\u{5BC}", "ấ",
    ]

    mutating func value(depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth >= 6 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(integer())
        case 3: return .string(string())
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { members[key()] = value(depth: depth + 1) }
            return .object(members)
        }
    }

    mutating func integer() -> Int64 {
        let max = CanonicalJSON.maxSafeInteger
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return Int64.random(in: -20...20, using: &rng)
        case 1: return [0, 1, -1, 9, 10, 99, 100, max, -max, max - 1, -max + 1].randomElement(using: &rng) ?? 0
        default: return Int64.random(in: -max...max, using: &rng)
        }
    }

    mutating func string() -> String {
        var result = ""
        for _ in 0..<Int.random(in: 0...10, using: &rng) {
            if Bool.random(using: &rng) {
                result.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng)))
            } else {
                result += Self.specialPieces.randomElement(using: &rng) ?? ""
            }
        }
        return result
    }

    mutating func key() -> String {
        String(
            decoding: (0..<Int.random(in: 0...6, using: &rng)).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) },
            as: UTF8.self)
    }

    /// The same value written the way a careless producer might: random whitespace, keys in
    /// random order, and characters escaped needlessly (`\/`, `\u00e9`, uppercase hex, pairs).
    mutating func relaxedText(_ value: JSONValue) -> String {
        let space = [" ", "\n", "\t", "\r\n  ", "", "", ""].randomElement(using: &rng) ?? ""
        switch value {
        case .null: return space + "null"
        case let .bool(flag): return space + (flag ? "true" : "false")
        case let .integer(number): return space + String(number)
        case let .string(string): return space + relaxedString(string)
        case let .array(elements):
            return space + "[" + elements.map { relaxedText($0) + space }.joined(separator: ",") + "]"
        case let .object(members):
            let body = members.shuffled(using: &rng).map { relaxedString($0.key) + space + ":" + relaxedText($0.value) }
            return space + "{" + space + body.joined(separator: "," + space) + "}"
        }
    }

    private mutating func relaxedString(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            let escape = Bool.random(using: &rng)
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "/": result += escape ? "\\/" : "/"
            case _ where scalar.value < 0x20 || escape:
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16, uppercase: Bool.random(using: &rng))
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

@Suite("Properties over random values")
struct PropertyTests {
    /// encode → decodeCanonical is the identity, and re-encoding reproduces the bytes.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func canonicalRoundTrip(seed: UInt64) throws {
        var generator = ValueGenerator(rng: SplitMix64(seed: seed))
        for _ in 0..<500 {
            let value = generator.value()
            let bytes = try CanonicalJSON.encode(value)
            let decoded = try CanonicalJSON.decodeCanonical(bytes)
            #expect(decoded == value)
            #expect(try CanonicalJSON.encode(decoded) == bytes)
        }
    }

    /// Any spelling of a value decodes to it; `decodeCanonical` takes only the canonical one
    /// and points at the first byte where another spelling departs from it.
    @Test(arguments: [4, 5, 6] as [UInt64])
    func relaxedSpellingsDecodeButAreNotCanonical(seed: UInt64) throws {
        var generator = ValueGenerator(rng: SplitMix64(seed: seed))
        var differing = 0
        for _ in 0..<400 {
            let value = generator.value()
            let canonical = try CanonicalJSON.encode(value)
            let relaxed = utf8(generator.relaxedText(value))
            #expect(try CanonicalJSON.encode(CanonicalJSON.decode(relaxed)) == canonical, "\(text(relaxed))")
            if relaxed == canonical {
                #expect(try CanonicalJSON.decodeCanonical(relaxed) == value)
            } else {
                differing += 1
                let offset = zip(relaxed, canonical).prefix { $0 == $1 }.count
                #expect(decodeError(relaxed, canonical: true) == .notCanonical(offset: offset), "\(text(relaxed))")
            }
        }
        // Guards the generator itself: most relaxed spellings must really differ.
        #expect(differing > 200)
    }

    /// Corrupted canonical bytes never crash the parser, and whatever `decodeCanonical` still
    /// accepts is exactly the canonical encoding of what it returns.
    @Test func mutatedBytesAreRejectedOrCanonical() throws {
        var generator = ValueGenerator(rng: SplitMix64(seed: 7))
        var rng = SplitMix64(seed: 8)
        var rejected = 0
        for _ in 0..<3000 {
            var bytes = try CanonicalJSON.encode(generator.value())
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.remove(at: position)
            default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: position)
            }
            _ = try? CanonicalJSON.decode(bytes)
            if let accepted = try? CanonicalJSON.decodeCanonical(bytes) {
                #expect(try CanonicalJSON.encode(accepted) == bytes)
            } else {
                rejected += 1
            }
        }
        #expect(rejected > 1500)
    }

    /// The Codable bridge and the JSONValue encoder agree on random trees.
    @Test func codableBridgeAgreesWithDirectEncoding() throws {
        var generator = ValueGenerator(rng: SplitMix64(seed: 9))
        for _ in 0..<300 {
            let value = generator.value()
            #expect(try CanonicalJSONEncoder().encode(value) == CanonicalJSON.encode(value))
            #expect(try CanonicalJSONDecoder().decode(JSONValue.self, from: CanonicalJSON.encode(value)) == value)
        }
    }
}
