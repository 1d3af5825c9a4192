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

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .equityShare, fallback: [.treasurer])
        let body = try entry.body(SharePaymentBody.self)
        try entry.requireLabel(body.method, "method")
        try entry.requireLabel(body.reference, "ref")
        guard let rules = state.bylaws?.rules else {
            throw entry.refuse(.bylaws, "shares need bylaws with a share rule (this ledger has none)")
        }
        let m = try state.requireMember(body.member, in: [.active, .suspended], for: entry)
        guard let c = m.memberClass, rules.classes[c]?.shareRequired == true else {
            throw entry.refuse(.notEligible, field: "member", "members of the \(m.memberClass ?? "unclassed") class buy no share")
        }
        guard body.amount.cents > 0 else { throw entry.refuse(.amount, field: "amount", "the amount must be more than 0.00") }
        let account = state.registers.equity[body.member] ?? CapitalAccount()
        let remaining = rules.share.price - account.sharePaidIn
        guard remaining.cents > 0 else {
            throw entry.refuse(.balance, field: "amount", "\(body.member) has paid the whole share of \(rules.share.price)")
        }
        guard body.amount <= remaining else {
            throw entry.refuse(.balance, field: "amount", "\(body.amount) is more than the \(remaining) still owed on the share")
        }
        let least = rules.share.minimumPayment(remaining: remaining)
        guard body.amount >= least else {
            throw entry.refuse(.amount, field: "amount", "a share payment is at least one instalment (\(least)) or the remainder")
        }
        let date = try state.effectiveDate(body.effective, for: entry, member: m)
        state.registers.equity[body.member, default: CapitalAccount()].movements.append(
            EquityMovement(
                index: index, date: date, kind: .payment, component: .share, amount: body.amount,
                method: body.method, reference: body.reference))
        state.registers.memberEquity += body.amount
    }
}

/// `equity.redeem`: pays out part of a capital account. The share is redeemed only after the
/// member has left. Retained patronage is the members' common capital until the board revolves
/// it (`patronage.revolve`, oldest first, everyone alike), so one officer may not pay it out to
/// anyone: `equity.redeem` takes a patronage lot only from a member who has left, when the
/// bylaws say `patronage.on_departure: redeem`, or exactly as a passed resolution authorizes
/// (`motion` names it; each authorization is used once).
struct RedemptionHandler: EntryHandler {
    let type = EntryType.equityRedeem

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .equityRedeem, fallback: [.treasurer])
        let body = try entry.body(RedemptionBody.self)
        try entry.requireLabel(body.reason, "reason")
        let m = try state.requireMember(body.member, in: Set(MemberStatus.allCases), for: entry)
        let component = body.component
        let left = m.status == .withdrawn || m.status == .expelled
        if component == .share, !left {
            throw entry.refuse(.status, field: "member", "the share is redeemed only after \(body.member) leaves")
        }
        guard body.amount.cents > 0 else { throw entry.refuse(.amount, field: "amount", "the amount must be more than 0.00") }
        let balance = state.registers.equity[body.member]?.balance(component) ?? .zero
        guard body.amount <= balance else {
            throw entry.refuse(.balance, field: "amount", "\(body.amount) is more than the \(balance) in \(body.member)'s \(component)")
        }
        var authorizing: MotionID?
        if case .patronage = component {
            if let id = body.motion {
                try state.requireRedemptionAuthorized(by: id, member: body.member, component: component, amount: body.amount, entry: entry)
                authorizing = id
            } else if !(left && state.bylaws?.rules.patronage?.onDeparture == .redeem) {
                throw entry.refuse(
                    .notAuthorized, field: "motion",
                    "retained patronage is paid out by the board's revolving ('coop patronage revolve'), to a member "
                        + "who has left when the bylaws say so (patronage.on_departure: redeem), or as a passed resolution "
                        + "authorizes (propose one with --redeem, then pass --motion)")
            }
        } else if body.motion != nil {
            throw entry.refuse(.field, field: "motion", "\"motion\" authorizes redemptions of retained patronage only")
        }
        let date = try state.effectiveDate(body.effective, for: entry, member: m)
        state.registers.equity[body.member, default: CapitalAccount()].movements.append(
            EquityMovement(
                index: index, date: date, kind: .redemption, component: component,
                amount: -body.amount, reason: body.reason))
        state.registers.memberEquity -= body.amount
        if let authorizing { state.governance.motions[authorizing]?.redemptionUsedAt = index }
    }
}

extension LedgerState {
    /// Throws unless motion `id` is a passed resolution authorizing exactly this redemption, not
    /// yet used.
    func requireRedemptionAuthorized(
        by id: MotionID, member: MemberID, component: EquityComponent, amount: Money,
        entry: DecodedEntry
    ) throws {
        let motion = try self.motion(id, field: "motion")
        guard let auth = motion.redemption else { throw entry.refuse(.notAuthorized, field: "motion", "\(id) authorizes no redemption") }
        guard motion.status == .closed, motion.outcome?.passed == true else {
            throw entry.refuse(.notAuthorized, field: "motion", "\(id) has not passed; a redemption it names waits for the members' vote")
        }
        guard auth.member == member, auth.component == component, auth.amount == amount else {
            let field = auth.member != member ? "member" : auth.component != component ? "component" : "amount"
            throw entry.refuse(
                .notAuthorized, field: field,
                "\(id) authorizes \(auth.amount) from \(auth.member)'s \(auth.component), not \(amount) from "
                    + "\(member)'s \(component)")
        }
        if let used = motion.redemptionUsedAt {
            throw entry.refuse(.duplicate, field: "motion", "\(id)'s redemption was already paid (entry \(used))")
        }
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
            parts[2] == "qualified" || parts[2] == "nonqualified"
        else { return nil }
        self = .patronage(year: year, qualified: parts[2] == "qualified")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
