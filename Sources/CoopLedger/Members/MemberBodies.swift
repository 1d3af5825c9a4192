import CoopModel

/// `member.change`: new terms from a month on (at least one of class, tier, own amount).
public struct MemberChangeBody: SingleTypeBody {
    public static let entryType = EntryType.memberChange
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var memberClass: String?
    public var tier: String?
    public var duesAmount: Money?
    public var from: YearMonth

    public init(member: MemberID, memberClass: String? = nil, tier: String? = nil, duesAmount: Money? = nil, from: YearMonth) {
        self.member = member
        self.memberClass = memberClass
        self.tier = tier
        self.duesAmount = duesAmount
        self.from = from
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case member, tier, from
        case memberClass = "class"
        case duesAmount = "dues_amount"
    }
}

/// `member.withdraw`, `member.expel`, `member.suspend`, `member.reinstate`: the member, why, and
/// when it took effect (a notice received before it is entered).
public struct MemberStatusBody: EntryBody {
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var reason: String?
    public var effective: CivilDate?

    public init(member: MemberID, reason: String? = nil, effective: CivilDate? = nil) {
        self.member = member
        self.reason = reason
        self.effective = effective
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case member, reason, effective }
}
