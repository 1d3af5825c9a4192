import CoopModel

/// An exact decimal number of votes with a fixed number of decimal places: `units / 10^places`.
///
/// Ranked counts keep every vote, transfer value and keep factor in this form, as their rule
/// sets prescribe (Scottish STV: 5 places, Meek STV: 9 places), never as a floating-point value.
/// The text form is lossless and has exactly `places` digits after the point: `19.68180`,
/// `0.500000001`, `3` (no point when `places` is 0). JSON carries it as that string.
public struct VoteValue: Hashable, Comparable, Sendable, TextCodable {
    public static let textFormHint = "a decimal number such as 19.68180 (digits, a point, digits)"
    /// The most decimal places a value may carry (10^18 still fits in Int64).
    public static let maxPlaces = 18

    /// The value times 10^places.
    public let units: Int64
    /// Digits after the decimal point.
    public let places: Int

    /// `units / 10^places`; `places` is clamped to 0...18.
    public init(units: Int64, places: Int) {
        self.units = units
        self.places = min(max(places, 0), Self.maxPlaces)
    }

    /// The whole number `n` written with `places` decimals (n must fit once scaled).
    public init(whole n: Int64, places: Int) {
        let p = min(max(places, 0), Self.maxPlaces)
        self.init(units: n.multipliedReportingOverflow(by: Self.scale(p)).partialValue, places: p)
    }

    /// Zero with `places` decimals.
    public static func zero(places: Int) -> VoteValue { VoteValue(units: 0, places: places) }

    /// 10^places.
    public static func scale(_ places: Int) -> Int64 {
        var s: Int64 = 1
        for _ in 0..<min(max(places, 0), maxPlaces) { s *= 10 }
        return s
    }

    /// Parses `123`, `0.42424`, `-1.5`: optional minus, digits, optionally a point and 1-18 digits.
    public init?(_ text: String) {
        var body = Substring(text)
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (1...Self.maxPlaces).contains(fraction.count),
            fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
            let w = Int64(whole)
        else { return nil }
        let p = fraction.count
        let (scaled, o1) = w.multipliedReportingOverflow(by: Self.scale(p))
        let (sum, o2) = scaled.addingReportingOverflow(Int64(fraction) ?? 0)
        guard !o1, !o2 else { return nil }
        self.init(units: negative ? -sum : sum, places: p)
    }

    /// Exactly `places` digits after the point.
    public var description: String {
        let magnitude = units.magnitude
        let sign = units < 0 ? "-" : ""
        guard places > 0 else { return sign + String(magnitude) }
        let s = UInt64(Self.scale(places))
        let fraction = String(magnitude % s)
        return sign + String(magnitude / s) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// Numeric order; equal numbers written with different places order by places (so `<`
    /// agrees with `==`, which compares units and places).
    public static func < (lhs: VoteValue, rhs: VoteValue) -> Bool {
        let p = max(lhs.places, rhs.places)
        let l = Int128(lhs.units) * Int128(scale(p - lhs.places))
        let r = Int128(rhs.units) * Int128(scale(p - rhs.places))
        return l != r ? l < r : lhs.places < rhs.places
    }
}
