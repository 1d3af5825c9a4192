import CoopBylaws
import CoopModel

/// One member's dues: the tiers they were on, when accrual started and stopped, and every
/// payment, waiver and refund. Charges are not stored: they are derived month by month from the
/// tier spans and the dues schedule, so a statement can be drawn as of any month.
public struct DuesAccount: Sendable, Equatable, Codable {
    /// The first month dues accrue for: the month of admission.
    public var start: YearMonth
    /// The last month dues accrue for (the month the member left); nil while a member.
    public var end: YearMonth?
    /// Tier spans in order; each applies from its month until the next.
    public var tiers: [TierSpan]
    public var movements: [DuesMovement] = []

    public init(start: YearMonth, tier: TierSpan) {
        self.start = start
        tiers = [tier]
    }

    /// The tier span in force for `month`.
    public func tier(for month: YearMonth) -> TierSpan? { tiers.last { $0.from <= month } }
}

/// A member's tier from a month on; `own` is their amount on a sliding-scale tier.
public struct TierSpan: Sendable, Equatable, Codable {
    /// The entry that set it (an admission or a `member.change`).
    public var index: UInt64
    public var from: YearMonth
    public var tier: String
    public var own: Money?

    public init(index: UInt64, from: YearMonth, tier: String, own: Money?) {
        self.index = index
        self.from = from
        self.tier = tier
        self.own = own
    }
}

/// A payment, waiver or refund, as recorded; or the void of one (`dues.void`).
public struct DuesMovement: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case payment, waiver, refund, void }
    public var index: UInt64
    /// The effective date: the entry's `effective` date, else the date of its ledger time.
    public var date: CivilDate
    public var kind: Kind
    /// Positive for every kind (a refund's amount is what was paid back; `credit` is signed).
    public var amount: Money
    public var period: YearMonth?
    public var method: String?
    public var reference: String?
    public var reason: String?
    /// For a void: the entry it voids, and that entry's kind (absent otherwise).
    public var voids: UInt64?
    public var reverses: Kind?

    public init(
        index: UInt64, date: CivilDate, kind: Kind, amount: Money, period: YearMonth? = nil, method: String? = nil,
        reference: String? = nil, reason: String? = nil, voids: UInt64? = nil, reverses: Kind? = nil
    ) {
        self.index = index
        self.date = date
        self.kind = kind
        self.amount = amount
        self.period = period
        self.method = method
        self.reference = reference
        self.reason = reason
        self.voids = voids
        self.reverses = reverses
    }

    /// What this movement adds to the member's credit: negative for a refund, and a void takes
    /// back exactly what the movement it voids added.
    public var credit: Money {
        switch kind {
        case .payment, .waiver: return amount
        case .refund: return -amount
        case .void: return reverses == .refund ? amount : -amount
        }
    }

    enum CodingKeys: String, CodingKey {
        case index, date, kind, amount, period, method, reason, voids, reverses
        case reference = "ref"
    }
}

/// The dues tiers in force from a month on: the bylaws' tiers at genesis, then each adopted
/// dues change or amendment from its effective month.
public struct DuesScheduleStep: Sendable, Equatable, Codable {
    /// The entry that adopted it (the genesis or a `motion.close`).
    public var index: UInt64
    public var from: YearMonth
    public var tiers: [String: DuesTier]
}

extension DuesAccount {
    /// The account as it stood at a record position: only what entries before `index`
    /// recorded, and only movements effective on or before `date`. Eligibility to vote is judged
    /// on it, so later entries (or later-dated ones) cannot change an electorate.
    public func recorded(before index: UInt64, on date: CivilDate) -> DuesAccount {
        var copy = self
        copy.tiers = tiers.filter { $0.index < index }
        copy.movements = movements.filter { $0.index < index && $0.date <= date }
        return copy
    }
}
