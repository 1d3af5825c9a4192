import CoopLedger
import CoopModel

/// The journal's account names. Member ids and component names hold no spaces or colons of
/// their own beyond the ones meant as hierarchy, so every name is a valid hledger account.
public enum BooksAccounts {
    public static let cash = "assets:cash"
    public static let duesIncome = "income:dues"
    public static let duesWaived = "expenses:dues waived"
    public static let reserve = "equity:reserve"
    /// Where patronage allocations come from (the operating books hold the margin itself).
    public static let netMargin = "equity:net margin"
    public static let members = "equity:members"

    public static func receivable(_ id: MemberID) -> String { "assets:dues receivable:\(id)" }
    public static func duesContributed(_ id: MemberID) -> String { "equity:dues contributions:\(id)" }
    public static func member(_ id: MemberID) -> String { "\(members):\(id)" }
    public static func member(_ id: MemberID, _ component: EquityComponent) -> String {
        "\(member(id)):\(component.accountName)"
    }

    /// The account that balances an equity movement of this kind.
    static func offset(for kind: EquityMovement.Kind) -> String {
        switch kind {
        case .payment, .redemption, .void: return cash
        case .allocation, .transfer: return netMargin
        }
    }

    static func phrase(for m: EquityMovement) -> String {
        switch m.kind {
        case .payment: return "\(m.component.description) payment"
        case .redemption: return "\(m.component.description) redeemed"
        case .allocation: return "\(m.component.description) allocated"
        case .transfer: return "\(m.component.description) transferred"
        case .void: return "\(m.component.description) payment void of #\(m.voids.map(String.init) ?? "?")"
        }
    }
}

/// One journal transaction before rendering.
struct JournalTransaction {
    var date: CivilDate
    /// Same-day order: accruals (0), ledger entries by index (1), the closing assertions (2).
    var rank: Int
    var code: UInt64?
    var who: String
    var what: String
    var postings: [(account: String, amount: Money)]
    var assertions: [(account: String, balance: Money)] = []

    var order: (Int64, Int, UInt64) { (date.daysSinceEpoch, rank, code ?? 0) }

    /// The payee hledger reads: the description before `|`, trimmed.
    var payee: String { Journal.clean(who, pipe: "/").trimmingSpaces }

    /// `DATE (#N) who | what`, then postings, debits first.
    var text: String {
        var line = date.description + (code.map { " (#\($0))" } ?? "")
        line += " " + payee + " | " + Journal.clean(what) + "\n"
        let ordered = postings.filter { $0.amount.cents > 0 } + postings.filter { $0.amount.cents <= 0 }
        // Amounts right-aligned two spaces after the longest account (hledger's own layout).
        let width = (ordered.map(\.account.count).max() ?? 0) + 2 + (ordered.map { Journal.amount($0.amount).count }.max() ?? 0)
        for p in ordered {
            let amount = Journal.amount(p.amount)
            var posting = "    " + p.account + String(repeating: " ", count: width - p.account.count - amount.count) + amount
            if let a = assertions.first(where: { $0.account == p.account }) {
                posting += " = " + Journal.amount(a.balance)
            }
            line += posting + "\n"
        }
        return line
    }
}

enum Journal {
    /// The `commodity` directive's sample: `$`, thousands grouped by `,`, two decimals after `.`.
    static let commodityFormat = "$1,000.00"

    /// `$17.00`, `$1,234.56`, `$-1,234.56`: exactly the format `commodityFormat` declares
    /// (hledger's own rendering of negative amounts).
    static func amount(_ money: Money) -> String {
        let plain = money.description
        let negative = plain.hasPrefix("-")
        let digits = negative ? plain.dropFirst() : Substring(plain)
        let parts = digits.split(separator: ".", maxSplits: 1)
        let whole = Array(parts.first ?? "0")
        var grouped = ""
        for (i, c) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(c)
        }
        return "$" + (negative ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Text safe on a transaction line: one line, and no `;` (which would start a comment);
    /// `pipe` replaces `|` in the payee part, where it would split payee from note.
    static func clean(_ text: String, pipe: Character = "|") -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                if scalar == ";" { return "," }
                if scalar == "|" { return pipe }
                return scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
                    ? " " : Character(scalar)
            })
    }
}
