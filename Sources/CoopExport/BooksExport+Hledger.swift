import CoopBylaws
import CoopLedger
import CoopModel

extension BooksExport {
    /// The books as an hledger journal (plain-text double-entry accounting).
    /// `hledger -f FILE check accounts commodities payees ordereddates` accepts
    /// it: every account, payee and the `$` commodity are declared (amounts written exactly as the
    /// `commodity` directive shows them: `$1,234.56`) and transactions are in date order.
    ///
    /// Account scheme (`BooksAccounts`), amounts in `$`:
    ///
    /// | event | debit | credit |
    /// |---|---|---|
    /// | dues accrue (1st of each month, per member) | `assets:dues receivable:mN` | `income:dues` (fee for services) or `equity:dues contributions:mN` (capital contribution) |
    /// | dues payment | `assets:cash` | `assets:dues receivable:mN` |
    /// | dues waiver | `expenses:dues waived` (or `equity:dues contributions:mN`) | `assets:dues receivable:mN` |
    /// | dues refund | `assets:dues receivable:mN` | `assets:cash` |
    /// | share payment | `assets:cash` | `equity:members:mN:share` |
    /// | redemption | `equity:members:mN:COMPONENT` | `assets:cash` |
    /// | patronage allocation | `equity:net margin` | `equity:members:mN:patronage:YEAR:qualified` |
    /// | transfer (leaving, losses) | the account given up | the account credited (`equity:reserve`); any remainder `equity:net margin` |
    /// | patronage cash parts, payments | see `patronageTransactions` (BooksExport+Patronage.swift) | |
    ///
    /// Dues contributions sit outside `equity:members` so that each `equity:members:mN` is
    /// exactly the member's capital account in the equity register, and `equity:members` +
    /// `equity:reserve` is total member equity (`Registers.totalEquity`, sign flipped: hledger
    /// shows credit balances negative).
    ///
    /// The journal ends with balance assertions of every receivable, capital-account component
    /// and the reserve as coop computes them, so hledger itself fails `check` if the postings
    /// ever disagree with the registers.
    public var hledgerJournal: String {
        // Enumerated so that ties (several members' accruals on one day) keep member order.
        var transactions = (duesAccruals + duesMovements + equityTransactions + patronageTransactions).enumerated()
            .sorted { a, b in
                let (x, y) = (a.element.order, b.element.order)
                return (x.0, x.1, x.2, a.offset) < (y.0, y.1, y.2, b.offset)
            }.map(\.element)
        transactions = fromSince(transactions)
        let closing = assertions(after: transactions.last?.date)
        transactions.append(closing)
        transactions = throughClearing(transactions)
        var used = Set<String>()
        for t in transactions { for p in t.postings { used.insert(p.account) } }
        var text = header
        text += "commodity \(Journal.commodityFormat)\n\n"
        // Every payee is declared (hledger's `payees` check), in order of first appearance.
        var payees: [String] = []
        for t in transactions where !payees.contains(t.payee) { payees.append(t.payee) }
        for payee in payees { text += "payee \(payee)\n" }
        text += "\n"
        let order = accountOrder
        // Every account is declared (hledger's strict `accounts` check), the expected ones in order.
        for account in order.filter(used.contains) + used.subtracting(order).sorted() { text += "account \(account)\n" }
        for t in transactions { text += "\n" + t.text }
        return text
    }

    private var header: String {
        let id = state.ledgerID?.text ?? "-"
        let boundary =
            clearing.map {
                "; Cash and the net margin are the main books': coop books them to the clearing account\n"
                    + "; \($0), which the main books settle (bank and retained margin against it) when merged.\n"
            }
            ?? "; Standalone: assets:cash and equity:net margin hold only what coop saw; to merge into the\n"
            + "; main books, export with a clearing account (--clearing ACCOUNT or the bylaws' books.clearing_account).\n"
        let period = since.map { "; From \($0): earlier movements are summed in an opening balances transaction.\n" } ?? ""
        return """
            ; \(Journal.clean(state.name)): books exported by coop from ledger \(id) at \(state.size) entries.
            ; Dues accrue through the end of \(month). Codes (#N) are ledger entry indexes ('coop show N').
            ; Derived from the signed ledger: re-export rather than edit. Members' capital accounts are
            ; equity:members:mN, the collective reserve equity:reserve (credit balances show negative).
            ; Total member equity (capital accounts + reserve): \(Journal.amount(state.registers.totalEquity)).

            """ + boundary + period + """
                ; Check: hledger -f FILE check accounts commodities payees ordereddates


                """
    }

    /// Accounts in the order a reader expects: assets, income, expenses, then equity, members by id.
    private var accountOrder: [String] {
        let dues = duesMembers, equity = equityMembers
        var order = [BooksAccounts.cash] + dues.map(BooksAccounts.receivable)
        order += patronagePayees.map(BooksAccounts.patronagePayable) + [BooksAccounts.backupWithholding]
        order += [BooksAccounts.duesIncome, BooksAccounts.duesWaived]
        order += dues.map(BooksAccounts.duesContributed)
        for id in equity {
            for (component, _) in state.registers.equity[id]?.components ?? [] {
                order.append(BooksAccounts.member(id, component))
            }
        }
        return order + [BooksAccounts.reserve, BooksAccounts.netMargin]
    }

