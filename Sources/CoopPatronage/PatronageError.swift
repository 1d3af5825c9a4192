import CoopModel

/// Why an allocation (or a report built from one) could not be made.
public enum PatronageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rules fail validation; every problem found is listed.
    case invalidRules([String])
    /// A year figure (surplus, carried loss, non-patronage income) is outside ±`Money.limit`.
    case amountOutOfRange(field: String, amount: Money)
    /// The carried loss is given as a negative amount.
    case negativeCarriedLoss(Money)
    /// The same member appears twice in the inputs.
    case duplicateMember(MemberID)
    /// A member reports a quantity under a name that is not a measure in the rules.
    case unknownMeasure(member: MemberID, measure: String)
    /// A member reports a negative quantity.
    case negativeQuantity(member: MemberID, measure: String, quantity: Int64)
    /// A measure's total over all members reaches `Money.limit` (10^15 units).
    case measureTotalTooLarge(measure: String)
    /// Some members have patronage, but none in this measure, so its weight cannot be shared.
    case zeroTotal(measure: String)
    /// No member has any patronage, so there is nothing to share a surplus or loss by.
    case noPatronage
    /// The exact common denominator of the weights times the pool does not fit 128 bits.
    case exceedsExactRange(String)
    /// A payment given to the 1099-PATR report is negative.
    case negativePayment(member: MemberID, field: String)

    public var description: String {
        switch self {
        case let .invalidRules(problems):
            return "the patronage rules have \(problems.count == 1 ? "1 problem" : "\(problems.count) problems") (fix them in the bylaws):\n"
                + problems.map { "  " + $0 }.joined(separator: "\n")
        case let .amountOutOfRange(field, amount):
            return "\(field) \(amount) is out of range: amounts must stay below \(Money(cents: Money.limit)) in magnitude"
        case let .negativeCarriedLoss(amount):
            return "carried loss \(amount) is negative: give the loss carried from prior years as a positive amount (0 if none)"
        case let .duplicateMember(member):
            return "member \(member) appears twice in the patronage inputs: merge their quantities into one row"
        case let .unknownMeasure(member, measure):
            return "member \(member) reports '\(measure)', which is not a measure in the rules: fix the name or add the measure to the rules"
        case let .negativeQuantity(member, measure, quantity):
            return "member \(member) reports \(quantity) for '\(measure)': quantities cannot be negative; record returns as reduced patronage, not below 0"
        case let .measureTotalTooLarge(measure):
            return "the total of '\(measure)' over all members reaches \(Money.limit) units: express it in a coarser unit (dollars instead of cents)"
        case let .zeroTotal(measure):
            return "no member has any '\(measure)' this year, so its weight cannot be shared: record the patronage or set the rules without that measure"
        case .noPatronage:
            return "no member has any patronage this year, so there is nothing to allocate by: record the members' patronage first"
        case let .exceedsExactRange(detail):
            return "the allocation is too large to compute exactly (\(detail)): express measures in coarser units (dollars, whole hours) or use simpler weights"
        case let .negativePayment(member, field):
            return "member \(member) has a negative \(field): report amounts actually paid or issued (corrections go in a corrected form)"
        }
    }
}
