import CoopBylaws
import CoopModel

/// Where a member's dues stand at the end of a month: what accrued, what was credited, which
/// months are paid (oldest first), and whether the arrears cost them good standing.
public struct DuesPosition: Sendable, Equatable, Codable {
    public var member: MemberID
    public var asOf: YearMonth
    /// Each accrued month with its amount, oldest first.
    public var charges: [MonthlyCharge]
    public var charged: Money
    /// Payments and waivers less refunds.
    public var credited: Money
    /// charged − credited: positive when the member owes, negative when they have paid ahead.
    public var balance: Money
    /// The last month fully paid, counting from the first; nil when the first is not.
    public var paidThrough: YearMonth?
    /// Accrued months not fully paid.
    public var monthsInArrears: Int
    public var goodStanding: Bool

    public struct MonthlyCharge: Sendable, Equatable, Codable {
        public var month: YearMonth
        public var tier: String
        public var amount: Money
    }

    enum CodingKeys: String, CodingKey {
        case member, charged, credited, balance, charges
        case asOf = "as_of"
        case paidThrough = "paid_through"
        case monthsInArrears = "months_in_arrears"
        case goodStanding = "good_standing"
    }
}

extension DuesAccount {
    /// The position at the end of `month`, with credits recorded up to now applied to the
    /// oldest open months first.
    public func position(
        of member: MemberID, asOf month: YearMonth, schedule: [DuesScheduleStep],
        maxArrearsMonths: Int
    ) -> DuesPosition {
        var charges: [DuesPosition.MonthlyCharge] = []
        let last = min(month, end ?? month)
        if start <= last {
            for m in start...last {
                guard let span = tier(for: m), let step = schedule.last(where: { $0.from <= m }),
                    let amount = step.tiers[span.tier]?.amount(own: span.own)
                else { continue }
                charges.append(.init(month: m, tier: span.tier, amount: amount))
            }
        }
        let charged = charges.map(\.amount).sum()
        let credited = movements.map(\.credit).sum()
        var left = credited
        var paidThrough: YearMonth?
        var open = 0
        for c in charges {
            if left >= c.amount {
                left -= c.amount
                if open == 0 { paidThrough = c.month }
            } else {
                left = .zero
                open += 1
            }
        }
        return DuesPosition(
            member: member, asOf: month, charges: charges, charged: charged, credited: credited,
            balance: charged - credited, paidThrough: paidThrough, monthsInArrears: open,
            goodStanding: open <= maxArrearsMonths)
    }
}
