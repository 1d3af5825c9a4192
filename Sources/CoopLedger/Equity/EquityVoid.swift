import CoopBylaws
import CoopModel

extension EntryType {
    /// The treasurer voids a share payment recorded by mistake.
    public static let equityVoid = EntryType("equity.void")
}

/// `equity.void`: reverses a share payment exactly, as of its own date (a payment entered twice
/// is not a redemption: no cash went out). Once per payment, by an officer allowed
/// `equity.share`, never inside closed books, and only while the share still holds it (not
/// after it was redeemed or moved to the reserve).
struct EquityVoidHandler: EntryHandler {
    var type: EntryType { .equityVoid }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(VoidBody.self)
        try entry.requireLabel(body.reason, "reason")
        guard
            let (member, account) = state.registers.equity.first(where: { _, account in
                account.movements.contains { $0.index == body.entry && $0.kind == .payment && $0.component == .share }
            }), let original = account.movements.first(where: { $0.index == body.entry })
        else {
            throw entry.refuse(.notFound, field: "entry", "entry \(body.entry) is not a share payment: only those are voided with equity.void")
        }
        if let earlier = account.movements.first(where: { $0.voids == body.entry }) {
            throw entry.refuse(.duplicate, field: "entry", "entry \(body.entry) was voided already, by entry \(earlier.index)")
        }
        try state.requireOfficer(entry.statement.author, for: .equityShare, fallback: [.treasurer])
        if let closed = state.closedPeriod, original.date <= closed.through {
            throw entry.refuse(
                .closedPeriod, field: "entry",
                "entry \(body.entry) took effect \(original.date), and the books are closed through \(closed.through) "
                    + "(\(closed.why)): it stays; record a redemption dated now instead")
        }
        guard account.balance(.share) >= original.amount else {
            throw entry.refuse(
                .balance, field: "entry",
                "\(member)'s share holds \(account.balance(.share)) now (redeemed or moved to the reserve since), less than the \(original.amount) to void")
        }
        state.registers.equity[member]?.movements.append(
            EquityMovement(
                index: index, date: original.date, kind: .void, component: .share, amount: -original.amount,
                reference: original.reference, reason: body.reason, voids: original.index))
        state.registers.memberEquity -= original.amount
    }
}
