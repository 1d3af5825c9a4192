import CoopModel

extension EntryType {
    /// The officer who may record a dues movement voids one recorded by mistake.
    public static let duesVoid = EntryType("dues.void")
}

/// `dues.void`: reverses one dues movement exactly, as of the movement's own effective date, as
/// if it had never been recorded (a payment entered twice is not a refund: no cash left). The
/// original stays in the ledger, marked void; a movement is voided once, a void is not voided
/// (record the movement again), and the officer who may record that kind of movement signs.
struct DuesVoidHandler: EntryHandler {
    var type: EntryType { .duesVoid }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(VoidBody.self)
        try entry.requireLabel(body.reason, "reason")
        guard
            let (member, account) = state.registers.dues.first(where: { _, account in
                account.movements.contains { $0.index == body.entry }
            }), let original = account.movements.first(where: { $0.index == body.entry })
        else {
            throw entry.refuse(
                .notFound, field: "entry",
                "entry \(body.entry) is not a dues payment, waiver or refund: only those are voided with dues.void")
        }
        guard original.kind != .void else {
            throw entry.refuse(.field, field: "entry", "entry \(body.entry) is itself a void: record the movement again instead")
        }
        if let earlier = account.movements.first(where: { $0.voids == body.entry }) {
            throw entry.refuse(.duplicate, field: "entry", "entry \(body.entry) was voided already, by entry \(earlier.index)")
        }
        try state.requireOfficer(entry.statement.author, for: DuesMovementHandler.action(for: original.kind), fallback: [.treasurer])
        if let closed = state.closedPeriod, original.date <= closed.through {
            throw entry.refuse(
                .closedPeriod, field: "entry",
                "entry \(body.entry) took effect \(original.date), and the books are closed through \(closed.through) "
                    + "(\(closed.why)): it stays; record the opposite movement (a refund or a payment) dated now instead")
        }
        let void = DuesMovement(
            index: index, date: original.date, kind: .void, amount: original.amount, period: original.period,
            reference: original.reference, reason: body.reason, voids: original.index, reverses: original.kind)
        let credited = account.movements.map(\.credit).sum() + void.credit
        guard credited >= .zero else {
            throw entry.refuse(
                .balance, field: "entry",
                "voiding entry \(body.entry) would leave \(member) with more refunded than credited; void the refund first")
        }
        state.registers.dues[member]?.movements.append(void)
    }
}
