import CoopModel

extension LedgerState {
    /// The date a money or membership entry takes effect: its `effective` date (a paper record
    /// entered late), else the date of its ledger time.
    ///
    /// An effective date may not be after the ledger date (nothing takes effect in the future),
    /// nor before the member's admission, nor inside a closed period: on or before the last day
    /// the treasurer closed (`books.close`) or the end of the latest committed patronage year.
    func effectiveDate(_ stated: CivilDate?, for entry: DecodedEntry, member: MemberRecord? = nil) throws -> CivilDate {
        let ledgerDate = entry.time.date
        let date = stated ?? ledgerDate
        let field = stated == nil ? nil : "effective"
        guard date <= ledgerDate else {
            throw entry.refuse(
                .effectiveDate, field: field,
                "\"effective\" \(date) is after this entry's ledger date \(ledgerDate): a record takes effect "
                    + "on or before the day it is entered")
        }
        if let member, date < member.admittedOn {
            throw entry.refuse(
                .effectiveDate, field: field,
                "\"effective\" \(date) is before \(member.id) was admitted (\(member.admittedOn))")
        }
        if let closed = closedPeriod, date <= closed.through {
            throw entry.refuse(
                .closedPeriod, field: field,
                "the books are closed through \(closed.through) (\(closed.why)); nothing may take effect on "
                    + "or before it: record a correction dated after it instead")
        }
        return date
    }

    /// The closed period: the later of the treasurer's `books.close` and the end of the latest
    /// committed patronage year.
    public var closedPeriod: (through: CivilDate, why: String)? {
        var result: (through: CivilDate, why: String)?
        if let closed = booksClosedThrough { result = (closed, "closed by the treasurer") }
        for year in patronage.years.values where year.commit != nil {
            guard let fiscal = try? fiscalYear(year.year) else { continue }
            if result.map({ fiscal.end > $0.through }) ?? true {
                result = (fiscal.end, "fiscal year \(year.year)'s patronage is committed")
            }
        }
        return result
    }
}
