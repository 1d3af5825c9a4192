import CoopCrypto

/// A request to `coop agent` (see `AgentWire` for the bytes).
public enum AgentRequest: Sendable {
    /// Hold this key (its 32-byte Ed25519 seed) under an optional display name.
    case add(seed: SecretBytes, name: String?)
    /// The public keys and names held.
    case list
    /// Forget the key with this public key.
    case remove(Ed25519.PublicKey)
    /// Forget every key.
    case removeAll
    /// Sign `message` with the held key whose public key is `key`.
    case sign(key: Ed25519.PublicKey, message: [UInt8])
    /// Forget every key, remove the socket and exit.
    case stop
}

/// The agent's answer to one request.
public enum AgentResponse: Hashable, Sendable {
    /// Done (add, remove, remove all, stop).
    case ok
    /// The signature asked for.
    case signature(Ed25519.Signature)
    /// The keys held, in the order they were added.
    case keys([AgentKeyInfo])
    /// A typed refusal.
    case failure(AgentFailure)
}

/// A key the agent holds, as `list` shows it: never the secret.
public struct AgentKeyInfo: Hashable, Sendable {
    public var publicKey: Ed25519.PublicKey
    public var name: String?

    public init(publicKey: Ed25519.PublicKey, name: String?) {
        self.publicKey = publicKey
        self.name = name
    }
}
