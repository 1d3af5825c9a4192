import CoopModel

/// Dual control: the officer acts one officer alone may not sign, and how long a member has to
/// stop a key recovery (`controls` in rules.yaml; docs/BYLAWS.md).
///
/// Where one officer could harm a member (take over their key, pay out their capital), the
/// bylaws can require a second officer's countersignature, carried in the signed entry itself.
public struct ControlRules: Sendable, Equatable, Codable {
    /// Entry types that need a countersignature, each with the roles that may countersign.
    public var countersign: [OfficerAction: Set<Role>]
    /// Days between an officer's key recovery (`key.revoke` naming a new key) and the new key
    /// coming into force; the member's current key may cancel it meanwhile.
    public var keyRecoveryDays: Int

    public init(countersign: [OfficerAction: Set<Role>], keyRecoveryDays: Int) {
        self.countersign = countersign
        self.keyRecoveryDays = keyRecoveryDays
    }

    /// What applies when the bylaws say nothing (and to ledgers without machine bylaws): a key
    /// revocation or recovery needs a second officer (secretary, treasurer or board), and a
    /// recovered key comes into force after 7 days.
    public static let defaults = ControlRules(
        countersign: [.keyRevoke: [.secretary, .treasurer, .board]], keyRecoveryDays: 7)

    enum CodingKeys: String, CodingKey {
        case countersign
        case keyRecoveryDays = "key_recovery_days"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try c.decode([String: [Role]].self, forKey: .countersign)
        var map: [OfficerAction: Set<Role>] = [:]
        for (type, roles) in raw {
            guard let action = OfficerAction(rawValue: type) else {
                throw DecodingError.dataCorruptedError(forKey: .countersign, in: c, debugDescription: "\(type) is not an officer action")
            }
            map[action] = Set(roles)
        }
        countersign = map
        keyRecoveryDays = try c.decode(Int.self, forKey: .keyRecoveryDays)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Dictionary(uniqueKeysWithValues: countersign.map { ($0.key.rawValue, $0.value.sorted()) }), forKey: .countersign)
        try c.encode(keyRecoveryDays, forKey: .keyRecoveryDays)
    }
}
