import CoopCrypto

/// Where encryption randomness and proof nonces come from. Production code uses
/// `SystemRandomSource` (libsodium); tests inject a seeded source so that ballots, proofs and
/// the documented vectors are reproducible. A deterministic source must never be used for a
/// real election: anyone who knows its seed can decrypt the ballots it encrypted.
public protocol RandomSource {
    /// A fresh, uniformly random secret scalar (zeroed when released).
    func secretScalar() -> Ristretto255.SecretScalar
}

extension RandomSource {
    /// A fresh random scalar that is published (a simulated proof branch).
    func publicScalar() -> Ristretto255.Scalar { secretScalar().disclosed() }
}

/// The system's generator through libsodium (`crypto_core_ristretto255_scalar_random`).
public struct SystemRandomSource: RandomSource, Sendable {
    public init() {}

    public func secretScalar() -> Ristretto255.SecretScalar { .random() }
}
