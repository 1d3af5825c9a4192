import CoopModel

/// `dues.pay`.
public struct DuesPaymentBody: SingleTypeBody {
    public static let entryType = EntryType.duesPay
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var amount: Money
    public var period: YearMonth?
    public var method: String?
    public var reference: String?
    public var effective: CivilDate?

    public init(
        member: MemberID, amount: Money, period: YearMonth? = nil, method: String? = nil, reference: String? = nil,
        effective: CivilDate? = nil
    ) {
        self.member = member
        self.amount = amount
        self.period = period
        self.method = method
        self.reference = reference
        self.effective = effective
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case member, amount, period, method, effective
        case reference = "ref"
    }
}

/// `dues.waive` (a reason is required) and `dues.refund` (optional).
public struct DuesAdjustmentBody: EntryBody {
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var amount: Money
    public var reason: String?
    public var effective: CivilDate?

    public init(member: MemberID, amount: Money, reason: String? = nil, effective: CivilDate? = nil) {
        self.member = member
        self.amount = amount
        self.reason = reason
        self.effective = effective
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case member, amount, reason, effective }
}
