import CoopBylaws
import CoopModel
import CoopPatronage

/// A fiscal year, named by the calendar year it ends in (FY 2026 ends on 2026-12-31, or on
/// 2026-06-30 for a June year end and then starts on 2025-07-01).
public struct FiscalYear: Sendable, Equatable, Codable {
    public let year: Int
    public let start: CivilDate
    public let end: CivilDate

    public init(year: Int, end: MonthDay) {
        self.year = year
        self.end = end.date(in: year)
        start = CivilDate(daysSinceEpoch: end.date(in: year - 1).daysSinceEpoch + 1)
    }

    public func contains(_ date: CivilDate) -> Bool { start <= date && date <= end }

    /// The end of the payment period (IRC §1382(d)): cash and notices for this year are due by then.
    public var paymentPeriodEnd: CivilDate { PatronageDeadlines.paymentPeriodEnd(fiscalYearEnd: end) }
}

extension LedgerState {
    /// Fiscal year `year`, by the year end of the bylaws in force at the start of calendar year
    /// `year` (a change of year end, which makes a short year, is not modelled).
    public func fiscalYear(_ year: Int) throws -> FiscalYear {
        guard (1900...9999).contains(year) else { throw patronageError(.field, field: "year", "\(year) is not a fiscal year (1900-9999)") }
        guard let bylaws = bylaws(on: CivilDate(year: year, month: 1, day: 1)) else {
            throw patronageError(.bylaws, "patronage needs bylaws with machine rules (this ledger has none)")
        }
        return FiscalYear(year: year, end: bylaws.rules.cooperative.fiscalYearEnd)
    }

    /// The fiscal year containing `date`.
    public func fiscalYear(containing date: CivilDate) throws -> FiscalYear {
        let same = try fiscalYear(date.year)
        return date <= same.end ? same : try fiscalYear(date.year + 1)
    }

    /// The bylaws governing `fiscal`'s patronage: those in force at the start of the year (a
    /// pre-existing obligation; an amendment adopted during the year applies from the next one).
    public func patronageBylaws(for fiscal: FiscalYear) throws -> (bylaws: Bylaws, patronage: PatronageBylaws) {
        guard let bylaws = bylaws(on: fiscal.start) else {
            throw patronageError(.bylaws, "patronage needs bylaws with machine rules (this ledger has none)")
        }
        guard let patronage = bylaws.rules.patronage else {
            throw patronageError(
                .bylaws,
                "the bylaws in force on \(fiscal.start), the start of fiscal year \(fiscal.year), have no patronage section: "
                    + "patronage rules apply from the first fiscal year that starts after they are adopted")
        }
        return (bylaws, patronage)
    }

    /// The consent that makes `member`'s notice for `fiscal` qualified, if one covers it
    /// (the earliest recorded).
    public func consentBasis(_ member: MemberID, for fiscal: FiscalYear) -> ConsentBasis? {
        patronage.consents[member]?.first { $0.covers(fiscal) }.map {
            ConsentBasis(method: $0.method, index: $0.index, date: $0.date)
        }
    }

    /// A refusal about patronage, for checks made outside one entry (the CLI); an entry's
    /// handler rethrows it as its own (`DecodedEntry.rethrowing`), keeping the code and field.
    func patronageError(_ code: EntryRefusal.Code, field: String? = nil, _ reason: String) -> LedgerError {
        .invalidBody(index: nil, type: "patronage", reason: reason, code: code, field: field)
    }
}
