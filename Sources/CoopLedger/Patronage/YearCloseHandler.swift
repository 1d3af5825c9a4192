import CoopBylaws
import CoopModel
import CoopPatronage

extension EntryType {
    /// The treasurer closes a fiscal year's patronage with its net surplus and non-patronage income.
    public static let patronageCloseYear = EntryType("patronage.close-year")
}

/// `patronage.close-year`: states the year's net patronage-sourced surplus (negative for a loss)
/// and its non-patronage income, from the books, after the year has ended. It freezes the year's
/// quantities. A later close of the same year, before the commit, corrects it.
struct YearCloseHandler: EntryHandler {
    let type = EntryType.patronageCloseYear

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        try state.requireOfficer(s.author, for: .patronageCloseYear, fallback: [.treasurer])
        let body = try entry.body(YearCloseBody.self)
        let fiscal = try entry.rethrowing { try state.fiscalYear(body.year) }
        _ = try entry.rethrowing { try state.patronageBylaws(for: fiscal) }
        guard entry.time.date > fiscal.end else {
            throw entry.refuse(.tooEarly, field: "year", "fiscal year \(body.year) ends on \(fiscal.end); close it after that")
        }
        if let commit = state.patronage[body.year].commit {
            throw entry.refuse(
                .patronage, field: "year",
                "fiscal year \(body.year) was committed at entry \(commit.index); its close cannot change")
        }
        let nonPatronage = body.nonpatronage ?? .zero
        guard nonPatronage >= .zero else {
            throw entry.refuse(
                .amount, field: "nonpatronage",
                "non-patronage income is \(nonPatronage): give income as a positive amount (a non-patronage loss is not recorded here)")
        }
        var next = state
        let close = YearClose(index: index, date: entry.time.date, surplus: body.surplus, nonPatronage: nonPatronage)
        next.patronage.update(body.year) { $0.close = close }
        // The allocation must be computable now (amounts in range, patronage recorded for every
        // measure), so a bad close is refused here rather than at the commit; while an earlier
        // year awaits its commit the carried loss is unknown, and the commit checks it instead.
        if next.uncommittedYear(before: body.year) == nil {
            _ = try entry.rethrowing { try next.patronageComputation(year: body.year) }
        }
        state = next
    }
}