    /// How dues are booked on `date`, by the bylaws then in force (fee for services without any).
    private func treatment(on date: CivilDate) -> DuesTreatment {
        (state.bylaws(on: date) ?? state.bylaws)?.rules.dues.treatment ?? .feeForServices
    }

    /// The account dues are credited to (accrual) or debited from (waiver, capital treatment).
    private func duesCounterpart(_ id: MemberID, on date: CivilDate, waiver: Bool) -> String {
        switch treatment(on: date) {
        case .feeForServices: return waiver ? BooksAccounts.duesWaived : BooksAccounts.duesIncome
        case .capitalContribution: return BooksAccounts.duesContributed(id)
        }
    }

    /// One transaction per member and accrued month, dated the 1st, before that day's entries.
    private var duesAccruals: [JournalTransaction] {
        duesMembers.flatMap { id -> [JournalTransaction] in
            (duesPosition(id)?.charges ?? []).filter { $0.amount.cents != 0 }.map { c in
                let date = c.month.firstDay
                return JournalTransaction(
                    date: date, rank: 0, code: nil, who: who(id), what: "dues for \(c.month), \(c.tier) tier",
                    postings: [(BooksAccounts.receivable(id), c.amount), (duesCounterpart(id, on: date, waiver: false), -c.amount)])
            }
        }
    }

    private var duesMovements: [JournalTransaction] {
        duesMembers.flatMap { id -> [JournalTransaction] in
            (state.registers.dues[id]?.movements ?? []).map { m in
                let receivable = BooksAccounts.receivable(id)
                let details = [m.period.map { "for \($0)" }, m.method, m.reference.map { "ref \($0)" }, m.reason]
                    .compactMap { $0 }.joined(separator: ", ")
                let kind = m.voids.map { "void of #\($0)" } ?? m.kind.rawValue
                let what = "dues \(kind)" + (details.isEmpty ? "" : " (\(details))")
                // A void reverses its movement's postings exactly (the sign is in `credit`).
                let other: String
                switch m.reverses ?? m.kind {
                case .payment, .refund, .void: other = BooksAccounts.cash
                case .waiver: other = duesCounterpart(id, on: m.date, waiver: true)
                }
                return JournalTransaction(
                    date: m.date, rank: 1, code: m.index, who: who(id), what: what,
                    postings: [(other, m.credit), (receivable, -m.credit)])
            }
        }
    }

    /// One transaction per ledger entry that moved equity: each account moved is posted with the
    /// movement's amount negated (equity is a credit), and the remainder goes to cash (payments,
    /// redemptions) or the net margin (allocations, unmatched transfers).
    private var equityTransactions: [JournalTransaction] {
        var groups: [(index: UInt64, items: [(holder: MemberID?, movement: EquityMovement)])] = []
        for item in equityMovements {
            if groups.last?.index == item.movement.index {
                groups[groups.count - 1].items.append(item)
            } else {
                groups.append((item.movement.index, [item]))
            }
        }
        return groups.compactMap { group in
            guard let first = group.items.first?.movement else { return nil }
            var postings: [(String, Money)] = []
            var offsets: [String: Money] = [:]
            for (holder, m) in group.items {
                let account = holder.map { BooksAccounts.member($0, m.component) } ?? BooksAccounts.reserve
                postings.append((account, -m.amount))
                offsets[BooksAccounts.offset(for: m.kind), default: .zero] += m.amount
            }
            for account in [BooksAccounts.cash, BooksAccounts.netMargin] {
                if let amount = offsets[account], amount.cents != 0 { postings.append((account, amount)) }
            }
            let holders = group.items.map(\.holder).reduce(into: [MemberID?]()) { if !$0.contains($1) { $0.append($1) } }
            let names =
                holders.count <= 3
                ? holders.map { $0.map(who) ?? "collective reserve" }.joined(separator: ", ")
                : "\(holders.count) capital accounts"
            let kinds = group.items.map { BooksAccounts.phrase(for: $0.movement) }
                .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")
            let memo = group.items.compactMap(\.movement.note).first.map { " (\($0))" } ?? ""
            return JournalTransaction(
                date: first.date, rank: 1, code: group.index, who: names, what: kinds + memo,
                postings: postings)
        }
    }

    /// A zero-amount transaction asserting each balance coop computes, dated at the end of the
    /// export month (or the newest movement, if later).
    private func assertions(after last: CivilDate?) -> JournalTransaction {
        let date = max(month.lastDay, last ?? month.lastDay)
        var t = JournalTransaction(
            date: date, rank: 2, code: nil, who: "coop registers",
            what: "balances at the end of \(month) (assertions)", postings: [])
        for id in duesMembers {
            guard let p = duesPosition(id) else { continue }
            t.assertions.append((BooksAccounts.receivable(id), p.balance))
        }
        for id in equityMembers {
            for (component, balance) in state.registers.equity[id]?.components ?? [] {
                t.assertions.append((BooksAccounts.member(id, component), -balance))
            }
        }
        t.assertions.append((BooksAccounts.reserve, -state.registers.reserve.balance))
        for id in patronagePayees { t.assertions.append((BooksAccounts.patronagePayable(id), -patronageOwed(id))) }
        t.postings = t.assertions.map { ($0.account, .zero) }
        return t
    }

    /// `m2 Ben Alvarez`: the id for the books, the name for people.
    func who(_ id: MemberID) -> String {
        guard let name = state.members[id]?.name, !name.isEmpty else { return id.description }
        return "\(id) \(name)"
    }
}
