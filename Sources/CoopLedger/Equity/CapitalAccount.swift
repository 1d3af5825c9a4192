import CoopModel

/// One member's capital account: the membership share and retained patronage by year, with
/// every movement. Balances are sums of movements, never stored figures.
public struct CapitalAccount: Sendable, Equatable, Codable {
    public var movements: [EquityMovement] = []

    public init() {}

    /// The balance of one component (and, for patronage, one year and class).
    public func balance(_ component: EquityComponent) -> Money {
        movements.filter { $0.component == component }.map(\.amount).sum()
    }

    public var total: Money { movements.map(\.amount).sum() }

    /// The components with their balances, in a stable order (share first, then lots by year).
    public var components: [(EquityComponent, Money)] {
        var seen: [EquityComponent] = []
        for m in movements where !seen.contains(m.component) { seen.append(m.component) }
        return seen.sorted().map { ($0, balance($0)) }
    }

    /// Paid-in share capital so far (payments less voided payments, before any redemption or
    /// transfer).
    public var sharePaidIn: Money {
        movements.filter { $0.component == .share && ($0.kind == .payment || $0.kind == .void) }.map(\.amount).sum()
    }
}

/// What a capital-account amount is: the membership share, or a retained patronage lot of a year.
public enum EquityComponent: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    case share
    case patronage(year: Int, qualified: Bool)

    public var description: String {
        switch self {
        case .share: return "share"
        case let .patronage(year, qualified): return "patronage \(year) \(qualified ? "qualified" : "non-qualified")"
        }
    }

    /// The account name used in exports (`share`, `patronage:2026:qualified`).
    public var accountName: String {
        switch self {
        case .share: return "share"
        case let .patronage(year, qualified): return "patronage:\(year):\(qualified ? "qualified" : "nonqualified")"
        }
    }

    /// Encoded as its account name (`share`, `patronage:2026:qualified`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let c = EquityComponent(accountName: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an equity component: \(text)"))
        }
        self = c
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(accountName)
    }

    public static func < (lhs: EquityComponent, rhs: EquityComponent) -> Bool {
        switch (lhs, rhs) {
        case (.share, .patronage): return true
        case (.patronage, .share), (.share, .share): return false
        case let (.patronage(y1, q1), .patronage(y2, q2)): return (y1, q1 ? 0 : 1) < (y2, q2 ? 0 : 1)
        }
    }
}

/// One movement of a capital account or of the collective reserve.
public struct EquityMovement: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Money paid in (share purchase).
        case payment
        /// A retained patronage allocation credited.
        case allocation
        /// Paid out to the member (share refund, revolving redemption).
        case redemption
        /// Moved between a member's account and the collective reserve (leaving, losses).
        case transfer
        /// The reversal of a share payment recorded by mistake (`equity.void`).
        case void
    }
    public var index: UInt64
    /// The effective date (the entry's `effective` date, else its ledger date).
    public var date: CivilDate
    public var kind: Kind
    public var component: EquityComponent
    /// Signed: positive adds to the account.
    public var amount: Money
    /// A payment's method and reference, as the entry states them.
    public var method: String?
    public var reference: String?
    /// A redemption's reason, as the entry states it.
    public var reason: String?
    /// On both movements of a leaving member's share to the reserve: that member.
    public var member: MemberID?
    /// On a revolving redemption: the last allocation year the board revolved.
    public var throughYear: Int?
    /// On a void: the entry it voids.
    public var voids: UInt64?

    public init(
        index: UInt64, date: CivilDate, kind: Kind, component: EquityComponent, amount: Money,
        method: String? = nil, reference: String? = nil, reason: String? = nil, member: MemberID? = nil,
        throughYear: Int? = nil, voids: UInt64? = nil
    ) {
        self.voids = voids
        self.index = index
        self.date = date
        self.kind = kind
        self.component = component
        self.amount = amount
        self.method = method
        self.reference = reference
        self.reason = reason
        self.member = member
        self.throughYear = throughYear
    }

    enum CodingKeys: String, CodingKey {
        case index, date, kind, component, amount, method, reason, member, voids
        case reference = "ref"
        case throughYear = "through_year"
    }

    /// A short description for statements and exports, made from the fields (never stored).
    public var note: String? {
        switch kind {
        case .payment:
            let text = [method, reference].compactMap { $0 }.joined(separator: " ")
            return text.isEmpty ? nil : text
        case .redemption:
            return reason ?? throughYear.map { "revolved through \($0)" }
        case .transfer:
            return member.map { "share of \($0) on leaving" } ?? "share to the reserve on leaving"
        case .allocation:
            guard case let .patronage(year, _) = component else { return nil }
            return amount < .zero ? "patronage loss \(year)" : "patronage \(year)"
        case .void:
            return "void of entry \(voids.map(String.init) ?? "?")" + (reason.map { ": \($0)" } ?? "")
        }
    }
}

/// The unallocated, indivisible collective reserve.
public struct ReserveAccount: Sendable, Equatable, Codable {
    public var movements: [EquityMovement] = []
    public var balance: Money { movements.map(\.amount).sum() }
}
