import CoopBylaws
import CoopCrypto
import CoopModel
import CoopPatronage

extension EntryType {
    /// The treasurer records the year's allocation the members approved.
    public static let patronageCommit = EntryType("patronage.commit")
}

/// `patronage.commit`: records a fiscal year's allocation, only after a `patronage-approval`
/// motion for the year passed and only if recomputing the allocation now gives the hash the
/// motion pinned (and the entry names). Every verifier recomputes it again.
///
/// Each member's retained part becomes an equity lot `patronage:YEAR:qualified|nonqualified`
/// (a loss charged to capital accounts is a negative lot), the reserve takes its share (or
/// absorbs the loss), the cash parts become payable, and the equity invariant is checked.
struct PatronageCommitHandler: EntryHandler {
    let type = EntryType.patronageCommit

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        try state.requireOfficer(s.author, for: .patronageCommit, fallback: [.treasurer])
        let body = try entry.body(PatronageCommitBody.self)
        if let commit = state.patronage[body.year].commit {
            throw entry.refuse(.duplicate, field: "year", "fiscal year \(body.year) was already committed at entry \(commit.index)")
        }
        guard let approved = state.governance.approvedPatronage(year: body.year) else {
            throw entry.refuse(
                .notAuthorized, field: "year",
                "no patronage-approval motion for \(body.year) has passed: the members approve the result hash first")
        }
        guard approved == body.resultHash else {
            throw entry.refuse(
                .notAuthorized, field: "result_hash",
                "the members approved result \(approved.hex) for \(body.year), not \(body.resultHash.hex)")
        }
        let result = try entry.rethrowing { try state.patronageComputation(year: body.year) }
        guard result.resultHash == approved else {
            throw entry.refuse(
                .recount, field: "result_hash",
                "the allocation recomputed now has result hash \(result.resultHash.hex), not the approved \(approved.hex): "
                    + "an input changed after the approval (a close or consent); preview it again and put the new result to the members")
        }
        let a = result.allocation
        let date = entry.time.date
        var next = state
        for row in a.members where row.retained != .zero {
            next.registers.equity[row.member, default: CapitalAccount()].movements.append(
                EquityMovement(
                    index: index, date: date, kind: .allocation, component: .patronage(year: body.year, qualified: row.qualified),
                    amount: row.retained))
        }
        for amount in [a.reserve, -a.lossToReserve] where amount != .zero {
            next.registers.reserve.movements.append(
                EquityMovement(
                    index: index, date: date, kind: .allocation, component: .patronage(year: body.year, qualified: false),
                    amount: amount))
        }
        next.registers.memberEquity += a.retained + a.reserve - a.lossToReserve
        try next.registers.checkEquityInvariant(entry)
        var cashDue: [MemberID: Money] = [:]
        for row in a.members where row.cash > .zero { cashDue[row.member] = row.cash }
        let motion = state.governance.list.last {
            $0.kind == .patronageApproval && $0.outcome?.passed == true && $0.patronage?.year == body.year
                && $0.patronage?.resultHash == approved.hex
        }
        let commit = YearCommit(
            index: index, date: date, resultHash: result.resultHash, rulesVersion: result.rulesVersion, motion: motion?.id,
            carriedLossIn: a.carriedLossIn, consents: result.consents, cashDue: cashDue)
        next.patronage.update(body.year) { $0.commit = commit }
        next.patronage.carriedLoss = a.carriedLossOut
        state = next
    }
}
