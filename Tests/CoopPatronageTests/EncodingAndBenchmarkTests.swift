import CoopModel
import CoopPatronage
import Foundation
import Testing

/// The result's encoding is deterministic and round-trips; the benchmark runs.
@Suite("Encoding and benchmark")
struct EncodingAndBenchmarkTests {
    let rules2 = rules([("purchases", "60%"), ("hours", "40%")], reserve: "10%", minimum: cents(50))

    func encode(_ value: PatronageAllocation) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    @Test func encodingIsTheSameWhateverTheInputOrder() throws {
        var random = TestRandom(seed: 3)
        var inputs = (1...40).map {
            member(
                $0, ["purchases": random.int(0...9000), "hours": random.int(0...40)],
                qualified: random.chance(70))
        }
        let first = try encode(PatronageAllocator.allocate(rules: rules2, surplus: cents(123_457), members: inputs))
        random.shuffle(&inputs)
        let second = try encode(PatronageAllocator.allocate(rules: rules2, surplus: cents(123_457), members: inputs))
        #expect(first == second)
        // Amounts are integer cents; ratios are their exact text; members come sorted.
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.contains("\"reserve\":\"1/10\"") && text.contains("\"cash\":\"1/5\""))
        #expect(!text.contains("."))
        #expect(text.range(of: "\"member\":\"m1\"")!.lowerBound < text.range(of: "\"member\":\"m2\"")!.lowerBound)
    }

    @Test func resultsRoundTrip() throws {
        for surplus in [cents(98_765), cents(-4321)] {
            let r = try PatronageAllocator.allocate(
                rules: rules([("purchases", "60%"), ("hours", "40%")], loss: .capitalAccounts), surplus: surplus,
                carriedLoss: cents(10), members: [member(1, ["purchases": 3, "hours": 1]), member(2, ["purchases": 1, "hours": 2])])
            let decoded = try JSONDecoder().decode(PatronageAllocation.self, from: encode(r))
            #expect(decoded == r && decoded.reconciles)
        }
    }

    @Test func inconsistentRowsAreRefusedWhenDecoding() throws {
        let r = try PatronageAllocator.allocate(
            rules: rules2, surplus: cents(10_000),
            members: [member(1, ["purchases": 3, "hours": 1]), member(2, ["hours": 5])])
        let text = String(decoding: try encode(r), as: UTF8.self)
        let retained = "\"retained\":\(r.members[0].retained.cents)"
        #expect(text.contains(retained))
        let tampered = text.replacingOccurrences(of: retained, with: "\"retained\":1")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PatronageAllocation.self, from: Data(tampered.utf8)) }
    }
}
