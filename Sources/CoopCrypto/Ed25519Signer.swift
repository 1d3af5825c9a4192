/// Something that signs with one Ed25519 key: a private key held here, or a key held by
/// another process (`coop agent`) that signs on request. The ledger signs drafts through this,
/// so it never needs to know where the secret lives.
public protocol Ed25519Signer: Sendable {
    /// The public key whose signatures `sign` makes.
    var publicKey: Ed25519.PublicKey { get }

    /// An Ed25519 signature of `message` by `publicKey`.
    /// - Throws: when the signer cannot sign (an agent that is gone or no longer holds the key).
    func sign(_ message: [UInt8]) throws -> Ed25519.Signature
}

extension Ed25519.PrivateKey: Ed25519Signer {
    /// Signs `message` with this key; never fails.
    public func sign(_ message: [UInt8]) throws -> Ed25519.Signature { signature(for: message) }
}
