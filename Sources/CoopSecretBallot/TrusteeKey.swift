import CoopCrypto

/// Step 0 of the ceremony: a trustee's encryption key `X = x·B`, which the other trustees seal
/// its shares to, with a Schnorr proof that the trustee knows `x`.
///
/// Proof transcript (domain `coop/secret-ballot/v1/trustee-key`): the ceremony's fields, the
/// trustee number (u64be), `X`, then the commitment `t = w·B`.
///
/// JSON: `{"trustee": 2, "encryption_key": base64, "proof": {"challenge", "response"}}`, about 205 bytes.
public struct TrusteeKey: Codable, Sendable, Hashable {
    /// The trustee's number, 1...n.
    public var trustee: Int
    /// `X = x·B`.
    public var encryptionKey: Ristretto255.Element
    /// Proof of knowledge of `x`.
    public var proof: ChallengeResponse

    enum CodingKeys: String, CodingKey {
        case trustee, encryptionKey = "encryption_key", proof
    }

    static let domain = "coop/secret-ballot/v1/trustee-key"

    public init(trustee: Int, encryptionKey: Ristretto255.Element, proof: ChallengeResponse) {
        self.trustee = trustee
        self.encryptionKey = encryptionKey
        self.proof = proof
    }

    /// Makes trustee `trustee`'s key pair. The secret is the only thing the trustee must keep
    /// for the rest of the election: its shares are sealed to it in the ledger and can be
    /// reopened with it at tally time.
    public static func generate(
        ceremony: TrusteeCeremony, trustee: Int, random: any RandomSource = SystemRandomSource()
    ) throws -> (key: TrusteeKey, secret: TrusteeSecret) {
        let secret = TrusteeSecret(trustee: trustee, key: random.secretScalar())
        return (try publish(ceremony: ceremony, secret: secret, random: random), secret)
    }

    /// The step-0 entry for a trustee secret (made by `generate` or `TrusteeSecret.derived`).
    /// - Throws: `trusteeOutOfRange`.
    public static func publish(
        ceremony: TrusteeCeremony, secret: TrusteeSecret, random: any RandomSource = SystemRandomSource()
    ) throws -> TrusteeKey {
        try ceremony.check(trustee: secret.trustee)
        let encryptionKey = Ristretto255.Element.generatorMultiple(secret.key)
        let proof = ChaumPedersen.proveKnowledge(
            secret: secret.key, transcript: transcript(ceremony: ceremony, trustee: secret.trustee, key: encryptionKey), random: random)
        return TrusteeKey(trustee: secret.trustee, encryptionKey: encryptionKey, proof: proof)
    }

    /// Checks the trustee number, that the key is not the identity, and the proof.
    /// - Throws: `trusteeOutOfRange` or `invalidTrusteeKey`.
    public func verify(ceremony: TrusteeCeremony) throws {
        try ceremony.check(trustee: trustee)
        guard !encryptionKey.isIdentity else {
            throw SecretBallotError.invalidTrusteeKey(trustee: trustee, reason: "it is the identity element")
        }
        let t = Self.transcript(ceremony: ceremony, trustee: trustee, key: encryptionKey)
        guard ChaumPedersen.verifyKnowledge(proof, h: encryptionKey, transcript: t) else {
            throw SecretBallotError.invalidTrusteeKey(trustee: trustee, reason: "its proof of possession does not verify")
        }
    }

    static func transcript(ceremony: TrusteeCeremony, trustee: Int, key: Ristretto255.Element) -> Ristretto255.Transcript {
        var t = ceremony.transcript(domain: domain)
        t.append(UInt64(trustee))
        t.append(key)
        return t
    }
}
