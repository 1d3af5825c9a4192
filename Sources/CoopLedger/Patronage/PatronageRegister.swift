import CoopCrypto
import CoopModel
import CoopPatronage

/// The cooperative's patronage, replayed from `patronage.*` entries: each fiscal year's recorded
/// quantities, its close and its committed allocation, the members' consents, and the loss
/// carried forward. Allocations themselves are never stored: they are recomputed from these.
public struct PatronageRegister: Sendable, Equatable, Codable {
    /// Fiscal years with any patronage entry, by year.
    public var years: [Int: PatronageYear] = [:]
    /// Each member's consents (and their revocations), in ledger order.
    public var consents: [MemberID: [ConsentRecord]] = [:]
    /// Loss carried forward after the latest committed year (`.carryForward` bylaws).
    public var carriedLoss = Money.zero
    /// Revolving redemptions declared by the board, in ledger order.
    public var revolutions: [Revolution] = []

    public init() {}

    public var isEmpty: Bool { years.isEmpty && consents.isEmpty && revolutions.isEmpty && carriedLoss == .zero }

    enum CodingKeys: String, CodingKey {
        case years, consents, revolutions
        case carriedLoss = "carried_loss"
    }

    /// Years are encoded as an array sorted by year (JSON object keys must be strings).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for y in try c.decode([PatronageYear].self, forKey: .years) { years[y.year] = y }
        consents = try c.decode([MemberID: [ConsentRecord]].self, forKey: .consents)
        carriedLoss = try c.decode(Money.self, forKey: .carriedLoss)
        revolutions = try c.decode([Revolution].self, forKey: .revolutions)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(years.values.sorted { $0.year < $1.year }, forKey: .years)
        try c.encode(consents, forKey: .consents)
        try c.encode(carriedLoss, forKey: .carriedLoss)
        try c.encode(revolutions, forKey: .revolutions)
    }

    /// The year's register, empty if nothing was recorded for it.
    public subscript(year: Int) -> PatronageYear { years[year] ?? PatronageYear(year: year) }

    /// Changes the year's register in place: a year holds every member's quantities, and a
    /// copy per record would make recording a year's patronage quadratic.
    mutating func update(_ year: Int, _ change: (inout PatronageYear) -> Void) {
        change(&years[year, default: PatronageYear(year: year)])
    }
}

/// One fiscal year's patronage: inputs while open, then its close, commit, payments and notices.
public struct PatronageYear: Sendable, Equatable, Codable {
    public var year: Int
    /// Each member's quantity per measure: the sum of the year's `patronage.record` entries.
    public var quantities: [MemberID: [String: Int64]] = [:]
    /// How many `patronage.record` entries the year has.
    public var records = 0
    /// The latest `patronage.close-year` (a re-close before the commit replaces it).
    public var close: YearClose?
    public var commit: YearCommit?
    /// When the written notices of allocation were issued (`patronage.notify`).
    public var notices: NoticeIssue?
    /// Cash payments of the year's allocations, per member, in ledger order.
    public var payments: [MemberID: [PatronagePayment]] = [:]

    public init(year: Int) { self.year = year }

    /// Cash still owed to `member` for this year: their cash part less what was paid.
    public func cashOutstanding(_ member: MemberID) -> Money {
        (commit?.cashDue[member] ?? .zero) - (payments[member] ?? []).map(\.amount).sum()
    }

    /// Cash still owed to `member`, or nil before the year is committed.
    func committedCashOutstanding(_ member: MemberID) -> Money? {
        commit == nil ? nil : cashOutstanding(member)
    }

    /// Cash still owed to all members.
    public var cashOutstanding: Money {
        (commit?.cashDue.keys.map(cashOutstanding) ?? []).sum()
    }
}

/// The year's close: the net patronage-sourced surplus (negative for a loss) and the income
/// that is not from patronage, as the treasurer stated them from the books.
public struct YearClose: Sendable, Equatable, Codable {
    public var index: UInt64
    public var date: CivilDate
    public var surplus: Money
    public var nonPatronage: Money

