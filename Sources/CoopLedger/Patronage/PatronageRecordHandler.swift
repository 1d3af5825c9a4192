import CoopBylaws
import CoopModel
import CoopPatronage

extension EntryType {
    /// The treasurer records a member's patronage in one measure (an aggregate quantity).
    public static let patronageRecord = EntryType("patronage.record")
}

/// `patronage.record`: adds `quantity` of `measure` to a member's patronage for a fiscal year.
///
/// Quantities are aggregates in the measure's unit (cents billed, hours); nothing about patients
/// or services can be recorded, and the body has no free text. A negative quantity corrects an
/// earlier record; the member's total never goes below 0. The year's inputs are frozen by its close.
struct PatronageRecordHandler: EntryHandler {
    let type = EntryType.patronageRecord

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .patronageRecord, fallback: [.treasurer])
        let body = try entry.body(PatronageRecordBody.self)
        let fiscal = try entry.rethrowing { try state.fiscalYear(body.year) }
        let (bylaws, patronage) = try entry.rethrowing { try state.patronageBylaws(for: fiscal) }
        if let close = state.patronage.years[body.year]?.close {
            throw entry.refuse(
                .patronage, field: "year",
                "fiscal year \(body.year) was closed at entry \(close.index): its patronage can no longer change")
        }
        guard entry.time.date >= fiscal.start else {
            throw entry.refuse(
                .tooEarly, field: "year",
                "fiscal year \(body.year) starts on \(fiscal.start); record its patronage from then on")
        }
        let m = try state.requireMember(body.member, in: Set(MemberStatus.allCases), for: entry)
        guard m.admittedOn <= fiscal.end else {
            throw entry.refuse(
                .notEligible, field: "member",
                "\(body.member) was admitted on \(m.admittedOn), after fiscal year \(body.year) ended")
        }
        guard let c = m.memberClass, bylaws.rules.classes[c]?.patronage == true else {
            throw entry.refuse(
                .notEligible, field: "member",
                "members of the \(m.memberClass ?? "unclassed") class receive no patronage allocation")
        }
        guard let rule = patronage.rules.measures.first(where: { $0.name == body.measure }) else {
            let names = patronage.rules.measures.map(\.name).joined(separator: ", ")
            throw entry.refuse(
                .bylaws, field: "measure",
                "\"\(body.measure)\" is not a patronage measure of fiscal year \(body.year) (measures: \(names))")
        }
        if let period = body.period, !(fiscal.contains(period.firstDay) && fiscal.contains(period.lastDay)) {
            throw entry.refuse(
                period.firstDay < fiscal.start ? .tooEarly : .tooLate, field: "period",
                "period \(period) is outside fiscal year \(body.year) (\(fiscal.start) to \(fiscal.end))")
        }
        if let period = body.period, period < YearMonth(m.admittedOn) {
            throw entry.refuse(
                .tooEarly, field: "period",
                "\(body.member) was admitted in \(YearMonth(m.admittedOn)); period \(period) is before that")
        }
        guard body.quantity != 0 else { throw entry.refuse(.amount, field: "quantity", "the quantity is 0: record nothing instead") }
        let before = state.patronage.years[body.year]?.quantities[body.member]?[rule.name] ?? 0
        guard body.quantity.magnitude < UInt64(Money.limit) else {
            throw entry.refuse(
                .amount, field: "quantity",
                "the quantity \(body.quantity) is out of range (below \(Money.limit) \(rule.unit))")
        }
        let after = before + body.quantity
        guard after >= 0 else {
            throw entry.refuse(
                .balance, field: "quantity",
                "\(body.member)'s \(rule.name) for \(body.year) would fall to \(after) \(rule.unit): a correction cannot take it below 0")
        }
        guard after < Money.limit else {
            throw entry.refuse(
                .amount, field: "quantity",
                "\(body.member)'s \(rule.name) for \(body.year) would reach \(after) \(rule.unit): use a coarser unit")
        }
        state.patronage.update(body.year) {
            $0.quantities[body.member, default: [:]][rule.name] = after
            $0.records += 1
        }
    }
}

extension DecodedEntry {
    /// Runs `body`, turning a `patronage`-typed error from a state query into this entry's error.
    func rethrowing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let LedgerError.refused(refusal) where refusal.index == nil {
            throw refuse(refusal.code, field: refusal.field, refusal.reason)
        }
    }
}
