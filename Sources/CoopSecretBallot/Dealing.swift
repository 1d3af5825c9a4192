import CoopCrypto

/// Step 1 of the ceremony (Pedersen's distributed key generation with Feldman commitments, as
/// Belenios' threshold mode does): a trustee, the dealer, picks a random polynomial `f` of
/// degree `t − 1`, publishes the commitments `A_k = a_k·B` to its coefficients, a Schnorr proof
/// that it knows `a_0`, and the share `f(j)` for every trustee `j` (itself included) sealed to
/// that trustee's encryption key. The election key is the sum of the qualified dealers' `A_0`.
///
/// Proof transcript (domain `coop/secret-ballot/v1/dealing`): the ceremony's fields, the dealer
/// (u64be), t (u64be), `A_0 … A_{t−1}`, n (u64be), the n sealed shares (80 bytes each), then
/// the commitment `w·B`. The proof thus also binds every sealed share to the dealer.
///
/// JSON: `{"dealer": 1, "commitments": [base64 × t], "proof": {…}, "shares": [base64 × n]}`,
/// about 160 + 47·t + 111·n bytes.
public struct Dealing: Codable, Sendable, Hashable {
    /// The dealer's trustee number.
    public var dealer: Int
    /// `A_0 … A_{t−1}`.
    public var commitments: [Ristretto255.Element]
    /// Proof of knowledge of `a_0 = log_B(A_0)`.
    public var proof: ChallengeResponse
    /// `shares[j − 1]` is `f(j)` sealed to trustee `j`.
    public var shares: [SealedShare]

    static let domain = "coop/secret-ballot/v1/dealing"

    public init(dealer: Int, commitments: [Ristretto255.Element], proof: ChallengeResponse, shares: [SealedShare]) {
        self.dealer = dealer
        self.commitments = commitments
        self.proof = proof
        self.shares = shares
    }

    /// Deals trustee `dealer`'s shares. The polynomial is forgotten (zeroed) on return.
    /// - Parameter keys: every trustee's published encryption key, verified here.
    /// - Throws: `missingTrusteeKeys`, `invalidTrusteeKey`, `trusteeOutOfRange`, `duplicateStep`.
    public static func deal(
        ceremony: TrusteeCeremony, dealer: Int, keys: [TrusteeKey], random: any RandomSource = SystemRandomSource()
    ) throws -> Dealing {
        try ceremony.check(trustee: dealer)
        let keys = try TrusteeKeys(ceremony: ceremony, keys: keys)
        let polynomial = SecretPolynomial(degreeBelow: ceremony.threshold, random: random)
        var shares: [SealedShare] = []
        for j in 1...ceremony.count {
            let box = try Ristretto255.SealedBox.seal(
                polynomial.evaluate(at: j).encoded(), to: keys.key(of: j), ephemeral: random.secretScalar(),
                context: SealedShare.context(ceremony: ceremony, dealer: dealer, recipient: j))
            shares.append(try SealedShare(bytes: box))
        }
        let commitments = polynomial.commitments
        let t = transcript(ceremony: ceremony, dealer: dealer, commitments: commitments, shares: shares)
        let proof = ChaumPedersen.proveKnowledge(secret: polynomial.coefficients[0], transcript: t, random: random)
        return Dealing(dealer: dealer, commitments: commitments, proof: proof, shares: shares)
    }

    /// The checks anyone can make: numbers and sizes, `A_0` not the identity, every sealed share's
    /// ephemeral element valid and not the identity, and the proof.
    /// Whether each share matches the commitments only its recipient can see (step 2).
    /// - Throws: `trusteeOutOfRange` or `invalidDealing`.
    public func verify(ceremony: TrusteeCeremony) throws {
        try ceremony.check(trustee: dealer)
        func refuse(_ reason: String) -> SecretBallotError { .invalidDealing(dealer: dealer, reason: reason) }
        guard commitments.count == ceremony.threshold else {
            throw refuse("it has \(commitments.count) commitments; threshold \(ceremony.threshold) needs \(ceremony.threshold)")
        }
        guard shares.count == ceremony.count else {
            throw refuse("it has \(shares.count) sealed shares for \(ceremony.count) trustees")
        }
        guard !commitments[0].isIdentity else { throw refuse("its constant commitment is the identity element") }
        for (j, share) in shares.enumerated() {
            guard let r = try? Ristretto255.SealedBox.ephemeralKey(of: share.bytes), !r.isIdentity else {
                throw refuse("the share sealed to trustee \(j + 1) has no valid ephemeral element")
            }
        }
        let t = Self.transcript(ceremony: ceremony, dealer: dealer, commitments: commitments, shares: shares)
        guard ChaumPedersen.verifyKnowledge(proof, h: commitments[0], transcript: t) else {
            throw refuse("its proof of knowledge of the constant coefficient does not verify")
        }
    }

    /// Opens the share sealed to `secret`'s trustee and checks it against the commitments.
    /// Returns nil when the share does not open, is not a canonical scalar, or does not match:
    /// the trustee then complains (`ShareCheck`).
    func openShare(ceremony: TrusteeCeremony, secret: TrusteeSecret) -> Ristretto255.SecretScalar? {
        let j = secret.trustee
        guard j >= 1, j <= shares.count else { return nil }
        let context = SealedShare.context(ceremony: ceremony, dealer: dealer, recipient: j)
        guard let opened = try? Ristretto255.SealedBox.open(shares[j - 1].bytes, secretKey: secret.key, context: context),
            let share = try? Ristretto255.SecretScalar(canonical: opened),
            Ristretto255.Element.generatorMultiple(share) == Feldman.expected(at: j, commitments: commitments)
        else { return nil }
        return share
    }

    static func transcript(
        ceremony: TrusteeCeremony, dealer: Int, commitments: [Ristretto255.Element], shares: [SealedShare]
    ) -> Ristretto255.Transcript {
        var t = ceremony.transcript(domain: domain)
        t.append(UInt64(dealer))
        t.append(UInt64(commitments.count))
        for a in commitments { t.append(a) }
        t.append(UInt64(shares.count))
        for s in shares { t.append(bytes: s.bytes) }
        return t
    }
}