    enum CodingKeys: String, CodingKey {
        case index, date, surplus
        case nonPatronage = "nonpatronage"
    }
}

/// What a `patronage.commit` fixed: the approved result, the rules it was made under, and what
/// the recomputation needs that could change later (consents, the loss carried in).
public struct YearCommit: Sendable, Equatable, Codable {
    public var index: UInt64
    public var date: CivilDate
    public var resultHash: SHA256Digest
    public var rulesVersion: SHA256Digest
    /// The motion whose passing approved `resultHash`.
    public var motion: MotionID?
    public var carriedLossIn: Money
    /// The consent that made each qualified member's notice qualified.
    public var consents: [MemberID: ConsentBasis]
    /// Each member's cash part (positive ones only): what `patronage.pay` settles.
    public var cashDue: [MemberID: Money]

    enum CodingKeys: String, CodingKey {
        case index, date, motion, consents
        case resultHash = "result_hash"
        case rulesVersion = "rules_version"
        case carriedLossIn = "carried_loss_in"
        case cashDue = "cash_due"
    }
}

/// Why a member's notice is qualified: the consent in force for the year.
public struct ConsentBasis: Sendable, Equatable, Codable {
    public var method: ConsentMethod
    /// The `patronage.consent` entry that recorded it.
    public var index: UInt64
    /// When the member gave it.
    public var date: CivilDate
}

/// One consent as recorded, with its revocation if any.
public struct ConsentRecord: Sendable, Equatable, Codable {
    public var index: UInt64
    public var method: ConsentMethod
    /// When the member gave it (on paper, possibly before the entry).
    public var date: CivilDate
    /// A bylaw consent's bylaws version (the bylaw the member was given notice and a copy of).
    public var bylawsVersion: SHA256Digest?
    /// A qualified-check consent's fiscal year (it covers that year's allocation only).
    public var year: Int?
    public var revokedOn: CivilDate?
    public var revokedAt: UInt64?
    /// Set for a bylaw consent the member holds by membership (no `patronage.consent` entry):
    /// `index` is then the admission, or the adoption of the bylaws that provide it.
    public var source: ConsentSource?

    enum CodingKeys: String, CodingKey {
        case index, method, date, year, source
        case bylawsVersion = "bylaws_version"
        case revokedOn = "revoked_on"
        case revokedAt = "revoked_at"
    }

    /// Whether this consent covers patronage of the fiscal year `fiscal`. A written or bylaw
    /// consent covers the year it is given in and every later year until the end of the year in
    /// which it is revoked (Treas. Reg. §1.1388-1(c)(3)); a qualified check covers its one year.
    public func covers(_ fiscal: FiscalYear) -> Bool {
        if method == .qualifiedCheck { return year == fiscal.year }
        return date <= fiscal.end && (revokedOn.map { $0 >= fiscal.start } ?? true)
    }
}

/// A cash payment of a patronage dividend.
public struct PatronagePayment: Sendable, Equatable, Codable {
    public var index: UInt64
    public var date: CivilDate
    /// The gross dividend settled, withholding included.
    public var amount: Money
    /// Backup withholding kept from `amount` (1099-PATR box 4).
    public var withheld: Money
    public var method: String?
    public var reference: String?

    enum CodingKeys: String, CodingKey {
        case index, date, amount, withheld, method
        case reference = "ref"
    }
}

/// The written notices of allocation of a year, issued to members on `date`.
public struct NoticeIssue: Sendable, Equatable, Codable {
    public var index: UInt64
    public var date: CivilDate
    /// SHA-256 of the notices' JSON documents, as written by `coop patronage notices`.
    public var digest: SHA256Digest?
}

/// A revolving redemption: every retained lot of `throughYear` and earlier paid out.
public struct Revolution: Sendable, Equatable, Codable {
    public var index: UInt64
    public var date: CivilDate
    public var throughYear: Int
    public var total: Money
    public var nonQualified: Money

    enum CodingKeys: String, CodingKey {
        case index, date, total
        case throughYear = "through_year"
        case nonQualified = "non_qualified"
    }
}
