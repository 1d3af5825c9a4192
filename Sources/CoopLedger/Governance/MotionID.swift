import CoopModel

/// A motion's identifier: `M` followed by a positive decimal number (`M1`, `M2`, ...), assigned
/// in proposal order and never reused. Upper-case `M` keeps motions apart from members (`m1`)
/// when both appear in one command line.
public struct MotionID: Hashable, Comparable, Sendable, TextCodable, CodingKeyRepresentable {
    public static let textFormHint = "a motion id (M1, M2, ...)"

    public let number: Int64

    public init?(number: Int64) {
        guard number > 0 else { return nil }
        self.number = number
    }

    /// The id for a counter that starts at 1 and only grows (clamped, so it never fails).
    init(counter: Int64) { number = max(1, counter) }

    /// Parses `M<number>` (no leading zeros, no sign, no spaces).
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8.count <= 19, utf8[0] == UInt8(ascii: "M"), utf8[1] != UInt8(ascii: "0"),
            utf8.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let n = Int64(String(decoding: utf8.dropFirst(), as: UTF8.self))
        else { return nil }
        number = n
    }

    public var description: String { "M\(number)" }

    public static func < (lhs: MotionID, rhs: MotionID) -> Bool { lhs.number < rhs.number }

    public var codingKey: any CodingKey { MotionIDCodingKey(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }
}

private struct MotionIDCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
