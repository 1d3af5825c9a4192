import CoopCrypto
import Testing

/// RFC 9496 Appendix A as stored in `Vectors/rfc9496-ristretto255.json`.
struct RFC9496Vectors: Decodable, Sendable {
    struct Multiple: Decodable, Sendable {
        let k: UInt64
        let encoding: String
    }
    struct Invalid: Decodable, Sendable, CustomTestStringConvertible {
        let reason: String
        let encoding: String
        var testDescription: String { "\(reason): \(encoding.prefix(16))…" }
    }
    struct FromHash: Decodable, Sendable {
        let input: String
        let output: String
    }
    enum CodingKeys: String, CodingKey { case multiples, invalid, fromHash = "from_hash" }

    let multiples: [Multiple]
    let invalid: [Invalid]
    let fromHash: [FromHash]

    static func load() throws -> RFC9496Vectors { try loadVectors("rfc9496-ristretto255") }
}

@Suite("ristretto255, RFC 9496 Appendix A")
struct Ristretto255RFC9496Tests {
    @Test func allVectorsArePresent() throws {
        let vectors = try RFC9496Vectors.load()
        #expect(vectors.multiples.map(\.k) == Array(0...15))
        #expect(vectors.invalid.count == 29)
        #expect(vectors.fromHash.count == 7)
    }

    @Test func multiplesOfTheGeneratorByMultiplicationAndByAddition() throws {
        var sum = Ristretto255.Element.identity
        for vector in try RFC9496Vectors.load().multiples {
            let expected = try bytes(hex: vector.encoding)
            #expect(Ristretto255.Element.generatorMultiple(Ristretto255.Scalar(vector.k)).bytes == expected, "\(vector.k)·B")
            #expect((Ristretto255.Scalar(vector.k) * Ristretto255.Element.generator).bytes == expected, "\(vector.k)·B by scalarmult")
            #expect(sum.bytes == expected, "B added \(vector.k) times")
            let decoded = try Ristretto255.Element(encoding: expected)
            #expect(decoded == sum)
            sum = sum + .generator
        }
    }

    @Test(arguments: try RFC9496Vectors.load().invalid)
    func invalidEncodingsAreRefused(_ vector: RFC9496Vectors.Invalid) throws {
        let raw = try bytes(hex: vector.encoding)
        #expect(throws: Ristretto255Error.invalidElement) { try Ristretto255.Element(encoding: raw) }
        #expect(throws: (any Error).self) { try Ristretto255.Element(base64: Base64.encode(raw)) }
    }

    @Test func elementsFromHashes() throws {
        for vector in try RFC9496Vectors.load().fromHash {
            let element = try Ristretto255.Element(uniformBytes: SHA512.hash(Array(vector.input.utf8)))
            #expect(element.bytes == (try bytes(hex: vector.output)), "\(vector.input)")
        }
    }
}
