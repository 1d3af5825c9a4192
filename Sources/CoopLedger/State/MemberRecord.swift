import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// Where a member stands in the register.
public enum MemberStatus: String, Codable, Sendable, CaseIterable {
    case active
    case suspended
    case withdrawn
    case expelled
}

/// One member as the ledger knows them at some position: replayed from entries, never stored
/// as the source of truth.
public struct MemberRecord: Hashable, Sendable, Codable {
    public var id: MemberID
    public var name: String
    /// The key in force; nil after a revocation that named no replacement.
    public var key: Ed25519.PublicKey?
    public var roles: Set<Role>
    public var status: MemberStatus
    /// The index of the entry that admitted them (0 for founders).
    public var admittedAt: UInt64
    /// The date of admission: the admitting entry's effective date, else its ledger date.
    public var admittedOn: CivilDate
    public var memberClass: String?
    public var tier: String?
    /// The index of the entry at which a key an officer recovered for them came into force (the
    /// latest such): that key may not vote on motions opened before it.
    public var recoveredAt: UInt64?
    /// Status changes after admission, in ledger order, each with its effective date: what
    /// `--as-of` reports replay.
    public var history: [StatusChange] = []

    public init(
        id: MemberID, name: String, key: Ed25519.PublicKey?, roles: Set<Role>, status: MemberStatus = .active,
        admittedAt: UInt64, admittedOn: CivilDate, memberClass: String? = nil, tier: String? = nil
    ) {
        self.id = id
        self.name = name
        self.key = key
        self.roles = roles
        self.status = status
        self.admittedAt = admittedAt
        self.admittedOn = admittedOn
        self.memberClass = memberClass
        self.tier = tier
    }

    /// The status on `date`, by the effective dates of the changes (active from admission).
    public func status(on date: CivilDate) -> MemberStatus {
        history.last { $0.date <= date }?.status ?? .active
    }

    enum CodingKeys: String, CodingKey {
        case id, name, key, roles, status
        case admittedAt = "admitted_at"
        case admittedOn = "admitted_on"
        case memberClass = "class"
        case tier
        case recoveredAt = "recovered_at"
        case history
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(MemberID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        key = try c.decodeIfPresent(String.self, forKey: .key).map { try Ed25519.PublicKey(text: $0) }
        roles = Set(try c.decode([Role].self, forKey: .roles))
        status = try c.decode(MemberStatus.self, forKey: .status)
        admittedAt = try c.decode(UInt64.self, forKey: .admittedAt)
        admittedOn = try c.decode(CivilDate.self, forKey: .admittedOn)
        memberClass = try c.decodeIfPresent(String.self, forKey: .memberClass)
        tier = try c.decodeIfPresent(String.self, forKey: .tier)
        recoveredAt = try c.decodeIfPresent(UInt64.self, forKey: .recoveredAt)
        history = try c.decode([StatusChange].self, forKey: .history)
    }

    /// Encoded as one `JSONValue` built here: a state snapshot holds a record per member, and
    /// going through keyed containers made a child encoder for each nested value (two fifths of
    /// encoding a state, with the chain heads). `init(from:)` reads the same form.
    public func encode(to encoder: any Encoder) throws {
        var object: [String: JSONValue] = [
            CodingKeys.id.rawValue: .string(id.description),
            CodingKeys.name.rawValue: .string(name),
            CodingKeys.roles.rawValue: .array(roles.sorted().map { .string($0.rawValue) }),
            CodingKeys.status.rawValue: .string(status.rawValue),
            CodingKeys.admittedAt.rawValue: try JSONValue(index: admittedAt),
            CodingKeys.admittedOn.rawValue: .string(admittedOn.description),
            CodingKeys.history.rawValue: .array(try history.map { try $0.json }),
        ]
        if let key { object[CodingKeys.key.rawValue] = .string(key.text) }
        if let memberClass { object[CodingKeys.memberClass.rawValue] = .string(memberClass) }
        if let tier { object[CodingKeys.tier.rawValue] = .string(tier) }
        if let recoveredAt { object[CodingKeys.recoveredAt.rawValue] = try JSONValue(index: recoveredAt) }
        var c = encoder.singleValueContainer()
        try c.encode(JSONValue.object(object))
    }
}

/// A change of a member's status: the entry, its effective date, the new status.
public struct StatusChange: Hashable, Sendable, Codable {
    public var index: UInt64
    public var date: CivilDate
    public var status: MemberStatus

    public init(index: UInt64, date: CivilDate, status: MemberStatus) {
        self.index = index
        self.date = date
        self.status = status
    }

    /// The encoded form, as the synthesized `Codable` writes it.
    var json: JSONValue {
        get throws { .object(["index": try JSONValue(index: index), "date": .string(date.description), "status": .string(status.rawValue)]) }
    }
}

/// The last entry of one author's chain: its seq and its statement hash.
public struct AuthorHead: Hashable, Sendable, Codable {
    public var seq: Int64
    public var hash: SHA256Digest

    public init(seq: Int64, hash: SHA256Digest) {
        self.seq = seq
        self.hash = hash
    }

    /// The encoded form, as the synthesized `Codable` writes it (a snapshot holds one per author).
    var json: JSONValue {
        get throws { .object(["seq": try JSONValue(index: seq), "hash": .string(hash.hex)]) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(try json)
    }
}

extension JSONValue {
    /// An index, sequence number or count as a JSON integer: in the canonical profile's range
    /// (0 to 2^53−1) or an error, as the encoder's own integer check.
    init(index value: some BinaryInteger) throws {
        guard let number = Int64(exactly: value), (0...CanonicalJSON.maxSafeInteger).contains(number) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is outside the canonical integer range"))
        }
        self = .integer(number)
    }
}
