import CoopModel

/// One member's patronage for the year, as the allocation reads it.
public struct PatronageInput: Hashable, Sendable, Codable {
    public var member: MemberID
    /// Quantity per measure name, in the measure's unit (cents, hours); non-negative. A measure
    /// the member did not use may be left out (it counts as 0); a name not in the rules is an error.
    public var quantities: [String: Int64]
    /// The member's consent to take allocations into income is in force, so their written notice
    /// of allocation is qualified (IRC §1388(c)); otherwise it is non-qualified.
    public var qualified: Bool

    public init(member: MemberID, quantities: [String: Int64], qualified: Bool) {
        self.member = member
        self.quantities = quantities
        self.qualified = qualified
    }
}
