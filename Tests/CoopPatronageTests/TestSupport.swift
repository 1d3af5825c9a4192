import CoopModel
import CoopPatronage

/// Member `m<n>`.
func id(_ n: Int64) -> MemberID { MemberID(number: n)! }

func member(_ n: Int64, _ quantities: [String: Int64], qualified: Bool = true) -> PatronageInput {
    PatronageInput(member: id(n), quantities: quantities, qualified: qualified)
}

func ratio(_ text: String) -> Ratio { Ratio(text)! }

func cents(_ c: Int64) -> Money { Money(cents: c) }

/// Rules from `(name, weight)` pairs; units are not used by the arithmetic.
func rules(
    _ measures: [(String, String)], reserve: String = "0%", cash: String = "20%",
    minimum: Money = .zero, loss: LossPolicy = .reserve
) -> PatronageRules {
    PatronageRules(
        measures: measures.map { PatronageMeasureRule(name: $0.0, weight: ratio($0.1), unit: "units") },
        reserve: ratio(reserve), cashPercent: ratio(cash), minimumAllocation: minimum, lossPolicy: loss)
}

/// The test's own seeded generator (xorshift64*), independent of the module's.
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9 : seed }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// Uniform-enough integer in `range` (the tiny modulo bias is irrelevant here).
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(next() % UInt64(i + 1)))
        }
    }
}

/// A member's exact weight computed the plain way, independently of the module: Σₖ aₖ·qₖ/(bₖ·Qₖ)
/// over the product denominator Πₖ bₖ·Qₖ (no lcm, no reduction). Every member of one case shares
/// `denominator`, so numerators and remainders compare directly.
struct PlainWeights {
    let denominator: Int128
    let numerators: [MemberID: Int128]
    /// Per member, per measure: that factor's contribution over `denominator`.
    let contributions: [MemberID: [Int128]]

    init(rules: PatronageRules, inputs: [PatronageInput]) {
        let names = rules.measures.map(\.name)
        let totals = names.map { name in inputs.reduce(Int128(0)) { $0 + Int128($1.quantities[name] ?? 0) } }
        let bottoms = zip(rules.measures, totals).map { Int128($0.weight.denominator) * $1 }
        let denominator = bottoms.reduce(Int128(1), *)
        var numerators: [MemberID: Int128] = [:]
        var contributions: [MemberID: [Int128]] = [:]
        for input in inputs {
            let parts = names.indices.map { k -> Int128 in
                Int128(rules.measures[k].weight.numerator) * Int128(input.quantities[names[k]] ?? 0) * (denominator / bottoms[k])
            }
            contributions[input.member] = parts
            numerators[input.member] = parts.reduce(0, +)
        }
        self.denominator = denominator
        self.numerators = numerators
        self.contributions = contributions
    }
}
