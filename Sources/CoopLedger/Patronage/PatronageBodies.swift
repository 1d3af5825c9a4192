import CoopCrypto
import CoopModel
import CoopPatronage

/// `patronage.record`: a member's quantity of a measure for a fiscal year (aggregates only).
public struct PatronageRecordBody: SingleTypeBody {
    public static let entryType = EntryType.patronageRecord
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var measure: String
    public var quantity: Int64
    public var year: Int
    public var period: YearMonth?

    public init(member: MemberID, measure: String, quantity: Int64, year: Int, period: YearMonth? = nil) {
        self.member = member
        self.measure = measure
        self.quantity = quantity
        self.year = year
        self.period = period
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case member, measure, quantity, year, period }
}

/// `patronage.consent`: a consent (or, with `revoke`, its revocation).
public struct ConsentBody: SingleTypeBody {
    public static let entryType = EntryType.patronageConsent
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var method: ConsentMethod
    public var date: CivilDate?
    public var bylawsVersion: SHA256Digest?
    public var year: Int?
    public var revoke: Bool?

    public init(
        member: MemberID, method: ConsentMethod, date: CivilDate? = nil, bylawsVersion: SHA256Digest? = nil,
        year: Int? = nil, revoke: Bool? = nil
    ) {
        self.member = member
        self.method = method
        self.date = date
        self.bylawsVersion = bylawsVersion
        self.year = year
        self.revoke = revoke
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case member, method, date, year, revoke
        case bylawsVersion = "bylaws_version"
    }
}

/// `patronage.close-year`.
public struct YearCloseBody: SingleTypeBody {
    public static let entryType = EntryType.patronageCloseYear
    public static let fields = fieldNames(CodingKeys.self)

    public var year: Int
    public var surplus: Money
    public var nonpatronage: Money?

    public init(year: Int, surplus: Money, nonpatronage: Money? = nil) {
        self.year = year
        self.surplus = surplus
        self.nonpatronage = nonpatronage
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case year, surplus, nonpatronage }
}

/// `patronage.commit`.
public struct PatronageCommitBody: SingleTypeBody {
    public static let entryType = EntryType.patronageCommit
    public static let fields = fieldNames(CodingKeys.self)

    public var year: Int
    public var resultHash: SHA256Digest

    public init(year: Int, resultHash: SHA256Digest) {
        self.year = year
        self.resultHash = resultHash
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case year
        case resultHash = "result_hash"
    }
}

/// `patronage.pay`.
public struct PatronagePayBody: SingleTypeBody {
    public static let entryType = EntryType.patronagePay
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var year: Int
    public var amount: Money
    public var withheld: Money?
    public var method: String?
    public var reference: String?
    public var effective: CivilDate?

    public init(
        member: MemberID, year: Int, amount: Money, withheld: Money? = nil, method: String? = nil,
        reference: String? = nil, effective: CivilDate? = nil
    ) {
        self.member = member
        self.year = year
        self.amount = amount
        self.withheld = withheld
        self.method = method
        self.reference = reference
        self.effective = effective
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case member, year, amount, withheld, method, effective
        case reference = "ref"
    }
}

/// `patronage.notify`.
public struct PatronageNotifyBody: SingleTypeBody {
    public static let entryType = EntryType.patronageNotify
    public static let fields = fieldNames(CodingKeys.self)

    public var year: Int
    public var digest: SHA256Digest?

    public init(year: Int, digest: SHA256Digest? = nil) {
        self.year = year
        self.digest = digest
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case year, digest }
}

/// `patronage.revolve`.
public struct RevolveBody: SingleTypeBody {
    public static let entryType = EntryType.patronageRevolve
    public static let fields = fieldNames(CodingKeys.self)

    public var year: Int
    public var total: Money

    public init(year: Int, total: Money) {
        self.year = year
        self.total = total
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case year, total }
}
