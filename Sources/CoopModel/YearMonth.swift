/// A calendar month, written `YYYY-MM`: the period dues accrue for.
public struct YearMonth: Hashable, Comparable, Sendable, TextCodable, Strideable {
    public static let textFormHint = "a month YYYY-MM"

    public let year: Int
    public let month: Int

    /// A month from valid parts (month 1...12).
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public init(_ date: CivilDate) { self.init(year: date.year, month: date.month) }

    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 7, b[4] == UInt8(ascii: "-"), let y = Timestamp.number(b[0..<4]),
            let m = Timestamp.number(b[5..<7]), y >= 1, (1...12).contains(m)
        else { return nil }
        self.init(year: y, month: m)
    }

    /// Months since year 0, for arithmetic.
    var ordinal: Int { year * 12 + (month - 1) }

    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1) }
    public var lastDay: CivilDate { CivilDate(year: year, month: month, day: CivilDate.daysIn(year: year, month: month)) }

    public var description: String { Timestamp.pad(year, width: 4) + "-" + Timestamp.pad(month) }

    public func distance(to other: YearMonth) -> Int { other.ordinal - ordinal }

    public func advanced(by n: Int) -> YearMonth {
        let o = ordinal + n
        return YearMonth(year: o / 12, month: o % 12 + 1)
    }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.ordinal < rhs.ordinal }
}
