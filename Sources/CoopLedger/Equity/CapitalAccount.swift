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

    /// Paid-in share capital so far (payments only, before any redemption or transfer).
    public var sharePaidIn: Money {
        movements.filter { $0.component == .share && $0.kind == .payment }.map(\.amount).sum()
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
    }
    public var index: UInt64
    public var date: CivilDate
    public var kind: Kind
    public var component: EquityComponent
    /// Signed: positive adds to the account.
    public var amount: Money
    public var memo: String?
}

/// The unallocated, indivisible collective reserve.
public struct ReserveAccount: Sendable, Equatable, Codable {
    public var movements: [EquityMovement] = []
    public var balance: Money { movements.map(\.amount).sum() }
}
