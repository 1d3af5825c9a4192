import CoopCrypto

/// A trustee's secret encryption key `x` (zeroed when released). It opens the shares sealed to
/// the trustee and so, at tally time, yields the trustee's key share.
///
/// Either derive it from the trustee's Ed25519 signing key (`derived(from:ceremony:trustee:)`:
/// nothing new to store, the member's key file is enough) or make a random one with
/// `TrusteeKey.generate` and store its 32 bytes (`key.encoded()`) as carefully as a key file.
public struct TrusteeSecret: Sendable {
    /// The trustee's number, 1...n.
    public let trustee: Int
    /// `x`.
    public let key: Ristretto255.SecretScalar

    public init(trustee: Int, key: Ristretto255.SecretScalar) {
        self.trustee = trustee
        self.key = key
    }

    static let derivationDomain = "coop/secret-ballot/v1/trustee-secret"

    /// Trustee `trustee`'s encryption key for `ceremony`, derived from the trustee's Ed25519
    /// signing key: `x = SHA-512(field(domain) ‖ field(seed) ‖ field(digest of the ceremony
    /// fields) ‖ field(u64be trustee)) mod ℓ` with domain `coop/secret-ballot/v1/trustee-secret`
    /// (fields as in `Ristretto255.Transcript`). A different key for every ceremony; the seed and
    /// the digest never leave zeroed memory.
    /// - Throws: `trusteeOutOfRange`.
    public static func derived(from signingKey: Ed25519.PrivateKey, ceremony: TrusteeCeremony, trustee: Int) throws -> TrusteeSecret {
        try ceremony.check(trustee: trustee)
        var t = Ristretto255.Transcript(domain: derivationDomain)
        signingKey.withSeed { t.append(bytes: $0) }
        t.append(bytes: ceremony.transcript(domain: derivationDomain).digest())
        t.append(UInt64(trustee))
        return TrusteeSecret(trustee: trustee, key: try Ristretto255.SecretScalar(reducing: t.secretDigest()))
    }

    /// Throws `wrongTrusteeSecret` unless this secret belongs to `published`.
    func check(against published: TrusteeKey) throws {
        guard published.trustee == trustee, Ristretto255.Element.generatorMultiple(key) == published.encryptionKey else {
            throw SecretBallotError.wrongTrusteeSecret(trustee: trustee)
        }
    }
}
