import CoopCrypto
import CoopGovernance
import Foundation
import Testing

/// The result is data the ledger hashes: snake_case keys, no floating point, no prose.
@Suite("Ranked results as data")
struct RankedResultCodingTests {
    func results() throws -> [RankedResult] {
        let e = try BLT.read(GPUS2005.blt)
        return try [
            RankedCount.count(candidates: e.candidates, ballots: e.ballots, method: .scottishSTV(seats: 4), seed: drawSeed()),
            RankedCount.count(candidates: e.candidates, ballots: e.ballots, method: .meekSTV(seats: 4), seed: drawSeed()),
            rankedCount(["A", "B"], [(3, "A"), (3, "B"), (1, "")], .instantRunoff),
        ]
    }

    @Test func encodesAndDecodesLosslessly() throws {
        for r in try results() {
            #expect(try JSONDecoder().decode(RankedResult.self, from: JSONEncoder().encode(r)) == r)
        }
    }

    /// Walks the JSON: every number is an integer, every key snake_case, and every string is a
    /// candidate name, a decimal value, a hex hash or one of the fixed codes, never a sentence.
    @Test func holdsNoFloatingPointAndNoProse() throws {
        let codes: Set<String> = [
            "irv", "scottish-stv", "meek-stv", "first-preferences", "surplus", "exclusion", "meek", "final",
            "continuing", "elected", "excluded", "surplus-order", "election-order", "earlier-round", "draw",
        ]
        for r in try results() {
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(r))
            var strings = 0
            func walk(_ value: Any, _ path: String) {
                switch value {
                case let object as [String: Any]:
                    for (key, inner) in object {
                        #expect(key == key.lowercased() && !key.contains("-"), "\(path).\(key)")
                        walk(inner, path + "." + key)
                    }
                case let array as [Any]:
                    for (i, inner) in array.enumerated() { walk(inner, "\(path)[\(i)]") }
                case let text as String:
                    strings += 1
                    let known =
                        r.candidates.contains(text) || codes.contains(text) || VoteValue(text) != nil
                        || (text.count == 64 && text.allSatisfy(\.isHexDigit))
                    #expect(known, "\(path): \(text)")
                case let number as NSNumber:
                    #expect(number.doubleValue == number.doubleValue.rounded(), "\(path) is not an integer")
                default:
                    break
                }
            }
            walk(json, "$")
            #expect(strings > 20)
            let text = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
            for key in ["\"valid_ballots\"", "\"vacant_seats\"", "\"loss_to_fractions\"", "\"tie_breaks\"", "\"seed_hex\""] {
                #expect(text.contains(key))
            }
        }
    }

    /// The English rendering says which rule decided each tie, with the draw's hashes.
    @Test func explanationNamesTheRuleThatDecidedEachTie() throws {
        let seed = drawSeed("explain")
        let r = try rankedCount(["A", "B"], [(3, "A"), (3, "B")], .instantRunoff, seed: seed)
        let lines = RankedExplanation.lines(for: r)
        let order = lotOrder(["A", "B"], seed: seed)
        let tie = try #require(lines.first { $0.contains("tie for exclusion") })
        #expect(tie.contains("drawn by ascending SHA-256(seed ‖ name)"))
        #expect(tie.contains(order[0] + " " + SHA256Hex.of(seed, order[0])))
        #expect(tie.hasSuffix("last in lot order excluded: " + order[1]))
        #expect(lines.contains("quota: 4.00000 = floor(6 / (1 + 1)) + 1 (rule 46)"))
        #expect(lines.contains("draw seed (SHA-256 of the motion's open entry): " + r.seedHex))
        #expect(lines.last == "result: elected " + order[0])

        // The earlier-round tie of InstantRunoffTests: C had fewer votes at round 1.
        let earlier = try rankedCount(["A", "B", "C", "D"], [(6, "A"), (4, "B C"), (3, "C B"), (1, "D C B")], .instantRunoff)
        #expect(
            RankedExplanation.lines(for: earlier).contains(
                "  tie for exclusion: B 4.00000, C 4.00000; fewest votes at round 1: C → excluded: C"))
    }
}

enum SHA256Hex {
    static func of(_ seed: [UInt8], _ name: String) -> String { SHA256.hash(seed + Array(name.utf8)).hex }
}

extension SHA256Hex {
    /// Bytes of a hex string (test input only).
    static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex) ?? [] }
}
