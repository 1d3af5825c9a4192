/// An exact non-negative rational number `numerator/denominator`, for rules such as "two-thirds",
/// "a fifth of the electorate", "60% of revenue", "10% to the reserve". Never a floating-point value.
///
/// Text forms: `2/3`, `60%`, `12.5%` (up to two decimals), `1`, `0`. Stored reduced to lowest
/// terms, so equal ratios compare equal; comparisons and arithmetic use 128-bit products.
public struct Ratio: Hashable, Comparable, Sendable, TextCodable {
    public static let textFormHint = "a fraction such as 2/3, a percentage such as 60% or 12.5%, or a whole number"

    public let numerator: Int64
    public let denominator: Int64

    public static let zero = Ratio(lowestTerms: 0, 1)
    public static let one = Ratio(lowestTerms: 1, 1)

    private init(lowestTerms n: Int64, _ d: Int64) {
        numerator = n
        denominator = d
    }

    /// `n/d` in lowest terms; nil when `n` is negative or `d` is not positive.
    public init?(reducing n: Int64, _ d: Int64) {
        guard n >= 0, d > 0 else { return nil }
        let g = Self.gcd(n, d)
        numerator = n / g
        denominator = d / g
    }

    public init?(_ text: String) {
        if text.hasSuffix("%") {
            let body = text.dropLast()
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 6,
                whole.allSatisfy({ $0.isASCII && $0.isNumber }), let w = Int64(whole)
            else { return nil }
            var scaled = w * 100
            if parts.count == 2 {
                let f = parts[1]
                guard (1...2).contains(f.count), f.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(f) else { return nil }
                scaled += f.count == 1 ? v * 10 : v
            }
            self.init(reducing: scaled, 10_000)
            return
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 12 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let n = Int64(parts[0]), let d = parts.count == 2 ? Int64(parts[1]) : 1
        else { return nil }
        self.init(reducing: n, d)
    }

    /// `2/3`, `1/5`, `3/5`, `1`: lowest terms.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// `66.67%`-style text is deliberately absent: percentages are for input only, the exact
    /// fraction is what is shown.
    public static func < (lhs: Ratio, rhs: Ratio) -> Bool {
        Int128(lhs.numerator) * Int128(rhs.denominator) < Int128(rhs.numerator) * Int128(lhs.denominator)
    }

    /// ⌈self × count⌉: the smallest whole number not below this fraction of `count`
    /// (e.g. a quorum of 1/5 of 41 members is 9).
    public func ceiling(of count: Int64) -> Int64 {
        let product = Int128(numerator) * Int128(count)
        let d = Int128(denominator)
        return Int64((product + d - 1) / d)
    }

    /// ⌊self × count⌋.
    public func floor(of count: Int64) -> Int64 {
        Int64(Int128(numerator) * Int128(count) / Int128(denominator))
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }
}
