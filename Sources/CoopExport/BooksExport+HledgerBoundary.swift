import CoopModel

/// The journal's boundary with the cooperative's main books.
///
/// coop sees only part of the money: dues, shares, redemptions and patronage, not the operating
/// income that earns the net margin nor the bank account that holds the cash. A standalone
/// journal books that boundary to `assets:cash` and `equity:net margin`, which then show what
/// coop saw alone (cash paid out of income coop never saw goes negative). With a clearing
/// account, every posting that would go to either goes to the clearing account instead: its
/// balance is what the main books settle (bank ↔ clearing, retained margin ↔ clearing) when the
/// bookkeeper merges the journal, and no account coop owns goes negative for lack of income.
extension BooksExport {
    /// Account prefixes coop's own postings use: a clearing account may not be one of them.
    static let ownAccounts = [
        BooksAccounts.cash, BooksAccounts.netMargin, BooksAccounts.duesIncome, BooksAccounts.duesWaived, BooksAccounts.reserve,
        BooksAccounts.members, "assets:dues receivable", "equity:dues contributions", "liabilities:patronage payable",
        BooksAccounts.backupWithholding,
    ]

    /// Checks a clearing account name: an hledger account name (no two spaces in a row, no tab,
    /// no `;`, no empty part) that is not one of coop's own accounts.
    public static func checkClearingAccount(_ name: String) throws {
        func refuse(_ reason: String) -> BooksExportError { .badClearingAccount(name: name, reason: reason) }
        if name.isEmpty || name.split(separator: ":", omittingEmptySubsequences: false).contains(where: { $0.trimmingSpaces.isEmpty }) {
            throw refuse("every part between colons must hold a name")
        }
        if name.contains("  ") || name.contains(";") || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw refuse("hledger ends an account name at two spaces, a tab or ';'")
        }
        if name != name.trimmingSpaces { throw refuse("it begins or ends with a space") }
        if let own = ownAccounts.first(where: { name == $0 || name.hasPrefix($0 + ":") || $0.hasPrefix(name + ":") }) {
            throw refuse("it is, or overlaps, coop's own account \(own)")
        }
    }

    /// `transactions` with cash and net margin postings moved to the clearing account (merged
    /// per transaction), or unchanged without one.
    func throughClearing(_ transactions: [JournalTransaction]) -> [JournalTransaction] {
        guard let clearing else { return transactions }
        return transactions.map { t in
            var t = t
            var merged: [(account: String, amount: Money)] = []
            for p in t.postings {
                let account = p.account == BooksAccounts.cash || p.account == BooksAccounts.netMargin ? clearing : p.account
                if let i = merged.firstIndex(where: { $0.account == account }) {
                    merged[i].amount += p.amount
                } else {
                    merged.append((account, p.amount))
                }
            }
            let asserted = Set(t.assertions.map(\.account))
            t.postings = merged.filter { $0.amount.cents != 0 || asserted.contains($0.account) }
            return t
        }.filter { !$0.postings.isEmpty }
    }

    /// With `since`: the transactions before it replaced by one opening transaction on `since`
    /// holding their balances (each transaction balances, so their sum does), then the rest.
    func fromSince(_ transactions: [JournalTransaction]) -> [JournalTransaction] {
        guard let since else { return transactions }
        let before = transactions.filter { $0.date < since }
        guard !before.isEmpty else { return transactions }
        var balances: [(account: String, amount: Money)] = []
        for t in before {
            for p in t.postings {
                if let i = balances.firstIndex(where: { $0.account == p.account }) {
                    balances[i].amount += p.amount
                } else {
                    balances.append(p)
                }
            }
        }
        let opening = JournalTransaction(
            date: since, rank: -1, code: nil, who: "coop registers", what: "opening balances (movements before \(since))",
            postings: balances.filter { $0.amount.cents != 0 })
        return (opening.postings.isEmpty ? [] : [opening]) + transactions.filter { $0.date >= since }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
