/// A UTC instant with one-second precision, written `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, the one
/// form the ledger accepts, so every instant has exactly one text).
public struct Timestamp: Hashable, Comparable, Sendable, TextCodable {
    public static let textFormHint = "a UTC time YYYY-MM-DDTHH:MM:SSZ"

    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// Parses the strict form; nil for anything else (no offsets, no fractions, years 1970-9999).
    public init?(_ text: String) {
        var text = text
        guard let time = text.withUTF8({ Timestamp(utf8: $0) }) else { return nil }
        self = time
    }

    /// Parses the strict form from its UTF-8 bytes (a verifier reads every statement's time
    /// this way, with no `String` made).
    public init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z"),
            let year = Self.number(b[0..<4]), let month = Self.number(b[5..<7]), let day = Self.number(b[8..<10]),
            let hour = Self.number(b[11..<13]), let minute = Self.number(b[14..<16]),
            let second = Self.number(b[17..<19]),
            year >= 1970, (1...12).contains(month), hour < 24, minute < 60, second < 60,
            day >= 1, day <= CivilDate.daysIn(year: year, month: month)
        else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        secondsSinceEpoch = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public var description: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let rest = Int(secondsSinceEpoch - days * 86_400)
        let date = CivilDate(daysSinceEpoch: days)
        // Written into one buffer: every entry composed carries its time, and joining seven
        // strings was a twentieth of the writing thread's work in a bulk append.
        guard (0...9999).contains(date.year) else {
            return date.description + "T" + Self.pad(rest / 3600) + ":" + Self.pad(rest % 3600 / 60) + ":" + Self.pad(rest % 60) + "Z"
        }
        return String(unsafeUninitializedCapacity: 20) { text in
            Self.write(date.year, width: 4, to: text, at: 0)
            text[4] = UInt8(ascii: "-")
            Self.write(date.month, width: 2, to: text, at: 5)
            text[7] = UInt8(ascii: "-")
            Self.write(date.day, width: 2, to: text, at: 8)
            text[10] = UInt8(ascii: "T")
            Self.write(rest / 3600, width: 2, to: text, at: 11)
            text[13] = UInt8(ascii: ":")
            Self.write(rest % 3600 / 60, width: 2, to: text, at: 14)
            text[16] = UInt8(ascii: ":")
            Self.write(rest % 60, width: 2, to: text, at: 17)
            text[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// Writes `n` (0 ≤ n < 10^width) as `width` decimal digits, zero-padded, at `offset`.
    static func write(_ n: Int, width: Int, to text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var n = n
        for position in (offset..<offset + width).reversed() {
            text[position] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
        }
    }

    /// The calendar date (UTC) of this instant.
    public var date: CivilDate {
        CivilDate(daysSinceEpoch: secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    static func number(_ digits: some Collection<UInt8>) -> Int? {
        var n = 0
        for d in digits {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(d - UInt8(ascii: "0"))
        }
        return n
    }

    static func pad(_ n: Int, width: Int = 2) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
