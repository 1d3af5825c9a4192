import CoopLedger
import CoopModel

extension BooksAccounts {
    /// Cash parts of committed patronage allocations not yet paid: a liability to the member.
    public static func patronagePayable(_ id: MemberID) -> String { "liabilities:patronage payable:\(id)" }
    /// Backup withholding kept from patronage dividends, owed to the IRS until deposited.
    public static let backupWithholding = "liabilities:backup withholding"
}

extension BooksExport {
    /// Members owed cash patronage at any time, in id order.
    public var patronagePayees: [MemberID] {
        Set(state.patronage.years.values.flatMap { $0.commit.map { Array($0.cashDue.keys) } ?? [] }).sorted()
    }

    /// The cash side of patronage, which the capital accounts do not show: each commit makes
    /// the members' cash parts payable out of the net margin; each payment settles one, less any
    /// backup withholding (held for the IRS).
    ///
    /// | event | debit | credit |
    /// |---|---|---|
    /// | commit, cash parts | `equity:net margin` | `liabilities:patronage payable:mN` |
    /// | payment | `liabilities:patronage payable:mN` | `assets:cash` (and `liabilities:backup withholding`) |
    var patronageTransactions: [JournalTransaction] {
        state.patronage.years.values.sorted { $0.year < $1.year }.flatMap { year -> [JournalTransaction] in
            guard let commit = year.commit else { return [] }
            let due = commit.cashDue.sorted { $0.key < $1.key }
            var transactions: [JournalTransaction] = []
            if !due.isEmpty {
                transactions.append(
                    JournalTransaction(
                        date: commit.date, rank: 1, code: commit.index,
                        who: due.count <= 3 ? due.map { who($0.key) }.joined(separator: ", ") : "\(due.count) members",
                        what: "patronage \(year.year) cash parts payable",
                        postings: due.map { (BooksAccounts.patronagePayable($0.key), -$0.value) }
                            + [(BooksAccounts.netMargin, due.map(\.value).sum())]))
            }
            for (member, payments) in year.payments {
                for p in payments {
                    var postings: [(account: String, amount: Money)] = [
                        (BooksAccounts.patronagePayable(member), p.amount),
                        (BooksAccounts.cash, -(p.amount - p.withheld)),
                    ]
                    if p.withheld != .zero { postings.append((BooksAccounts.backupWithholding, -p.withheld)) }
                    let details = [p.method, p.reference.map { "ref \($0)" }, p.withheld == .zero ? nil : "withheld \(p.withheld)"]
                        .compactMap { $0 }.joined(separator: ", ")
                    transactions.append(
                        JournalTransaction(
                            date: p.date, rank: 1, code: p.index, who: who(member),
                            what: "patronage \(year.year) cash paid" + (details.isEmpty ? "" : " (\(details))"), postings: postings))
                }
            }
            return transactions
        }
    }

    /// Each payee's unpaid cash patronage, all years together.
    public func patronageOwed(_ id: MemberID) -> Money {
        state.patronage.years.values.map { $0.commit == nil ? .zero : $0.cashOutstanding(id) }.sum()
    }
}
