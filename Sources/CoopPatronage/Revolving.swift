import CoopModel

/// Whether retained patronage was allocated by a qualified or a non-qualified notice; redeeming
/// a non-qualified lot is taxable to the member then (1099-PATR box 5), a qualified one is not.
public enum EquityClass: String, Hashable, Sendable, Codable, Comparable, CaseIterable {
    case qualified
    case nonQualified

    public static func < (lhs: EquityClass, rhs: EquityClass) -> Bool { lhs == .qualified && rhs == .nonQualified }
}

/// Retained patronage of one member, one allocation year, one class.
public struct EquityLot: Hashable, Sendable, Codable {
    public var member: MemberID
    public var year: Int
    public var equityClass: EquityClass
    public var amount: Money

    public init(member: MemberID, year: Int, equityClass: EquityClass, amount: Money) {
        self.member = member
        self.year = year
        self.equityClass = equityClass
        self.amount = amount
    }

    /// Oldest year first, then member id, then qualified before non-qualified: FIFO order.
    static func fifo(_ a: EquityLot, _ b: EquityLot) -> Bool {
        (a.year, a.member, a.equityClass) < (b.year, b.member, b.equityClass)
    }
}

/// What a revolving redemption pays and what stays retained.
public struct RevolvingRedemption: Hashable, Sendable, Codable {
    /// Lots paid out, in FIFO order.
    public let redeemed: [EquityLot]
    /// Lots still retained, in FIFO order.
    public let remaining: [EquityLot]
    /// Σ redeemed.
    public let total: Money
    /// The non-qualified part of `total` (1099-PATR box 5).
    public let nonQualifiedTotal: Money
}

/// The revolving fund: retained patronage is paid back oldest year first.
public enum RevolvingPlan {
    /// Redeems every lot of `year` and of any earlier year still outstanding, because a
    /// revolving fund never pays a later year before an earlier one (FIFO).
    ///
    /// Lots with the same member, year and class are added together first (a lot is keyed by
    /// them). A net negative lot (a loss charged to a capital account) is never paid: it stays
    /// in `remaining` to be settled against later allocations. Zero lots are dropped.
    public static func redeem(lots: [EquityLot], year: Int) -> RevolvingRedemption {
        var merged: [EquityLot] = []
        for lot in lots.sorted(by: EquityLot.fifo) {
            if let last = merged.last, (last.year, last.member, last.equityClass) == (lot.year, lot.member, lot.equityClass) {
                merged[merged.count - 1].amount += lot.amount
            } else {
                merged.append(lot)
            }
        }
        merged.removeAll { $0.amount == .zero }
        let redeemed = merged.filter { $0.year <= year && $0.amount > .zero }
        let remaining = merged.filter { !($0.year <= year && $0.amount > .zero) }
        return RevolvingRedemption(
            redeemed: redeemed, remaining: remaining, total: redeemed.map(\.amount).sum(),
            nonQualifiedTotal: redeemed.filter { $0.equityClass == .nonQualified }.map(\.amount).sum())
    }
}
