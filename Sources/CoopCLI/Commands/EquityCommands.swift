import ArgumentParser
import CoopCanonicalJSON
import CoopLedger
import CoopModel

/// `coop equity ...`: members' capital accounts and the collective reserve.
struct EquityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "equity", abstract: "Record share payments and redemptions; show capital accounts and the equity register.",
        subcommands: [Share.self, Redeem.self, Show.self, Register.self])

    struct Share: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a payment toward a member's share (treasurer): the price, or at least one instalment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id.") var member: MemberID
        @Argument(help: "The amount in dollars, e.g. 50.00.") var amount: Amount
        @Option(help: "How it was paid.") var method: String?
        @Option(help: "A reference; a second share payment with the same one is refused.") var ref: String?
        @OptionGroup var duplicate: DuplicateRefOption
        @OptionGroup var effective: EffectiveOption
        @OptionGroup var write: WriteOptions

        func run() throws {
            if ref != nil, !duplicate.allowDuplicateRef {
                try duplicate.check(ref, member: member, kind: "share payment", earlier: try global.sharePayments(of: member))
            }
            let body = SharePaymentBody(member: member, amount: amount.money, method: method, reference: ref, effective: effective.effective)
            guard let stored = try global.append(body, write) else { return }
            try write.report([stored], "entry \(stored.index): \(member) paid \(amount.money.dollars) toward the share")
        }
    }

    struct Redeem: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Pay out part of a capital account (treasurer): the share after leaving; retained patronage of a member who left (if the bylaws say so) or as a passed resolution authorizes."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id.") var member: MemberID
        @Argument(help: "The amount in dollars.") var amount: Amount
        @Option(help: "share, or patronage:YEAR:qualified|nonqualified.") var component: EquityComponent = .share
        @Option(help: "Why.") var reason: String?
        @Option(help: "The passed resolution that authorizes this redemption of retained patronage (e.g. M7).") var motion: MotionID?
        @OptionGroup var effective: EffectiveOption
        @OptionGroup var write: WriteOptions

        func run() throws {
            let body = RedemptionBody(
                member: member, component: component, amount: amount.money, reason: reason,
                effective: effective.effective, motion: motion)
            guard let stored = try global.append(body, write) else { return }
            try write.report([stored], "entry \(stored.index): redeemed \(amount.money.dollars) of \(member)'s \(component.accountName)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One member's capital account by component and year, with every movement.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id.") var member: MemberID
        @Option(help: "As of the end of this date (YYYY-MM-DD).") var asOf: CivilDate?
        @OptionGroup var period: PeriodOptions
        @OptionGroup var output: TableOutputOptions

        func run() throws {
            let id = member
            let state = try global.state(asOf: try period.asOfDay(asOf, report: "a capital account"))
            guard state.members[id] != nil else { throw CLIError.invalidArgument("no member \(id) in this ledger (see 'coop member list')") }
            let account = state.registers.equity[id] ?? CapitalAccount()
            // Balances at the end of the period; the movements listed are those within it.
            let movements = account.movements.filter { period.reportPeriod?.contains($0.date) ?? true }
            if output.csv {
                printCSV(
                    header: ["date", "entry", "kind", "component", "amount", "memo"],
                    rows: movements.map { m in
                        [m.date.description, String(m.index), m.kind.rawValue, m.component.accountName, m.amount.description, m.note ?? ""]
                    })
                return
            }
            if output.json {
                try printJSON(
                    .object([
                        "member": .string(id.description),
                        "components": componentsJSON(account.components),
                        "total_cents": .integer(account.total.cents),
                        "movements": .array(movements.map(\.json)),
                    ]))
                return
            }
            say("\(id) \(state.members[id]?.name ?? "")  capital account")
            for (component, balance) in account.components { say("  \(component.description.padding(32))\(balance.description.leftPadded(12))") }
            say("  " + "total".padding(32) + account.total.description.leftPadded(12))
            let entered = try global.ledgerDates(of: movements.map(\.index))
            for m in movements {
                let late = entered[m.index].flatMap { $0 == m.date ? nil : "(entered \($0))" }
                let detail = [m.note, late].compactMap { $0 }.joined(separator: " ")
                say(
                    "    \(m.date)  \(m.kind.rawValue.padding(11))\(m.component.accountName.padding(28))\(m.amount.description.leftPadded(12))"
                        + "  entry \(m.index) \(TerminalText.safe(oneLine: detail))")
            }
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "All capital accounts and the reserve, with totals that reconcile to total member equity.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "As of the end of this date (YYYY-MM-DD).") var asOf: CivilDate?
        @OptionGroup var period: PeriodOptions
        @OptionGroup var output: TableOutputOptions

        func run() throws {
            let asOf = try period.asOfDay(asOf, report: "the equity register")
            let state = try global.state(asOf: asOf)
            let r = state.registers
            let rows = r.equity.keys.sorted().map { ($0, r.equity[$0] ?? CapitalAccount()) }
            let byComponent = Dictionary(grouping: rows.flatMap { $0.1.components }, by: \.0).mapValues { $0.map(\.1).sum() }
            if output.json {
                try printJSON(
                    .object([
                        "as_of": asOf.map { .string($0.description) } ?? .null,
                        "members": .array(
                            rows.map { id, a in
                                .object([
                                    "member": .string(id.description), "total_cents": .integer(a.total.cents),
                                    "components": componentsJSON(a.components),
                                ])
                            }),
                        "by_component": componentsJSON(byComponent.sorted { $0.key.accountName < $1.key.accountName }.map { ($0.key, $0.value) }),
                        "members_total_cents": .integer(rows.map(\.1.total).sum().cents),
                        "reserve_cents": .integer(r.reserve.balance.cents),
                        "total_equity_cents": .integer(r.totalEquity.cents),
                    ]))
                return
            }
            if output.csv {
                var csvRows = rows.flatMap { id, a in a.components.map { ["member", id.description, $0.0.accountName, $0.1.description] } }
                csvRows.append(["reserve", "", "", r.reserve.balance.description])
                csvRows.append(["total", "", "", r.totalEquity.description])
                printCSV(header: ["kind", "member", "component", "balance"], rows: csvRows)
                return
            }
            say("equity register" + (asOf.map { " as of the end of \($0)" } ?? ""))
            for (id, a) in rows {
                let parts = a.components.map { "\($0.0.accountName) \($0.1)" }.joined(separator: ", ")
                say(
                    "  \(id.description.padding(6))\(String((state.members[id]?.name ?? "").prefix(24)).padding(26))\(a.total.description.leftPadded(12))  \(parts)"
                )
            }
            for (component, total) in byComponent.sorted(by: { $0.key < $1.key }) {
                say("  " + "all members: \(component)".padding(32) + total.description.leftPadded(12))
            }
            say("  " + "members' capital accounts".padding(32) + rows.map(\.1.total).sum().description.leftPadded(12))
            say("  " + "collective reserve".padding(32) + r.reserve.balance.description.leftPadded(12))
            say("  " + "total member equity".padding(32) + r.totalEquity.description.leftPadded(12))
        }
    }
}

extension EquityMovement {
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "entry": .integer(Int64(index)), "date": .string(date.description), "kind": .string(kind.rawValue),
            "component": .string(component.accountName), "amount_cents": .integer(amount.cents),
        ]
        if let note { o["memo"] = .string(note) }
        return .object(o)
    }
}

/// Capital-account components as every report writes them: `[{component, balance_cents}]`.
func componentsJSON(_ components: [(EquityComponent, Money)]) -> JSONValue {
    .array(components.map { .object(["component": .string($0.0.accountName), "balance_cents": .integer($0.1.cents)]) })
}
