import CoopCrypto
import CoopModel

/// A key an officer installed for a member who lost theirs (`key.revoke` naming `new_key`),
/// waiting out the bylaws' recovery delay. Until `effectiveAt` the member's current key stays in
/// force and may cancel it (`key.cancel-recovery`); from then on the new key is in force.
public struct KeyRecovery: Hashable, Sendable, Codable {
    /// The `key.revoke` entry that started it.
    public var index: UInt64
    public var key: Ed25519.PublicKey
    /// The ledger time from which the new key is in force.
    public var effectiveAt: Timestamp

    public init(index: UInt64, key: Ed25519.PublicKey, effectiveAt: Timestamp) {
        self.index = index
        self.key = key
        self.effectiveAt = effectiveAt
    }

    enum CodingKeys: String, CodingKey {
        case index, key
        case effectiveAt = "effective_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(UInt64.self, forKey: .index)
        key = try Ed25519.PublicKey(text: try c.decode(String.self, forKey: .key))
        effectiveAt = try c.decode(Timestamp.self, forKey: .effectiveAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(key.text, forKey: .key)
        try c.encode(effectiveAt, forKey: .effectiveAt)
    }
}

extension LedgerState {
    /// True when some pending recovery comes into force at or before `time`.
    func hasRecoveryDue(at time: Timestamp) -> Bool {
        pendingRecoveries.values.contains { $0.effectiveAt <= time }
    }

    /// Installs every pending recovery due at `time`, as of entry `index` (the first entry to
    /// see it): the old key is retired and the new one is in force.
    mutating func settleRecoveries(at time: Timestamp, index: UInt64) {
        for (member, recovery) in pendingRecoveries.sorted(by: { $0.key < $1.key }) where recovery.effectiveAt <= time {
            pendingRecoveries[member] = nil
            install(key: recovery.key, for: member)
            members[member]?.recoveredAt = index
        }
    }

    /// The member whose key in force at ledger time `time` is `key` (a pending recovery due by
    /// then counts): how a command finds who is signing.
    public func member(holding key: Ed25519.PublicKey, at time: Timestamp) -> MemberRecord? {
        if let (id, _) = pendingRecoveries.first(where: { $0.value.key == key && $0.value.effectiveAt <= time }) {
            return members[id]
        }
        guard let id = keyOwners[key], let m = members[id], m.key == key else { return nil }
        if let pending = pendingRecoveries[id], pending.effectiveAt <= time { return nil }
        return m
    }
}
