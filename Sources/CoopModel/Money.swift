/// An amount of US dollars as a whole number of cents. Never a floating-point value.
///
/// Text form: an optional `-`, dollars, and optionally `.` with exactly two cent digits
/// (`17`, `17.00`, `-0.05`); `$` and thousands separators are refused so that what a person
/// types is unambiguous. Encoded (JSON, ledger bodies) as the integer number of cents.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in cents.
    public let cents: Int64

    /// The largest magnitude accepted from text or entries: $10^13, far beyond any cooperative's
    /// books and far below `Int64.max`, so sums of millions of amounts cannot overflow.
    public static let limit: Int64 = 1_000_000_000_000_000

    public static let zero = Money(cents: 0)

    public init(cents: Int64) { self.cents = cents }

    /// Parses the text form; nil for anything else (three decimals, `1.5`, `$17`, `1,000`, `+5`).
    public init?(_ text: String) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 13,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }), let dollars = Int64(whole)
        else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard fraction.count == 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                let c = Int64(fraction)
            else { return nil }
            cents = c
        }
        let total = dollars * 100 + cents
        guard total < Self.limit else { return nil }
        self.cents = negative ? -total : total
    }

    /// `17.00`, `-0.05`: the text form, always with two cent digits.
    public var description: String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// `$17.00`, `-$0.05`: for people.
    public var dollars: String { cents < 0 ? "-$" + String(description.dropFirst()) : "$" + description }

    public init(from decoder: any Decoder) throws {
        let cents = try decoder.singleValueContainer().decode(Int64.self)
        guard cents.magnitude < Self.limit else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "amount out of range: \(cents) cents"))
        }
        self.cents = cents
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(cents)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    public static prefix func - (value: Money) -> Money { Money(cents: -value.cents) }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }
    public static func * (lhs: Money, rhs: Int64) -> Money { Money(cents: lhs.cents * rhs) }
}

extension Sequence where Element == Money {
    /// The exact sum.
    public func sum() -> Money { reduce(.zero, +) }
}
