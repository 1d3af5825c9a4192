import CoopModel

/// Dates Subchapter T sets for a fiscal year's patronage.
public enum PatronageDeadlines {
    /// The end of the payment period: the 15th day of the 9th month after the month the fiscal
    /// year ends (IRC §1382(d)). Cash, qualified notices and redemptions paid by then count for
    /// the year (2026-12-31 → 2027-09-15; 2026-06-30 → 2027-03-15).
    public static func paymentPeriodEnd(fiscalYearEnd: CivilDate) -> CivilDate {
        let month = YearMonth(fiscalYearEnd).advanced(by: 9)
        return CivilDate(year: month.year, month: month.month, day: 15)
    }
}
