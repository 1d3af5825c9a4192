/// Overflow-checked 128-bit helpers: nil instead of a trap, so callers can throw an error that
/// says which figure was too large.
enum ExactMath {
    static func multiply(_ a: Int128, _ b: Int128) -> Int128? {
        let (v, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : v
    }

    static func add(_ a: Int128, _ b: Int128) -> Int128? {
        let (v, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : v
    }

    /// Greatest common divisor of non-negative values; 1 when both are 0, so it can always divide.
    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    /// Least common multiple of positive values, or nil when it does not fit.
    static func lcm(_ a: Int128, _ b: Int128) -> Int128? {
        multiply(a / gcd(a, b), b)
    }
}
