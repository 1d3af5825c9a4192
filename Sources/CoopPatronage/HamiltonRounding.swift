/// Largest-remainder (Hamilton) apportionment of whole cents.
///
/// Each share gets ⌊quota⌋; the cents left over go one each to the largest remainders, ties to
/// the larger weight, then to the earlier position (callers order positions by member id or by
/// rules order). So the parts sum exactly to the total and each is ⌊quota⌋ or ⌈quota⌉.
enum HamiltonRounding {
    /// A share that may receive a leftover cent: its remainder (as two halves, so the struct
    /// packs into 24 bytes for a million members) and its position. Its weight is looked up
    /// only to break a tie.
    struct Candidate {
        var high: UInt64
        var low: UInt64
        var index: Int

        init(remainder: Int128, index: Int) {
            let r = UInt128(remainder)
            high = UInt64(truncatingIfNeeded: r >> 64)
            low = UInt64(truncatingIfNeeded: r)
            self.index = index
        }
    }

    /// The strict order leftover cents follow: larger remainder, larger weight, lower position.
    struct Ranking {
        let weights: UnsafeBufferPointer<Int128>

        @inline(__always)
        func outranks(_ a: Candidate, _ b: Candidate) -> Bool {
            if a.high != b.high { return a.high > b.high }
            if a.low != b.low { return a.low > b.low }
            let (wa, wb) = (weights[a.index], weights[b.index])
            if wa != wb { return wa > wb }
            return a.index < b.index
        }
    }

    /// Splits `total` (≥ 0) into parts proportional to `weights`, which are non-negative and sum
    /// to `denominator` (> 0). The caller guarantees total × denominator fits `Int128`
    /// (`ExactWeights.checkScale`), which bounds every product here.
    static func apportion(_ total: Int64, weights: [Int128], denominator: Int128) -> [Int64] {
        var parts = [Int64](repeating: 0, count: weights.count)
        weights.withUnsafeBufferPointer { w in
            parts.withUnsafeMutableBufferPointer { out in
                apportion(total, weights: w, denominator: denominator, into: out)
            }
        }
        return parts
    }

    /// `apportion` into a buffer of `weights.count` parts.
    static func apportion(
        _ total: Int64, weights w: UnsafeBufferPointer<Int128>, denominator: Int128,
        into out: UnsafeMutableBufferPointer<Int64>
    ) {
        var candidates: [Candidate] = []
        candidates.reserveCapacity(w.count)
        var given: Int64 = 0
        let t = Int128(total)
        let divisor = Divisor(denominator)
        for i in 0..<w.count {
            guard w[i] > 0 else {
                out[i] = 0
                continue
            }
            let (q, r) = divisor.divide(t * w[i])
            out[i] = q
            given += q
            if r > 0 { candidates.append(Candidate(remainder: r, index: i)) }
        }
        // Σ quotas == total, so the leftover is below the number of nonzero remainders.
        let leftover = Int(total - given)
        if leftover > 0 {
            selectTop(&candidates, count: leftover, ranking: Ranking(weights: w))
            for c in candidates[0..<leftover] { out[c.index] += 1 }
        }
    }

    /// Reorders `items` so its first `count` elements are the `count` that outrank all others
    /// (in no particular order). Quickselect, expected linear: only the winners matter, not
    /// their order. The order is strict, so the winners do not depend on the algorithm; after
    /// too many rounds (adversarial data) it sorts the remaining range, bounding the worst case.
    static func selectTop(_ items: inout [Candidate], count k: Int, ranking: Ranking) {
        items.withUnsafeMutableBufferPointer { buffer in
            var lo = 0
            var hi = buffer.count
            var rounds = 0
            let budget = 2 * (Int.bitWidth - buffer.count.leadingZeroBitCount) + 16
            while lo < k, k < hi, hi - lo > 1 {
                rounds += 1
                if rounds > budget {
                    buffer[lo..<hi].sort(by: ranking.outranks)
                    return
                }
                let p = partition(buffer, lo, hi, ranking)
                if p == k { return }
                if p > k { hi = p } else { lo = p + 1 }
            }
        }
    }

    /// Lomuto partition of `buffer[lo..<hi]` around a median-of-three pivot; returns the pivot's
    /// final position: everything before it outranks it, everything after does not.
    private static func partition(
        _ buffer: UnsafeMutableBufferPointer<Candidate>, _ lo: Int, _ hi: Int,
        _ ranking: Ranking
    ) -> Int {
        let last = hi - 1
        let mid = lo + (hi - lo) / 2
        // Put the median of lo, mid, last at `last`.
        if ranking.outranks(buffer[mid], buffer[lo]) { buffer.swapAt(mid, lo) }
        if ranking.outranks(buffer[last], buffer[lo]) { buffer.swapAt(last, lo) }
        if ranking.outranks(buffer[mid], buffer[last]) { buffer.swapAt(mid, last) }
        let pivot = buffer[last]
        var store = lo
        for i in lo..<last where ranking.outranks(buffer[i], pivot) {
            buffer.swapAt(i, store)
            store += 1
        }
        buffer.swapAt(store, last)
        return store
    }
}

/// Exact division of a non-negative `Int128` by a fixed positive divisor, for quotients below
/// 2^62 (they are at most the amount being shared, < 10^15 < 2^50). Returns the quotient and
/// the remainder, using one hardware 128-by-64 division instead of the generic 128-bit routine.
///
/// A divisor wider than 64 bits is cut to its top 64 bits `t` (shift `s`); ⌊(n ≫ s) / t⌋
/// overestimates the quotient by less than (n/D)/t < 2^50/2^63 < 1, so it is the quotient or
/// one more, and the exact remainder n − q·D settles which.
struct Divisor {
    let value: Int128
    private let top: UInt64
    private let shift: Int

    init(_ value: Int128) {
        self.value = value
        shift = max(0, (Int128.bitWidth - value.leadingZeroBitCount) - 64)
        top = UInt64(truncatingIfNeeded: value >> shift)
    }

    @inline(__always)
    func divide(_ n: Int128) -> (quotient: Int64, remainder: Int128) {
        let m = UInt128(n) >> shift
        let (estimate, rest) = top.dividingFullWidth((high: UInt64(truncatingIfNeeded: m >> 64), low: UInt64(truncatingIfNeeded: m)))
        if shift == 0 { return (Int64(truncatingIfNeeded: estimate), Int128(rest)) }
        var q = Int128(estimate)
        var r = n - q * value
        if r < 0 {
            q -= 1
            r += value
        }
        return (Int64(truncatingIfNeeded: q), r)
    }
}
