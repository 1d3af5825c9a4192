import CoopBylaws
import CoopCanonicalJSON
import CoopModel

extension EntryType {
    /// The treasurer records a dues payment.
    public static let duesPay = EntryType("dues.pay")
    /// The treasurer waives an amount of a member's dues.
    public static let duesWaive = EntryType("dues.waive")
    /// The treasurer refunds dues paid.
    public static let duesRefund = EntryType("dues.refund")
}

/// `dues.pay`, `dues.waive`, `dues.refund`: a movement on a member's dues account. Payments and
/// waivers apply to the oldest open months first; a refund may not exceed what was credited.
struct DuesMovementHandler: EntryHandler {
    let type: EntryType

    var kind: DuesMovement.Kind {
        switch type {
        case .duesWaive: return .waiver
        case .duesRefund: return .refund
        default: return .payment
        }
    }

    var action: OfficerAction { Self.action(for: kind) }

    /// The officer action that records (or voids) a movement of `kind`.
    static func action(for kind: DuesMovement.Kind) -> OfficerAction {
        switch kind {
        case .payment, .void: return .duesPay
        case .waiver: return .duesWaive
        case .refund: return .duesRefund
        }
    }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: action, fallback: [.treasurer])
        let body:
            (
                member: MemberID, amount: Money, period: YearMonth?, method: String?, reference: String?, reason: String?,
                effective: CivilDate?
            )
        if kind == .payment {
            let b = try entry.body(DuesPaymentBody.self)
            body = (b.member, b.amount, b.period, b.method, b.reference, nil, b.effective)
        } else {
            let b = try entry.body(DuesAdjustmentBody.self)
            body = (b.member, b.amount, nil, nil, nil, b.reason, b.effective)
        }
        for (value, field) in [(body.method, "method"), (body.reference, "ref"), (body.reason, "reason")] {
            try entry.requireLabel(value, field)
        }
        guard state.bylaws != nil else { throw entry.refuse(.bylaws, "dues need bylaws with dues tiers (this ledger has none)") }
        let m = try state.requireMember(body.member, in: [.active, .suspended, .withdrawn, .expelled], for: entry)
        guard var account = state.registers.dues[body.member] else {
            throw entry.refuse(.notFound, field: "member", "\(body.member) has no dues account (admitted without a class)")
        }
        guard body.amount.cents > 0 else { throw entry.refuse(.amount, field: "amount", "the amount must be more than 0.00") }
        if kind == .payment, m.status == .withdrawn || m.status == .expelled {
            throw entry.refuse(
                .status, field: "member",
                "\(body.member) has \(m.status == .withdrawn ? "withdrawn" : "been expelled"); record no more dues for them")
        }
        if kind != .refund, let period = body.period, period < account.start {
            throw entry.refuse(.tooEarly, field: "period", "\(body.member) was admitted in \(account.start); \(period) is before that")
        }
        if kind == .refund {
            let credited = account.movements.map(\.credit).sum()
            guard body.amount <= credited else {
                throw entry.refuse(
                    .balance, field: "amount",
                    "a refund of \(body.amount) exceeds the \(credited) credited to \(body.member)")
            }
        }
        if kind == .waiver, body.reason == nil { throw entry.refuse(.field, field: "reason", "a waiver needs a \"reason\"") }
        let date = try state.effectiveDate(body.effective, for: entry, member: m)
        account.movements.append(
            DuesMovement(
                index: index, date: date, kind: kind, amount: body.amount, period: body.period,
                method: body.method, reference: body.reference, reason: body.reason))
        state.registers.dues[body.member] = account
    }
}

extension LedgerState {
    /// A member's dues position at the end of `month`, by the bylaws' arrears limit; nil when the
    /// member has no dues account.
    public func duesPosition(of id: MemberID, asOf month: YearMonth) -> DuesPosition? {
        guard let account = registers.dues[id] else { return nil }
        return account.position(
            of: id, asOf: month, schedule: registers.duesSchedule,
            maxArrearsMonths: bylaws?.rules.dues.maxArrearsMonths ?? Int.max)
    }

    /// Active and not more months in arrears than the bylaws allow, at the end of `month`.
    /// Members without a dues account (no machine bylaws) are in good standing while active.
    public func inGoodStanding(_ id: MemberID, asOf month: YearMonth) -> Bool {
        guard let m = members[id], m.status == .active else { return false }
        return duesPosition(of: id, asOf: month)?.goodStanding ?? true
    }

    /// A member's dues position as recorded at a record position: charges through `date`'s
    /// month under the tier spans and schedule steps entries before `index` set, credits from
    /// entries before `index` effective on or before `date`. Nil without a dues account.
    public func duesPosition(of id: MemberID, recordedBefore index: UInt64, on date: CivilDate) -> DuesPosition? {
        guard let account = registers.dues[id]?.recorded(before: index, on: date) else { return nil }
        return account.position(
            of: id, asOf: YearMonth(date), schedule: registers.duesSchedule.filter { $0.index < index },
            maxArrearsMonths: bylaws?.rules.dues.maxArrearsMonths ?? Int.max)
    }
}
