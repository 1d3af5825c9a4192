import CoopModel

/// Every member's combined weight wᵢ = Σₖ weightₖ × qᵢₖ / Qₖ as one exact fraction Nᵢ / D over a
/// common denominator D, so the pool is shared in one rounding step (never per factor) and all
/// members' remainders compare as plain integers.
///
/// Each term weightₖ / Qₖ = aₖ / (bₖ·Qₖ) is reduced to aₖ′ / dₖ; D = lcm(dₖ) and the multiplier
/// mₖ = aₖ′ × (D / dₖ), so Nᵢ = Σₖ mₖ × qᵢₖ: one multiply-add per measure per member. Because
/// the weights sum to 1, Σᵢ Nᵢ = D, hence Nᵢ ≤ D and every later product amount × Nᵢ is bounded
/// by amount × D — checked once per allocation instead of per member.
///
/// Limits: D must fit `Int128` (≈1.7 × 10^38) and so must amount × D. For 60/40 weights,
/// 1,000,000 members, purchases totalling 2.5 × 10^13 cents and hours totalling 1.25 × 10^9,
/// D ≤ 5·2.5e13 × 5·1.25e9 ≈ 7.8 × 10^23, so pools up to about 2 × 10^14 cents ($2 trillion)
/// fit. Beyond that `.exceedsExactRange` is thrown, never a wrong or trapping result.
struct ExactWeights {
    /// D.
    let denominator: Int128
    /// mₖ, by measure position.
    let multipliers: [Int128]
    /// Nᵢ, by member row of the table; Σ == D.
    let numerators: [Int128]

    init(weights: [Ratio], table: PatronageTable) throws(PatronageError) {
        let totals = table.totals
        guard totals.contains(where: { $0 > 0 }) else { throw .noPatronage }
        if let empty = totals.firstIndex(of: 0) { throw .zeroTotal(measure: table.measureNames[empty]) }

        var reduced: [(numerator: Int128, denominator: Int128)] = []
        var d: Int128 = 1
        for (k, weight) in weights.enumerated() {
            // bₖ < 2^63 and Qₖ < 10^15 < 2^50, so bₖ·Qₖ < 2^113 cannot overflow.
            let bottom = Int128(weight.denominator) * Int128(totals[k])
            let g = ExactMath.gcd(Int128(weight.numerator), bottom)
            reduced.append((Int128(weight.numerator) / g, bottom / g))
            guard let next = ExactMath.lcm(d, bottom / g) else {
                throw .exceedsExactRange("the common denominator of the measures' weights and totals exceeds 128 bits")
            }
            d = next
        }
        var multipliers: [Int128] = []
        for term in reduced {
            // mₖ·Qₖ = D·weightₖ ≤ D, so this fits whenever D does.
            guard let m = ExactMath.multiply(term.numerator, d / term.denominator) else {
                throw .exceedsExactRange("a measure's multiplier exceeds 128 bits")
            }
            multipliers.append(m)
        }

        let k = multipliers.count
        var numerators = [Int128](repeating: 0, count: table.members.count)
        table.quantities.withUnsafeBufferPointer { q in
            multipliers.withUnsafeBufferPointer { m in
                numerators.withUnsafeMutableBufferPointer { out in
                    // Nᵢ ≤ D and every term is non-negative, so no partial sum can overflow.
                    if k == 2 {
                        let (m0, m1) = (m[0], m[1])
                        for i in 0..<out.count { out[i] = m0 * Int128(q[2 * i]) + m1 * Int128(q[2 * i + 1]) }
                    } else {
                        for i in 0..<out.count {
                            var n: Int128 = 0
                            for j in 0..<k { n += m[j] * Int128(q[i * k + j]) }
                            out[i] = n
                        }
                    }
                }
            }
        }
        self.denominator = d
        self.multipliers = multipliers
        self.numerators = numerators
    }

    /// Throws unless amount × D fits, which bounds every product the rounding forms.
    func checkScale(_ amount: Int64, what: String) throws(PatronageError) {
        guard ExactMath.multiply(Int128(amount), denominator) != nil else {
            throw .exceedsExactRange("\(what) \(Money(cents: amount)) times the weights' common denominator \(denominator) exceeds 128 bits")
        }
    }
}
