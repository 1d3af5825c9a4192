import ArgumentParser
import CoopLedger
import CoopModel

/// `--allow-duplicate-ref` for payments that carry `--ref`.
///
/// A payment entered twice (the same bank transfer typed in on two days) is the commonest
/// bookkeeping slip, and the ledger cannot undo an entry: the command refuses a second payment
/// with the same reference for the same member, naming the first, unless told it is meant. This
/// is a check of the CLI, not a ledger rule: two payments may truly share a reference (one
/// cheque split over two entries), and the ledger records what the treasurer states.
struct DuplicateRefOption: ParsableArguments {
    @Flag(help: "Record it even if the member already has a payment with the same --ref.")
    var allowDuplicateRef = false

    /// Throws when `ref` is the reference of one of `earlier` (index, reference), unless allowed.
    func check(_ ref: String?, member: MemberID, kind: String, earlier: [(index: UInt64, reference: String?)]) throws {
        guard let ref, !allowDuplicateRef, let first = earlier.first(where: { $0.reference == ref }) else { return }
        throw CLIError.invalidArgument(
            "\(member) already has a \(kind) with reference \"\(ref)\" (entry \(first.index), "
                + "'coop show \(first.index)'); if this is a second payment, pass --allow-duplicate-ref")
    }
}

extension GlobalOptions {
    /// The member's earlier dues payments, for `DuplicateRefOption` (read only when needed).
    func duesPayments(of member: MemberID) throws -> [(index: UInt64, reference: String?)] {
        let movements = try openLedger(readOnly: true).state().registers.dues[member]?.movements ?? []
        return movements.filter { $0.kind == .payment }.map { ($0.index, $0.reference) }
    }

    /// The member's earlier share payments, for `DuplicateRefOption`.
    func sharePayments(of member: MemberID) throws -> [(index: UInt64, reference: String?)] {
        let movements = try openLedger(readOnly: true).state().registers.equity[member]?.movements ?? []
        return movements.filter { $0.kind == .payment && $0.component == .share }.map { ($0.index, $0.reference) }
    }
}
