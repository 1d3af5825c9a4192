/// The kind of fact an entry records, e.g. `member.admit`. Each type has one handler that says
/// who may author it and what its body must hold.
public struct EntryType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The first entry: names the cooperative, pins the bylaws and the ledger key, seats the founders.
    public static let genesis = EntryType("ledger.genesis")
    /// The secretary admits a member with their public key.
    public static let memberAdmit = EntryType("member.admit")
    /// The secretary grants an officer role.
    public static let roleGrant = EntryType("role.grant")
    /// The secretary revokes an officer role.
    public static let roleRevoke = EntryType("role.revoke")
    /// A member replaces their own key, signing with the old one.
    public static let keyRotate = EntryType("key.rotate")
    /// The secretary revokes a member's key (lost or compromised), optionally installing a new one.
    public static let keyRevoke = EntryType("key.revoke")
    /// A member stops an officer's recovery of their key while it waits out its delay.
    public static let keyCancelRecovery = EntryType("key.cancel-recovery")
    /// A signed free-text statement by any member in the register (minutes, attestations).
    public static let note = EntryType("note")
}
