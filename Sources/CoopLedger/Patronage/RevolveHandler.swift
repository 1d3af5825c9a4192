import CoopBylaws
import CoopModel
import CoopPatronage

extension EntryType {
    /// The board revolves retained patronage: pays out the lots of a year and earlier.
    public static let patronageRevolve = EntryType("patronage.revolve")
}

/// `patronage.revolve`: redeems every positive retained lot of `year` and earlier, oldest first
/// (FIFO), paid from the members' capital accounts. `total` restates the sum the signer saw,
/// so an entry signed against another state of the accounts is refused.
struct RevolveHandler: EntryHandler {
    let type = EntryType.patronageRevolve

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .patronageRevolve, fallback: [.board])
        let body = try entry.body(RevolveBody.self)
        let plan = state.revolvingPlan(through: body.year)
        guard plan.total > .zero else {
            throw entry.refuse(.nothingPending, field: "year", "no retained patronage of \(body.year) or earlier is outstanding")
        }
        guard plan.total == body.total else {
            throw entry.refuse(
                .recount, field: "total",
                "revolving through \(body.year) redeems \(plan.total), not the \(body.total) stated")
        }
        let date = entry.time.date
        var next = state
        for lot in plan.redeemed {
            next.registers.equity[lot.member, default: CapitalAccount()].movements.append(
                EquityMovement(
                    index: index, date: date, kind: .redemption,
                    component: .patronage(year: lot.year, qualified: lot.equityClass == .qualified),
                    amount: -lot.amount, throughYear: body.year))
        }
        next.registers.memberEquity -= plan.total
        try next.registers.checkEquityInvariant(entry)
        next.patronage.revolutions.append(
            Revolution(
                index: index, date: date, throughYear: body.year, total: plan.total,
                nonQualified: plan.nonQualifiedTotal))
        state = next
    }
}

extension LedgerState {
    /// What revolving through `year` would pay now: every member's positive patronage lots of
    /// `year` and earlier, oldest first.
    public func revolvingPlan(through year: Int) -> RevolvingRedemption {
        var lots: [EquityLot] = []
        for (member, account) in registers.equity {
            for case let (.patronage(lotYear, qualified), balance) in account.components where balance != .zero {
                lots.append(EquityLot(member: member, year: lotYear, equityClass: qualified ? .qualified : .nonQualified, amount: balance))
            }
        }
        return RevolvingPlan.redeem(lots: lots, year: year)
    }
}
