import ArgumentParser
import CoopCanonicalJSON
import CoopLedger
import CoopModel

/// `coop dues ...`: payments, waivers, refunds, and where every member stands.
struct DuesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dues", abstract: "Record dues payments, waivers and refunds; show dues status and statements.",
        subcommands: [Pay.self, Waive.self, Refund.self, DuesImportCommand.self, Status.self, Statement.self])

    struct Pay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a dues payment (treasurer). It applies to the oldest open months first.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id (m2, m3, ...).") var member: MemberID
        @Argument(help: "The amount in dollars, e.g. 17.00.") var amount: Amount
        @Option(help: "The month the member says it is for (YYYY-MM), kept with the payment.") var period: YearMonth?
        @Option(help: "How it was paid (e.g. ach, check, card).") var method: String?
        @Option(help: "A reference (check number, transfer id); a second payment with the same one is refused.") var ref: String?
        @OptionGroup var duplicate: DuplicateRefOption
        @OptionGroup var effective: EffectiveOption
        @OptionGroup var write: WriteOptions

        func run() throws {
            if ref != nil, !duplicate.allowDuplicateRef {
                try duplicate.check(ref, member: member, kind: "dues payment", earlier: try global.duesPayments(of: member))
            }
            let body = DuesPaymentBody(
                member: member, amount: amount.money, period: period, method: method, reference: ref,
                effective: effective.effective)
            guard let stored = try global.append(body, write) else { return }
            try write.report(
                [stored],
                "entry \(stored.index): \(member) paid \(amount.money.dollars)"
                    + (effective.effective.map { ", effective \($0)" } ?? ""))
        }
    }

    struct Waive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Waive an amount of a member's dues (treasurer).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id.") var member: MemberID
        @Argument(help: "The amount in dollars.") var amount: Amount
        @Option(help: "Why (required).") var reason: String
        @OptionGroup var effective: EffectiveOption
        @OptionGroup var write: WriteOptions

        func run() throws {
            let body = DuesAdjustmentBody(member: member, amount: amount.money, reason: reason, effective: effective.effective)
            guard let stored = try global.append(.duesWaive, body, write) else { return }
            try write.report([stored], "entry \(stored.index): waived \(amount.money.dollars) of \(member)'s dues")
        }
    }

    struct Refund: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refund dues paid (treasurer); never more than was credited.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id.") var member: MemberID
        @Argument(help: "The amount in dollars.") var amount: Amount
        @Option(help: "Why.") var reason: String?
        @OptionGroup var effective: EffectiveOption
        @OptionGroup var write: WriteOptions

        func run() throws {
            let body = DuesAdjustmentBody(member: member, amount: amount.money, reason: reason, effective: effective.effective)
            guard let stored = try global.append(.duesRefund, body, write) else { return }
            try write.report([stored], "entry \(stored.index): refunded \(amount.money.dollars) to \(member)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every member's paid-through month, balance due and standing.",
            discussion: """
                Dues accrue through the month of the day asked for (--as-of, the last day of -p/--end, else today); \
                payments and waivers count by their effective dates up to that day.
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(
            help: "Only members in arrears beyond the grace the bylaws allow (more than dues.max_arrears_months months unpaid: not in good standing).")
        var arrears = false
        @Option(help: "As of the end of this date (YYYY-MM-DD), by effective dates.") var asOf: CivilDate?
        @OptionGroup var period: PeriodOptions
        @OptionGroup var output: TableOutputOptions

        func run() throws {
            let day = try period.asOfDay(asOf, report: "dues status")
            let state = try global.state(asOf: day)
            let shown = day ?? CLIContext.current.clock.now().date
            let month = reportMonth(asOf: day)
            let positions = state.registers.dues.keys.sorted().compactMap { state.duesPosition(of: $0, asOf: month) }
                .filter { !arrears || !$0.goodStanding }
            if output.json {
                try printJSON(
                    .object([
                        "as_of": .string(shown.description),
                        "charged_through": .string(month.description),
                        "members": .array(positions.map(\.summaryJSON)),
                        "total_balance_cents": .integer(positions.map(\.balance).sum().cents),
                    ]))
                return
            }
            if output.csv {
                printCSV(
                    header: ["member", "name", "paid_through", "charged", "credited", "balance", "months_in_arrears", "good_standing"],
                    rows: positions.map { p in
                        [
                            p.member.description, state.members[p.member]?.name ?? "", p.paidThrough?.description ?? "", p.charged.description,
                            p.credited.description, p.balance.description, String(p.monthsInArrears), csvBool(p.goodStanding),
                        ]
                    })
                return
            }
            say("dues as of \(shown) (charged through \(month))" + (arrears ? ", members in arrears beyond the bylaws' grace" : ""))
            say("member".padding(8) + "name".padding(26) + "paid through".padding(14) + "balance".padding(12) + "standing")
            for p in positions {
                let name = state.members[p.member]?.name ?? ""
                let standing = p.goodStanding ? "good" : "NOT in good standing (\(p.monthsInArrears) months)"
                say(
                    p.member.description.padding(8) + String(name.prefix(24)).padding(26)
                        + (p.paidThrough?.description ?? "-").padding(14) + p.balance.description.padding(12) + standing)
            }
            say("total due".padding(48) + positions.map(\.balance).sum().description)
        }
    }

    struct Statement: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One member's dues history: charges by month, payments, waivers, refunds.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id.") var member: MemberID
        @Option(help: "As of the end of this date (YYYY-MM-DD).") var asOf: CivilDate?
        @OptionGroup var period: PeriodOptions
        @OptionGroup var output: TableOutputOptions

        func run() throws {
            let id = member
            let day = try period.asOfDay(asOf, report: "a dues statement")
            let state = try global.state(asOf: day)
            guard let account = state.registers.dues[id], let p = state.duesPosition(of: id, asOf: reportMonth(asOf: day)) else {
                throw CLIError.invalidArgument("\(id) has no dues account (not a member, or admitted without a class)")
            }
            let within = period.reportPeriod
            let charges = p.charges.filter { c in within?.overlaps(c.month) ?? true }
            let movements = account.movements.filter { within?.contains($0.date) ?? true }
            if output.json {
                var o = p.summaryJSON.objectValue ?? [:]
                o["charges"] = .array(
                    charges.map { .object(["month": .string($0.month.description), "tier": .string($0.tier), "amount_cents": .integer($0.amount.cents)]) })
                o["movements"] = .array(movements.map(\.json))
                try printJSON(.object(o))
                return
            }
            if output.csv {
                let chargeRows = charges.map { c in [c.month.firstDay.description, "", "charge", c.tier, c.amount.description, "", "", ""] }
                let movementRows = movements.map { m in
                    [
                        m.date.description, String(m.index), m.kind.rawValue, m.period?.description ?? "", (-m.credit).description,
                        m.voids.map(String.init) ?? "", m.reference ?? "", m.reason ?? "",
                    ]
                }
                printCSV(
                    header: ["date", "entry", "kind", "tier_or_period", "amount", "voids", "reference", "reason"],
                    rows: (chargeRows + movementRows).sorted { $0[0] < $1[0] })
                return
            }
            say("\(id) \(state.members[id]?.name ?? "")  dues statement to the end of \(day ?? p.asOf.lastDay)" + (within.map { " (period \($0))" } ?? ""))
            for c in charges { say("  \(c.month)  charge   \(c.tier.padding(12))\(c.amount.description.leftPadded(10))") }
            let entered = try global.ledgerDates(of: movements.map(\.index))
            // Each voided movement, with the entry that voided it.
            let voids = Dictionary(account.movements.compactMap { m in m.voids.map { ($0, m.index) } }, uniquingKeysWith: { a, _ in a })
            for m in movements {
                let late = entered[m.index].flatMap { $0 == m.date ? nil : "entered \($0)" }
                let voided = voids[m.index].map { "VOID (entry \($0))" }
                let detail = [m.voids.map { "voids entry \($0)" }, voided, m.period.map { "for \($0)" }, m.method, m.reference, m.reason, late]
                    .compactMap { $0 }.joined(separator: " ")
                say(
                    "  \(m.date)  \(m.kind.rawValue.padding(8)) \((-m.credit).description.leftPadded(22))  entry \(m.index) "
                        + TerminalText.safe(oneLine: detail))
            }
            say("  charged \(p.charged)  credited \(p.credited)  balance \(p.balance)  paid through \(p.paidThrough?.description ?? "-")")
            say("  " + (p.goodStanding ? "in good standing" : "NOT in good standing: \(p.monthsInArrears) months unpaid"))
        }
    }
}

extension DuesPosition {
    var summaryJSON: JSONValue {
        var o: [String: JSONValue] = [
            "member": .string(member.description), "as_of": .string(asOf.description),
            "charged_cents": .integer(charged.cents), "credited_cents": .integer(credited.cents), "balance_cents": .integer(balance.cents),
            "months_in_arrears": .integer(Int64(monthsInArrears)), "good_standing": .bool(goodStanding),
        ]
        o["paid_through"] = paidThrough.map { .string($0.description) } ?? .null
        return .object(o)
    }
}

extension DuesMovement {
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "entry": .integer(Int64(index)), "date": .string(date.description),
            "kind": .string(kind.rawValue), "amount_cents": .integer(amount.cents),
        ]
        if let period { o["period"] = .string(period.description) }
        if let method { o["method"] = .string(method) }
        if let reference { o["ref"] = .string(reference) }
        if let reason { o["reason"] = .string(reason) }
        if let voids { o["voids"] = .integer(Int64(voids)) }
        return .object(o)
    }
}

extension String {
    /// Right-aligned in a column of `width` characters.
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
