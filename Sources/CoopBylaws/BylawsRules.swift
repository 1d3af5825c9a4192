import CoopModel

/// The machine rules of one bylaws version (`rules.yaml`), as the code reads them.
/// Schema and meaning of every field: docs/BYLAWS.md.
public struct BylawsRules: Sendable, Equatable, Codable {
    public var cooperative: CooperativeRule
    /// Member classes by name (`therapist`, `supporter`, ...).
    public var classes: [String: MemberClassRule]
    public var dues: DuesRules
    public var share: ShareRule
    /// Which officer role may sign each officer action. An action no role may sign is refused.
    public var officers: [Role: Set<OfficerAction>]
    /// How each kind of motion is proposed, opened and decided (GovernanceRules.swift).
    public var governance: GovernanceRules
    /// Article VI: how surplus is allocated to patrons, and the consents accepted
    /// (PatronageBylaws.swift). Nil when the bylaws have no patronage section: a cooperative
    /// that makes no patronage allocations.
    public var patronage: PatronageBylaws?
    /// Dual control: countersignatures and the key recovery delay (ControlRules.swift).
    public var controls: ControlRules = .defaults
    /// The witnesses whose cosignatures checkpoints need (WitnessRules.swift); nil when the
    /// bylaws have no witnesses section (none required).
    public var witnesses: WitnessRules? = nil
    /// How the books meet the main books (BooksRules.swift); nil when the bylaws have no
    /// `books` section (a standalone hledger export).
    public var books: BooksRules? = nil

    /// The witness policy in force: the section, or none required.
    public var witnessRules: WitnessRules { witnesses ?? .none }

    /// The roles allowed to sign `action`.
    public func roles(for action: OfficerAction) -> Set<Role> {
        Set(officers.filter { $0.value.contains(action) }.keys)
    }
}

public struct CooperativeRule: Sendable, Equatable, Codable {
    public var name: String
    /// The last day of the fiscal year, as month and day (`12-31`).
    public var fiscalYearEnd: MonthDay

    /// The names rules.yaml uses (snake_case, as every JSON coop prints).
    enum CodingKeys: String, CodingKey {
        case name
        case fiscalYearEnd = "fiscal_year_end"
    }
}

/// A month and day without a year (`12-31`), for the fiscal year end.
public struct MonthDay: Sendable, Hashable, Codable, CustomStringConvertible {
    public var month: Int
    public var day: Int

    /// Exactly `MM-DD` in ASCII digits: `Int("+1")` would read `+1-31` as January 31st, and the
    /// bylaws' text must mean one thing to every reader.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard bytes.count == 5, bytes[2] == 0x2D, isDigit(bytes[0]), isDigit(bytes[1]), isDigit(bytes[3]), isDigit(bytes[4])
        else { return nil }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]),
            (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: 2001, month: m)
        else { return nil }
        month = m
        day = d
    }

    /// The fiscal year end falling in calendar year `year`.
    public func date(in year: Int) -> CivilDate { CivilDate(year: year, month: month, day: day) }

    public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let v = MonthDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not MM-DD: \(text)"))
        }
        self = v
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

public struct MemberClassRule: Sendable, Equatable, Codable {
    public var description: String
    /// The dues tier a member of this class is admitted on unless the admission names another.
    public var defaultTier: String
    /// Whether members of this class must buy the membership share.
    public var shareRequired: Bool
    /// Whether members of this class receive patronage allocations.
    public var patronage: Bool

    /// The names rules.yaml uses (snake_case, as every JSON coop prints).
    enum CodingKeys: String, CodingKey {
        case description, patronage
        case defaultTier = "default_tier"
        case shareRequired = "share_required"
    }
}

/// Whether dues are income for services or members' capital (the books follow).
public enum DuesTreatment: String, Sendable, Codable, CaseIterable {
    case feeForServices = "fee-for-services"
    case capitalContribution = "capital-contribution"
}

public struct DuesRules: Sendable, Equatable, Codable {
    public var treatment: DuesTreatment
    public var tiers: [String: DuesTier]
    /// A member with more than this many months of dues unpaid is not in good standing.
    public var maxArrearsMonths: Int

