/// Largest-remainder (Hamilton) apportionment of whole cents.
///
/// Each share gets ⌊quota⌋; the cents left over go one each to the largest remainders, ties to
/// the larger weight, then to the earlier position (callers order positions by member id or by
/// rules order). So the parts sum exactly to the total and each is ⌊quota⌋ or ⌈quota⌉.
enum HamiltonRounding {
    /// A share that may receive a leftover cent.
    struct Candidate {
        var remainder: Int128
        var weight: Int128
        var index: Int
    }

    /// The strict order leftover cents follow: larger remainder, larger weight, lower index.
    @inline(__always)
    static func outranks(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.remainder != b.remainder { return a.remainder > b.remainder }
        if a.weight != b.weight { return a.weight > b.weight }
        return a.index < b.index
    }

    /// Splits `total` (≥ 0) into parts proportional to `weights`, which are non-negative and sum
    /// to `denominator` (> 0). The caller guarantees total × denominator fits `Int128`
    /// (`ExactWeights.checkScale`), which bounds every product here.
    static func apportion(_ total: Int64, weights: [Int128], denominator: Int128) -> [Int64] {
        var parts = [Int64](repeating: 0, count: weights.count)
        var candidates: [Candidate] = []
        var given: Int64 = 0
        let t = Int128(total)
        let divisor = Divisor(denominator)
        weights.withUnsafeBufferPointer { w in
            parts.withUnsafeMutableBufferPointer { out in
                for i in 0..<w.count where w[i] > 0 {
                    let (q, r) = divisor.divide(t * w[i])
                    out[i] = q
                    given += q
                    if r > 0 { candidates.append(Candidate(remainder: r, weight: w[i], index: i)) }
                }
            }
        }
        // Σ quotas == total, so the leftover is < the number of nonzero remainders.
        let leftover = Int(total - given)
        if leftover > 0 {
            selectTop(&candidates, count: leftover)
            for c in candidates[0..<leftover] { parts[c.index] += 1 }
        }
        return parts
    }

    /// Reorders `items` so its first `count` elements are the `count` that outrank all others
    /// (in no particular order). Quickselect, expected linear: only the winners matter, not
    /// their order. The order is strict, so the winners do not depend on the algorithm; after
    /// too many rounds (adversarial data) it sorts the remaining range, bounding the worst case.
    static func selectTop(_ items: inout [Candidate], count k: Int) {
        items.withUnsafeMutableBufferPointer { buffer in
            var lo = 0
            var hi = buffer.count
            var rounds = 0
            let budget = 2 * (Int.bitWidth - buffer.count.leadingZeroBitCount) + 16
            while lo < k, k < hi, hi - lo > 1 {
                rounds += 1
                if rounds > budget {
                    buffer[lo..<hi].sort(by: outranks)
                    return
                }
                let p = partition(buffer, lo, hi)
                if p == k { return }
                if p > k { hi = p } else { lo = p + 1 }
            }
        }
    }

    /// Lomuto partition of `buffer[lo..<hi]` around a median-of-three pivot; returns the pivot's
    /// final position: everything before it outranks it, everything after does not.
    private static func partition(_ buffer: UnsafeMutableBufferPointer<Candidate>, _ lo: Int, _ hi: Int) -> Int {
        let last = hi - 1
        let mid = lo + (hi - lo) / 2
        // Put the median of lo, mid, last at `last`.
        if outranks(buffer[mid], buffer[lo]) { buffer.swapAt(mid, lo) }
        if outranks(buffer[last], buffer[lo]) { buffer.swapAt(last, lo) }
        if outranks(buffer[mid], buffer[last]) { buffer.swapAt(mid, last) }
        let pivot = buffer[last]
        var store = lo
        for i in lo..<last where outranks(buffer[i], pivot) {
            buffer.swapAt(i, store)
            store += 1
        }
        buffer.swapAt(store, last)
        return store
    }
}

/// Exact division of a non-negative `Int128` by a fixed positive divisor, returning the quotient
/// (known to fit `Int64`: it is at most the amount being shared) and the remainder. When the
/// divisor fits 64 bits it uses one hardware 128-by-64 division instead of the generic routine.
struct Divisor {
    let value: Int128
    private let small: UInt64?

    init(_ value: Int128) {
        self.value = value
        small = value <= Int128(UInt64.max) ? UInt64(value) : nil
    }

    @inline(__always)
    func divide(_ n: Int128) -> (quotient: Int64, remainder: Int128) {
        if let small {
            let u = UInt128(n)
            let (q, r) = small.dividingFullWidth((high: UInt64(truncatingIfNeeded: u >> 64), low: UInt64(truncatingIfNeeded: u)))
            return (Int64(truncatingIfNeeded: q), Int128(r))
        }
        let (q, r) = n.quotientAndRemainder(dividingBy: value)
        return (Int64(truncatingIfNeeded: q), r)
    }
}
