import CoopBylaws
import CoopCanonicalJSON
import CoopModel

extension EntryType {
    /// The treasurer records a payment toward a member's membership share.
    public static let equityShare = EntryType("equity.share")
    /// The treasurer records a redemption (payout) from a member's capital account.
    public static let equityRedeem = EntryType("equity.redeem")
}

/// `equity.share`: a payment toward the membership share: the whole price, or at least one
/// instalment (price ÷ instalments) until the price is reached, never beyond it.
struct SharePaymentHandler: EntryHandler {
    let type = EntryType.equityShare

    struct Body: Codable {
        var member: MemberID
        var amount: Money
        var method: String?
        var reference: String?
        enum CodingKeys: String, CodingKey {
            case member, amount, method
            case reference = "ref"
        }
    }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .equityShare, fallback: [.treasurer])
        let body = try entry.body(Body.self, allowed: ["member", "amount", "method", "ref"])
        guard let rules = state.bylaws?.rules else { throw entry.invalid("shares need bylaws with a share rule (this ledger has none)") }
        let m = try state.requireMember(body.member, in: [.active, .suspended], for: entry)
        guard let c = m.memberClass, rules.classes[c]?.shareRequired == true else {
            throw entry.invalid("members of the \(m.memberClass ?? "unclassed") class buy no share")
        }
        guard body.amount.cents > 0 else { throw entry.invalid("the amount must be more than 0.00") }
        let account = state.registers.equity[body.member] ?? CapitalAccount()
        let remaining = rules.share.price - account.sharePaidIn
        guard remaining.cents > 0 else { throw entry.invalid("\(body.member) has paid the whole share of \(rules.share.price)") }
        guard body.amount <= remaining else {
            throw entry.invalid("\(body.amount) is more than the \(remaining) still owed on the share")
        }
        let least = rules.share.minimumPayment(remaining: remaining)
        guard body.amount >= least else {
            throw entry.invalid("a share payment is at least one instalment (\(least)) or the remainder")
        }
        state.registers.equity[body.member, default: CapitalAccount()].movements.append(EquityMovement(
            index: index, date: entry.statement.time.date, kind: .payment, component: .share, amount: body.amount,
            memo: [body.method, body.reference].compactMap { $0 }.joined(separator: " ").nilIfEmpty))
        state.registers.memberEquity += body.amount
    }
}

/// `equity.redeem`: pays out part of a capital account. The share is redeemed only after the
/// member has left; patronage lots are redeemed when the board revolves them.
struct RedemptionHandler: EntryHandler {
    let type = EntryType.equityRedeem

    struct Body: Codable {
        var member: MemberID
        var component: String
        var amount: Money
        var reason: String?
    }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .equityRedeem, fallback: [.treasurer])
        let body = try entry.body(Body.self, allowed: ["member", "component", "amount", "reason"])
        let m = try state.requireMember(body.member, in: Set(MemberStatus.allCases), for: entry)
        guard let component = EquityComponent(accountName: body.component) else {
            throw entry.invalid("\"component\" must be share or patronage:YEAR:qualified|nonqualified")
        }
        if component == .share, m.status == .active || m.status == .suspended {
            throw entry.invalid("the share is redeemed only after \(body.member) leaves")
        }
        guard body.amount.cents > 0 else { throw entry.invalid("the amount must be more than 0.00") }
        let balance = state.registers.equity[body.member]?.balance(component) ?? .zero
        guard body.amount <= balance else {
            throw entry.invalid("\(body.amount) is more than the \(balance) in \(body.member)'s \(component)")
        }
        state.registers.equity[body.member, default: CapitalAccount()].movements.append(EquityMovement(
            index: index, date: entry.statement.time.date, kind: .redemption, component: component,
            amount: -body.amount, memo: body.reason))
        state.registers.memberEquity -= body.amount
    }
}

extension EquityComponent {
    /// Parses `share` or `patronage:YEAR:qualified|nonqualified`.
    public init?(accountName: String) {
        if accountName == "share" {
            self = .share
            return
        }
        let parts = accountName.split(separator: ":")
        guard parts.count == 3, parts[0] == "patronage", let year = Int(parts[1]), (1900...9999).contains(year),
              parts[2] == "qualified" || parts[2] == "nonqualified" else { return nil }
        self = .patronage(year: year, qualified: parts[2] == "qualified")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
