import ArgumentParser
import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopPatronage

/// `coop patronage status YEAR`: where the year end stands, its deadlines, and what is outstanding.
struct PatronageStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "A fiscal year's patronage: close, approval, commit, deadlines, cash unpaid, notices, consents.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The fiscal year.") var year: Int
    @OptionGroup var output: TableOutputOptions

    func run() throws {
        let state = try global.openLedger(readOnly: true).state()
        let status = try PatronageYearStatus(state: state, year: year, today: CLIContext.current.clock.now().date)
        if output.json { return try printJSON(status.json) }
        if output.csv { return printCSV(header: PatronageYearStatus.csvHeader, rows: status.csvRows) }
        for line in status.lines { say(line) }
    }
}

/// What `status` reports, gathered once for text and JSON.
struct PatronageYearStatus {
    let fiscal: FiscalYear
    let register: PatronageYear
    let today: CivilDate
    let rulesVersion: String?
    let approved: String?
    /// The allocation when the year is closed and computable (nil otherwise, with the reason).
    let result: PatronageComputation?
    let problem: String?
    let withoutConsent: [MemberID]
    /// Each member with patronage this year and the basis of their consent for it (nil: none).
    let consents: [(member: MemberID, basis: String?)]
    let unpaid: [(MemberID, Money)]
    let retainedOutstanding: Money

    init(state: LedgerState, year: Int, today: CivilDate) throws {
        fiscal = try state.fiscalYear(year)
        let register = state.patronage[year]
        self.register = register
        self.today = today
        rulesVersion = (try? state.patronageBylaws(for: fiscal))?.bylaws.version.hex
        approved = state.governance.approvedPatronage(year: year)?.hex
        var result: PatronageComputation?
        var problem: String?
        if register.close != nil {
            do { result = try state.patronageComputation(year: year) } catch { problem = "\(error)" }
        }
        self.result = result
        self.problem = problem
        let fiscal = fiscal
        withoutConsent = register.quantities.keys.filter { m in
            result.map { r in !(r.allocation.members.row(for: m)?.qualified ?? false) } ?? (state.consentBasis(m, for: fiscal) == nil)
        }.sorted()
        let without = Set(withoutConsent)
        consents = register.quantities.keys.sorted().map { m in
            let basis = without.contains(m) ? nil : (result?.consents[m] ?? state.consentBasis(m, for: fiscal))
            return (m, basis.map { b in ConsentDescription(b, of: m, in: state)?.basis ?? "\(b.method.rawValue) consent, entry \(b.index)" })
        }
        unpaid = (register.commit?.cashDue.keys.sorted() ?? []).map { ($0, register.cashOutstanding($0)) }.filter { $0.1 > .zero }
        retainedOutstanding = state.registers.equity.values.flatMap(\.components).compactMap { component, balance in
            if case .patronage(year, _) = component { return balance } else { return nil }
        }.sum()
    }

    var lines: [String] {
        var lines = ["fiscal year \(fiscal.year) (\(fiscal.start) to \(fiscal.end))"]
        lines.append(
            "  rules:      "
                + (rulesVersion.map { "bylaws version \($0.prefix(16))… in force on \(fiscal.start)" }
                    ?? "none: the bylaws in force on \(fiscal.start) have no patronage section"))
        lines.append("  records:    \(register.records) entries for \(register.quantities.count) members")
        if let close = register.close {
            lines.append("  close:      entry \(close.index) on \(close.date): net surplus \(close.surplus), non-patronage \(close.nonPatronage)")
        } else {
            lines.append("  close:      not closed (after \(fiscal.end): coop patronage close-year \(fiscal.year) --surplus AMOUNT)")
        }
        if let problem { lines.append("  problem:    \(problem)") }
        if let result {
            lines.append("  result:     \(result.resultHash.hex)")
            let a = result.allocation
            if a.carriedLossIn > .zero || a.carriedLossOut > .zero {
                lines.append("  loss:       \(a.carriedLossIn) carried in, \(a.carriedLossOffset) offset, \(a.carriedLossOut) carried to the next year")
            }
        }
        switch (approved, result) {
        case (nil, _): lines.append("  approval:   none yet (a patronage-approval motion pins the result hash)")
        case let (hash?, r?) where r.resultHash.hex != hash: lines.append("  approval:   \(hash) — differs from the result now: approve again")
        case let (hash?, _): lines.append("  approval:   \(hash) passed")
        }
        lines.append("  commit:     " + (register.commit.map { "entry \($0.index) on \($0.date)" } ?? "not committed"))
        let end = fiscal.paymentPeriodEnd
        let left = end.daysSinceEpoch - today.daysSinceEpoch
        lines.append(
            "  deadline:   payment period ends \(end) (" + (left >= 0 ? "\(left) days left" : "passed \(-left) days ago")
                + "): cash parts paid and notices issued by then")
        if register.commit != nil {
            let due = register.commit?.cashDue.values.sum() ?? .zero
            lines.append(
                "  cash:       \(due - register.cashOutstanding) paid of \(due); unpaid: "
                    + (unpaid.isEmpty ? "none" : unpaid.map { "\($0.0) \($0.1)" }.joined(separator: ", ")))
            lines.append(
                "  notices:    "
                    + (register.notices.map { "issued on \($0.date) (entry \($0.index))" }
                        ?? "not issued (coop patronage notices \(fiscal.year) --out DIR --record)"))
            lines.append("  retained:   \(retainedOutstanding) of \(fiscal.year) still in capital accounts")
        }
        for (member, basis) in consents {
            lines.append("  consent:    \(member) " + (basis ?? "none (non-qualified notice)"))
        }
        lines.append(
            "  no consent: " + (withoutConsent.isEmpty ? "none" : withoutConsent.map(\.description).joined(separator: ", ") + " (non-qualified notices)"))
        return lines
    }

    static let csvHeader = ["member", "consent", "cash_due", "cash_unpaid"]

    /// One row per member with patronage records or cash due: consent (qualified notice) and cash.
    var csvRows: [[String]] {
        let due = register.commit?.cashDue ?? [:]
        let unpaidBy = Dictionary(unpaid, uniquingKeysWith: { a, _ in a })
        return Set(register.quantities.keys).union(due.keys).sorted().map { m in
            [
                m.description, csvBool(!withoutConsent.contains(m)), due[m].map(\.description) ?? "",
                register.commit == nil ? "" : (unpaidBy[m] ?? .zero).description,
            ]
        }
    }

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "year": .integer(Int64(fiscal.year)), "start": .string(fiscal.start.description), "end": .string(fiscal.end.description),
            "payment_period_end": .string(fiscal.paymentPeriodEnd.description), "records": .integer(Int64(register.records)),
            "closed": .bool(register.close != nil), "committed": .bool(register.commit != nil),
            "notices_issued": register.notices.map { .string($0.date.description) } ?? .null,
            "cash_unpaid": .array(unpaid.map { .object(["member": .string($0.0.description), "amount_cents": .integer($0.1.cents)]) }),
            "without_consent": .array(withoutConsent.map { .string($0.description) }),
            "consents": .array(
                consents.map { c in .object(["member": .string(c.member.description), "basis": c.basis.map { .string($0) } ?? .null]) }),
            "retained_outstanding_cents": .integer(retainedOutstanding.cents),
        ]
        if let rulesVersion { object["rules_version"] = .string(rulesVersion) }
        if let approved { object["approved_result"] = .string(approved) }
        if let result { object["result_hash"] = .string(result.resultHash.hex) }
        if let problem { object["problem"] = .string(problem) }
        return .object(object)
    }
}
