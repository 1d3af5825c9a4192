import CoopBylaws
import CoopCrypto
import CoopModel

/// A founder in the genesis: seated as `m1`, `m2`, ... in the order the genesis lists them.
public struct FounderBody: Codable, Sendable, Equatable {
    public var name: String
    public var key: Ed25519.PublicKey
    public var roles: [Role]
    public var memberClass: String?
    public var tier: String?
    public var duesAmount: Money?

    public init(
        name: String, key: Ed25519.PublicKey, roles: [Role], memberClass: String? = nil, tier: String? = nil,
        duesAmount: Money? = nil
    ) {
        self.name = name
        self.key = key
        self.roles = roles
        self.memberClass = memberClass
        self.tier = tier
        self.duesAmount = duesAmount
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, key, roles, tier
        case memberClass = "class"
        case duesAmount = "dues_amount"
    }
}

/// `ledger.genesis`.
public struct GenesisBody: SingleTypeBody {
    public static let entryType = EntryType.genesis
    public static let fields = fieldNames(CodingKeys.self)

    public var name: String
    public var origin: String
    public var ledgerKey: String
    public var bylaws: SHA256Digest
    public var bylawsFiles: BylawsFiles?
    public var founders: [FounderBody]

    public init(
        name: String, origin: String, ledgerKey: String, bylaws: SHA256Digest, bylawsFiles: BylawsFiles?,
        founders: [FounderBody]
    ) {
        self.name = name
        self.origin = origin
        self.ledgerKey = ledgerKey
        self.bylaws = bylaws
        self.bylawsFiles = bylawsFiles
        self.founders = founders
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, origin, bylaws, founders
        case ledgerKey = "ledger_key"
        case bylawsFiles = "bylaws_files"
    }
}

/// `member.admit`: the ledger gives the new member the next member id.
public struct AdmitBody: SingleTypeBody {
    public static let entryType = EntryType.memberAdmit
    public static let fields = fieldNames(CodingKeys.self)

    public var name: String
    public var key: Ed25519.PublicKey
    public var memberClass: String?
    public var tier: String?
    public var duesAmount: Money?
    public var effective: CivilDate?

    public init(
        name: String, key: Ed25519.PublicKey, memberClass: String? = nil, tier: String? = nil,
        duesAmount: Money? = nil, effective: CivilDate? = nil
    ) {
        self.name = name
        self.key = key
        self.memberClass = memberClass
        self.tier = tier
        self.duesAmount = duesAmount
        self.effective = effective
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, key, tier, effective
        case memberClass = "class"
        case duesAmount = "dues_amount"
    }
}

/// `role.grant` and `role.revoke`.
public struct RoleBody: EntryBody {
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var role: Role

    public init(member: MemberID, role: Role) {
        self.member = member
        self.role = role
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case member, role }
}

/// `key.rotate`.
public struct KeyRotateBody: SingleTypeBody {
    public static let entryType = EntryType.keyRotate
    public static let fields = fieldNames(CodingKeys.self)

    public var newKey: Ed25519.PublicKey

    public init(newKey: Ed25519.PublicKey) { self.newKey = newKey }

    enum CodingKeys: String, CodingKey, CaseIterable { case newKey = "new_key" }
}

/// `key.revoke`: without `newKey` the member's key is retired now; with it, a recovery.
public struct KeyRevokeBody: SingleTypeBody {
    public static let entryType = EntryType.keyRevoke
    public static let fields = fieldNames(CodingKeys.self)

    public var member: MemberID
    public var newKey: Ed25519.PublicKey?
    public var reason: String?

    public init(member: MemberID, newKey: Ed25519.PublicKey? = nil, reason: String? = nil) {
        self.member = member
        self.newKey = newKey
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case member, reason
        case newKey = "new_key"
    }
}

/// `key.cancel-recovery`.
public struct KeyCancelRecoveryBody: SingleTypeBody {
    public static let entryType = EntryType.keyCancelRecovery
    public static let fields = fieldNames(CodingKeys.self)

    public var reason: String?

    public init(reason: String? = nil) { self.reason = reason }

    enum CodingKeys: String, CodingKey, CaseIterable { case reason }
}

/// `note`.
public struct NoteBody: SingleTypeBody {
    public static let entryType = EntryType.note
    public static let fields = fieldNames(CodingKeys.self)

    public var text: String
    public var subject: String?

    public init(text: String, subject: String? = nil) {
        self.text = text
        self.subject = subject
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case text, subject }
}
