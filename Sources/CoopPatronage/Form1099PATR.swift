import CoopModel

/// What a cooperative paid or issued a member in one calendar year, as 1099-PATR reads it.
public struct PatronagePayments: Hashable, Sendable, Codable {
    public var member: MemberID
    /// Patronage dividends paid in cash.
    public var cashPatronage: Money
    /// Face amount of qualified written notices of allocation issued.
    public var qualifiedNotices: Money
    /// Non-qualified notices and retain allocations redeemed (paid out).
    public var nonQualifiedRedemptions: Money
    /// Federal income tax withheld under backup withholding.
    public var backupWithholding: Money

    public init(
        member: MemberID, cashPatronage: Money = .zero, qualifiedNotices: Money = .zero,
        nonQualifiedRedemptions: Money = .zero, backupWithholding: Money = .zero
    ) {
        self.member = member
        self.cashPatronage = cashPatronage
        self.qualifiedNotices = qualifiedNotices
        self.nonQualifiedRedemptions = nonQualifiedRedemptions
        self.backupWithholding = backupWithholding
    }
}

/// One member's Form 1099-PATR figures.
public struct Form1099PATRRow: Hashable, Sendable, Codable {
    public let member: MemberID
    /// Box 1, patronage dividends: cash plus qualified notices.
    public let box1: Money
    /// Box 4, federal income tax withheld.
    public let box4: Money
    /// Box 5, redemption of non-qualified notices and retain allocations.
    public let box5: Money
}

/// Form 1099-PATR rows from a calendar year's payments (pure; filing is elsewhere).
public enum Form1099PATR {
    /// A form is due for $10 or more of patronage distributions (boxes 1 and 5), or any withholding.
    public static let threshold = Money(cents: 1_000)

    /// One row per member owed a form, sorted by member id. A member's several payment records
    /// are added together first, because the threshold applies to the year's total.
    public static func rows(_ payments: [PatronagePayments]) throws(PatronageError) -> [Form1099PATRRow] {
        var byMember: [MemberID: PatronagePayments] = [:]
        for p in payments {
            for (field, amount) in [
                ("cash patronage", p.cashPatronage), ("qualified notice", p.qualifiedNotices),
                ("non-qualified redemption", p.nonQualifiedRedemptions), ("backup withholding", p.backupWithholding),
            ]
            where amount < .zero {
                throw .negativePayment(member: p.member, field: field)
            }
            var sum = byMember[p.member] ?? PatronagePayments(member: p.member)
            sum.cashPatronage += p.cashPatronage
            sum.qualifiedNotices += p.qualifiedNotices
            sum.nonQualifiedRedemptions += p.nonQualifiedRedemptions
            sum.backupWithholding += p.backupWithholding
            byMember[p.member] = sum
        }
        return byMember.values.sorted { $0.member < $1.member }.compactMap { p in
            let row = Form1099PATRRow(
                member: p.member, box1: p.cashPatronage + p.qualifiedNotices,
                box4: p.backupWithholding, box5: p.nonQualifiedRedemptions)
            return row.box1 + row.box5 >= threshold || row.box4 > .zero ? row : nil
        }
    }
}
