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
        static let configuration = CommandConfiguration(abstract: "Every member's paid-through month, balance due and standing.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only members with a balance due.") var arrears = false
        @Option(help: "As of the end of this date (YYYY-MM-DD), by effective dates.") var asOf: CivilDate?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let state = try global.state(asOf: asOf)
            let month = reportMonth(asOf: asOf)
            let positions = state.registers.dues.keys.sorted().compactMap { state.duesPosition(of: $0, asOf: month) }
                .filter { !arrears || $0.balance.cents > 0 }
            if output.json {
                try printJSON(
                    .object([
                        "as_of": .string(month.description),
                        "members": .array(positions.map(\.summaryJSON)),
                        "total_balance": .integer(positions.map(\.balance).sum().cents),
                    ]))
                return
            }
            say("dues as of the end of \(month)")
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
        @OptionGroup var output: OutputOptions

        func run() throws {
            let id = member
            let state = try global.state(asOf: asOf)
            guard let account = state.registers.dues[id], let p = state.duesPosition(of: id, asOf: reportMonth(asOf: asOf)) else {
                throw CLIError.invalidArgument("\(id) has no dues account (not a member, or admitted without a class)")
            }
            if output.json {
                var o = p.summaryJSON.objectValue ?? [:]
                o["charges"] = .array(
                    p.charges.map { .object(["month": .string($0.month.description), "tier": .string($0.tier), "amount": .integer($0.amount.cents)]) })
                o["movements"] = .array(account.movements.map(\.json))
                try printJSON(.object(o))
                return
            }
            say("\(id) \(state.members[id]?.name ?? "")  dues statement to the end of \(p.asOf)")
            for c in p.charges { say("  \(c.month)  charge   \(c.tier.padding(12))\(c.amount.description.leftPadded(10))") }
            let entered = try global.ledgerDates(of: account.movements.map(\.index))
            // Each voided movement, with the entry that voided it.
            let voids = Dictionary(account.movements.compactMap { m in m.voids.map { ($0, m.index) } }, uniquingKeysWith: { a, _ in a })
            for m in account.movements {
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
            "charged": .integer(charged.cents), "credited": .integer(credited.cents), "balance": .integer(balance.cents),
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
            "kind": .string(kind.rawValue), "amount": .integer(amount.cents),
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
