/// A member's identifier: `m` followed by a positive decimal number (`m1`, `m2`, ...).
///
/// Numbers are assigned in admission order and never reused, so an id names the same person for
/// the life of the ledger, across key rotations.
public struct MemberID: Hashable, Comparable, Sendable, TextCodable {
    public static let textFormHint = "a member id (m1, m2, ...)"

    /// The member's number (1 for the founder).
    public let number: Int64

    /// Wraps a member number; nil when it is not positive.
    public init?(number: Int64) {
        guard number > 0 else { return nil }
        self.number = number
    }

    /// Parses `m<number>`; nil for anything else (no leading zeros, no sign, no spaces).
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8.count <= 19, utf8[0] == UInt8(ascii: "m"),
            utf8[1] != UInt8(ascii: "0"),
            utf8.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let n = Int64(String(decoding: utf8.dropFirst(), as: UTF8.self))
        else { return nil }
        self.number = n
    }

    public var description: String { "m\(number)" }

    public static func < (lhs: MemberID, rhs: MemberID) -> Bool { lhs.number < rhs.number }
}

/// Lets `[MemberID: T]` encode as an object keyed by member id (`{"m1": ...}`), which canonical
/// JSON sorts, so registers serialize deterministically.
extension MemberID: CodingKeyRepresentable {
    public var codingKey: any CodingKey { MemberIDCodingKey(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) {
        self.init(codingKey.stringValue)
    }
}

private struct MemberIDCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
