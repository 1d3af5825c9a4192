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
        try ceremony.check(trustee: trustee)
        let x = random.secretScalar()
        let encryptionKey = Ristretto255.Element.generatorMultiple(x)
        let proof = ChaumPedersen.proveKnowledge(
            secret: x, transcript: transcript(ceremony: ceremony, trustee: trustee, key: encryptionKey), random: random)
        return (TrusteeKey(trustee: trustee, encryptionKey: encryptionKey, proof: proof), TrusteeSecret(trustee: trustee, key: x))
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

/// A trustee's secret encryption key `x` (zeroed when released). It opens the shares sealed to
/// the trustee and so, at tally time, yields the trustee's key share. Store it as the trustee's
/// key file stores an Ed25519 seed (`key.encoded()` gives its 32 bytes in `SecretBytes`).
public struct TrusteeSecret: Sendable {
    /// The trustee's number, 1...n.
    public let trustee: Int
    /// `x`.
    public let key: Ristretto255.SecretScalar

    public init(trustee: Int, key: Ristretto255.SecretScalar) {
        self.trustee = trustee
        self.key = key
    }

    /// Throws `wrongTrusteeSecret` unless this secret belongs to `published`.
    func check(against published: TrusteeKey) throws {
        guard published.trustee == trustee, Ristretto255.Element.generatorMultiple(key) == published.encryptionKey else {
            throw SecretBallotError.wrongTrusteeSecret(trustee: trustee)
        }
    }
}
