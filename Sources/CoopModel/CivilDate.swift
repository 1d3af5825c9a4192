/// A proleptic Gregorian calendar date, written `YYYY-MM-DD`.
public struct CivilDate: Hashable, Comparable, Sendable, TextCodable {
    public static let textFormHint = "a date YYYY-MM-DD"

    public let year: Int
    public let month: Int
    public let day: Int

    /// A date from its parts; callers validate with `init?(_:)` when the parts come from input.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = Timestamp.number(b[0..<4]), let m = Timestamp.number(b[5..<7]),
            let d = Timestamp.number(b[8..<10]),
            y >= 1, (1...12).contains(m), d >= 1, d <= Self.daysIn(year: y, month: m)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil_from_days).
    public init(daysSinceEpoch days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), month: Int(m), day: Int(d))
    }

    /// Days since 1970-01-01 (days_from_civil).
    public var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return Timestamp.pad(year, width: 4) + "-" + Timestamp.pad(month) + "-" + Timestamp.pad(day)
        }
        // Into one buffer, as `Timestamp` does (dates are in every snapshot many times over).
        return String(unsafeUninitializedCapacity: 10) { text in
            Timestamp.write(year, width: 4, to: text, at: 0)
            text[4] = UInt8(ascii: "-")
            Timestamp.write(month, width: 2, to: text, at: 5)
            text[7] = UInt8(ascii: "-")
            Timestamp.write(day, width: 2, to: text, at: 8)
            return 10
        }
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