    /// The names rules.yaml uses (snake_case, as every JSON coop prints).
    enum CodingKeys: String, CodingKey {
        case treatment, tiers
        case maxArrearsMonths = "max_arrears_months"
    }
}

/// A dues tier: a fixed monthly amount, or a sliding scale within which each member's amount is
/// set at admission (or by a tier change).
public struct DuesTier: Sendable, Equatable, Codable {
    public var monthly: Money?
    public var slidingMin: Money?
    public var slidingMax: Money?
    /// The classes that may be on this tier.
    public var classes: Set<String>

    public var isSliding: Bool { monthly == nil }

    enum CodingKeys: String, CodingKey {
        case monthly, classes
        case slidingMin = "sliding_min"
        case slidingMax = "sliding_max"
    }

    public init(monthly: Money?, slidingMin: Money?, slidingMax: Money?, classes: Set<String>) {
        self.monthly = monthly
        self.slidingMin = slidingMin
        self.slidingMax = slidingMax
        self.classes = classes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        monthly = try c.decodeIfPresent(Money.self, forKey: .monthly)
        slidingMin = try c.decodeIfPresent(Money.self, forKey: .slidingMin)
        slidingMax = try c.decodeIfPresent(Money.self, forKey: .slidingMax)
        classes = Set(try c.decode([String].self, forKey: .classes))
    }

    /// Classes sorted, so the encoding (part of state snapshots) is deterministic.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(monthly, forKey: .monthly)
        try c.encodeIfPresent(slidingMin, forKey: .slidingMin)
        try c.encodeIfPresent(slidingMax, forKey: .slidingMax)
        try c.encode(classes.sorted(), forKey: .classes)
    }

    /// The monthly amount for a member of this tier whose own amount (sliding scale) is `own`.
    public func amount(own: Money?) -> Money? { monthly ?? own }

    /// Whether `own` is acceptable as a member's amount on this tier.
    public func accepts(own: Money?) -> Bool {
        if monthly != nil { return own == nil }
        guard let own, let lo = slidingMin, let hi = slidingMax else { return false }
        return own >= lo && own <= hi
    }
}

public enum ShareOnLeaving: String, Sendable, Codable, CaseIterable {
    /// The paid-in share stays in the member's account until the treasurer redeems (pays) it.
    case refund
    /// The paid-in share moves to the collective reserve.
    case reserve
}

public struct ShareRule: Sendable, Equatable, Codable {
    public var price: Money
    /// The most instalments the price may be paid in (1: at once only).
    public var instalments: Int
    public var onWithdrawal: ShareOnLeaving
    public var onExpulsion: ShareOnLeaving

    /// The names rules.yaml uses (snake_case, as every JSON coop prints).
    enum CodingKeys: String, CodingKey {
        case price, instalments
        case onWithdrawal = "on_withdrawal"
        case onExpulsion = "on_expulsion"
    }

    /// The smallest payment accepted toward a share with `remaining` still owed:
    /// one instalment (price ÷ instalments, rounded up to the cent), or the remainder if less.
    public func minimumPayment(remaining: Money) -> Money {
        let perInstalment = Money(cents: (price.cents + Int64(instalments) - 1) / Int64(instalments))
        return min(perInstalment, remaining)
    }
}

extension BylawsRules {
    enum CodingKeys: String, CodingKey {
        case cooperative, classes, dues, share, officers, governance, patronage, controls
    }

    /// `controls` may be absent (rules written before dual control): the defaults apply.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            cooperative: try c.decode(CooperativeRule.self, forKey: .cooperative),
            classes: try c.decode([String: MemberClassRule].self, forKey: .classes),
            dues: try c.decode(DuesRules.self, forKey: .dues), share: try c.decode(ShareRule.self, forKey: .share),
            officers: try c.decode([Role: Set<OfficerAction>].self, forKey: .officers),
            governance: try c.decode(GovernanceRules.self, forKey: .governance),
            patronage: try c.decodeIfPresent(PatronageBylaws.self, forKey: .patronage),
            controls: try c.decodeIfPresent(ControlRules.self, forKey: .controls) ?? .defaults)
    }
}
