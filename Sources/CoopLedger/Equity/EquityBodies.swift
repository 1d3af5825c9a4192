import CoopModel

/// `equity.share`: a payment toward the membership share.
public struct SharePaymentBody: SingleTypeBody {
    public static let entryType = EntryType.equityShare
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var amount: Money
    public var method: String?
    public var reference: String?
    public var effective: CivilDate?

    public init(member: MemberID, amount: Money, method: String? = nil, reference: String? = nil, effective: CivilDate? = nil) {
        self.member = member
        self.amount = amount
        self.method = method
        self.reference = reference
        self.effective = effective
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case member, amount, method, effective
        case reference = "ref"
    }
}

/// `equity.redeem`: a payout from a capital account component.
public struct RedemptionBody: SingleTypeBody {
    public static let entryType = EntryType.equityRedeem
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var component: EquityComponent
    public var amount: Money
    public var reason: String?
    public var effective: CivilDate?
    /// The passed resolution that authorizes a redemption of retained patronage.
    public var motion: MotionID?

    public init(
        member: MemberID, component: EquityComponent, amount: Money, reason: String? = nil,
        effective: CivilDate? = nil, motion: MotionID? = nil
    ) {
        self.member = member
        self.component = component
        self.amount = amount
        self.reason = reason
        self.effective = effective
        self.motion = motion
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case member, component, amount, reason, effective, motion }
}
