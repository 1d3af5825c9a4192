import CoopBylaws
import CoopCanonicalJSON
import CoopModel

extension EntryType {
    /// An officer changes a member's class, dues tier or sliding-scale amount from a month on.
    public static let memberChange = EntryType("member.change")
    /// A member leaves (signed by themselves, or by an officer on their written notice).
    public static let memberWithdraw = EntryType("member.withdraw")
    /// An officer suspends a member: no vote, no officer action, dues still accrue.
    public static let memberSuspend = EntryType("member.suspend")
    /// An officer lifts a suspension.
    public static let memberReinstate = EntryType("member.reinstate")
    /// An officer records an expulsion.
    public static let memberExpel = EntryType("member.expel")
}

/// `member.change`: a new class, tier or own amount from month `from` on.
struct MemberChangeHandler: EntryHandler {
    let type = EntryType.memberChange

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .memberChange, fallback: [.secretary])
        let body = try entry.body(MemberChangeBody.self)
        let m = try state.requireMember(body.member, in: [.active, .suspended], for: entry)
        guard body.memberClass != nil || body.tier != nil || body.duesAmount != nil else {
            throw entry.refuse(.field, "name a new \"class\", \"tier\" or \"dues_amount\"")
        }
        let newClass = body.memberClass ?? m.memberClass
        // A new class without a tier moves the member to that class's default tier.
        let newTier = body.tier ?? (body.memberClass != nil ? nil : m.tier)
        try entry.requireLabel(body.memberClass, "class")
        try entry.requireLabel(body.tier, "tier")
        let terms = try state.terms(class: newClass, tier: newTier, own: body.duesAmount, for: entry)
        if var account = state.registers.dues[body.member], let tier = terms.tier {
            // Spans only move forward: an earlier month is a correction for a new entry to
            // describe in full, not a silent rewrite of charges already stated.
            let earliest = account.tiers.last?.from ?? account.start
            guard body.from >= earliest else {
                throw entry.refuse(.tooEarly, field: "from", "\"from\" must not be before \(earliest) (the admission or the last change)")
            }
            account.tiers.removeAll { $0.from == body.from }
            account.tiers.append(TierSpan(index: index, from: body.from, tier: tier, own: terms.own))
            state.registers.dues[body.member] = account
        }
        state.members[body.member]?.memberClass = terms.memberClass
        state.members[body.member]?.tier = terms.tier
    }
}

/// `member.withdraw`, `member.expel`: the member leaves; dues stop after this month, their roles
/// lapse, and the paid-in share is refunded later or moved to the reserve, as the bylaws say.
struct MemberLeaveHandler: EntryHandler {
    let type: EntryType

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(MemberStatusBody.self)
        try entry.requireLabel(body.reason, "reason")
        let expel = type == .memberExpel
        let author = entry.statement.author
        if expel || author != body.member {
            try state.requireOfficer(author, for: expel ? .memberExpel : .memberWithdraw, fallback: [.secretary])
        }
        let m = try state.requireMember(body.member, in: [.active, .suspended], for: entry)
        let date = try state.statusChangeDate(of: m, effective: body.effective, for: entry, guardSecretary: true)
        state.recordStatus(expel ? .expelled : .withdrawn, of: body.member, index: index, date: date)
        state.members[body.member]?.roles = []
        state.registers.dues[body.member]?.end = YearMonth(date)
        let policy = expel ? state.bylaws?.rules.share.onExpulsion : state.bylaws?.rules.share.onWithdrawal
        let share = state.registers.equity[body.member]?.balance(.share) ?? .zero
        if policy == .reserve, share.cents > 0 {
            state.registers.equity[body.member, default: CapitalAccount()].movements.append(
                EquityMovement(index: index, date: date, kind: .transfer, component: .share, amount: -share, member: body.member))
            state.registers.reserve.movements.append(
                EquityMovement(index: index, date: date, kind: .transfer, component: .share, amount: share, member: body.member))
        }
    }
}

/// `member.suspend` and `member.reinstate`.
struct MemberSuspensionHandler: EntryHandler {
    let type: EntryType

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let suspend = type == .memberSuspend
        try state.requireOfficer(entry.statement.author, for: suspend ? .memberSuspend : .memberReinstate, fallback: [.secretary])
        let body = try entry.body(MemberStatusBody.self)
        try entry.requireLabel(body.reason, "reason")
        let m = try state.requireMember(body.member, in: [suspend ? .active : .suspended], for: entry)
        let date = try state.statusChangeDate(of: m, effective: body.effective, for: entry, guardSecretary: suspend)
        state.recordStatus(suspend ? .suspended : .active, of: body.member, index: index, date: date)
    }
}

extension LedgerState {
    /// The date of a change of `m`'s status, after the checks every such change makes: the only
    /// active secretary cannot leave or be suspended (`guardSecretary`), and the date is the
    /// entry's effective date, not before the member's last change of status.
    func statusChangeDate(of m: MemberRecord, effective: CivilDate?, for entry: DecodedEntry, guardSecretary: Bool) throws -> CivilDate {
        if guardSecretary, isLastActiveSecretary(m) {
            throw entry.refuse(.lastSecretary, field: "member", "\(m.id) is the only secretary; grant the role to someone else first")
        }
        let date = try effectiveDate(effective, for: entry, member: m)
        if let last = m.history.last, date < last.date {
            throw entry.refuse(
                .effectiveDate, field: "effective", "\"effective\" \(date) is before \(m.id)'s last change of status (\(last.date))")
        }
        return date
    }

    /// Records `status` for `member` from `date` (entry `index`).
    mutating func recordStatus(_ status: MemberStatus, of member: MemberID, index: UInt64, date: CivilDate) {
        members[member]?.status = status
        members[member]?.history.append(StatusChange(index: index, date: date, status: status))
    }
}
