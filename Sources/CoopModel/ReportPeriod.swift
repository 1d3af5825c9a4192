/// A span of days a report covers, written as hledger writes periods: a year (`2026`), a quarter
/// (`2026Q1`), a month (`2026-03`) or a day (`2026-03-05`); or built from a begin and an end.
/// `begin` is inclusive and `end` exclusive, as in hledger (`2026Q1` is 2026-01-01 up to, not
/// including, 2026-04-01); either may be open.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    /// The first day in the period; nil: from the beginning.
    public let begin: CivilDate?
    /// The first day after the period; nil: to the end.
    public let end: CivilDate?

    /// The forms `init?(_:)` accepts, for help and error texts.
    public static let formsHint = "YYYY, YYYYQ1..YYYYQ4, YYYY-MM or YYYY-MM-DD"

    /// A period from explicit bounds (`end` exclusive); nil when it holds no day.
    public init?(begin: CivilDate?, end: CivilDate?) {
        if let begin, let end, end <= begin { return nil }
        self.begin = begin
        self.end = end
    }

    /// Parses `2026`, `2026Q1` (or `2026q1`), `2026-03` or `2026-03-05`; nil for anything else.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        if b.count == 4, let y = Timestamp.number(b[0..<4]), y >= 1 {
            self.init(unchecked: CivilDate(year: y, month: 1, day: 1), CivilDate(year: y + 1, month: 1, day: 1))
        } else if b.count == 6, b[4] == UInt8(ascii: "Q") || b[4] == UInt8(ascii: "q"), let y = Timestamp.number(b[0..<4]), y >= 1,
            let q = Timestamp.number(b[5..<6]), (1...4).contains(q)
        {
            let first = YearMonth(year: y, month: 3 * q - 2)
            self.init(unchecked: first.firstDay, first.advanced(by: 3).firstDay)
        } else if let month = YearMonth(text) {
            self.init(unchecked: month.firstDay, month.advanced(by: 1).firstDay)
        } else if let day = CivilDate(text) {
            self.init(unchecked: day, day.adding(days: 1))
        } else {
            return nil
        }
    }

    private init(unchecked begin: CivilDate, _ end: CivilDate) {
        self.begin = begin
        self.end = end
    }

    /// The last day in the period (the day before `end`); nil when open-ended.
    public var lastDay: CivilDate? { end.map { $0.adding(days: -1) } }

    /// Whether `date` falls in the period.
    public func contains(_ date: CivilDate) -> Bool {
        (begin.map { date >= $0 } ?? true) && (end.map { date < $0 } ?? true)
    }

    /// Whether any day of `month` falls in the period.
    public func overlaps(_ month: YearMonth) -> Bool {
        (begin.map { month.lastDay >= $0 } ?? true) && (end.map { month.firstDay < $0 } ?? true)
    }

    /// `2026-01-01..2026-03-31` (both days shown inclusive, for people); `..` ends open.
    public var description: String {
        (begin?.description ?? "") + ".." + (lastDay?.description ?? "")
    }
}

extension CivilDate {
    /// The date `days` days later (earlier when negative).
    public func adding(days: Int64) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }
}
