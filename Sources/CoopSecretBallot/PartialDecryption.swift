import CoopCrypto

/// A trustee's share of the decryption of a tally: for each choice with tally ciphertext
/// `(A, B)`, the factor `D = x_j·A`, with a Chaum–Pedersen proof that `log_B(Y_j) = log_A(D)`
/// (the same share `x_j` that the trustee's verification key commits to).
///
/// Proof transcript (domain `coop/secret-ballot/v1/partial-decryption`): the election context's
/// fields, the number of ballots and of choices (u64be), every `A_i, B_i` of the tally, the
/// trustee (u64be) and `Y_j`; then per choice, on a copy: the choice (u64be, 0-based), `D_i`,
/// and the commitments `w·B`, `w·A_i`.
///
/// JSON: `{"trustee": 2, "factors": [base64 × choices], "proofs": [{"challenge", "response"} × choices]}`,
/// about 36 + 166 bytes per choice.
public struct PartialDecryption: Codable, Sendable, Hashable {
    /// The trustee's number.
    public var trustee: Int
    /// `D_i = x_j·A_i` for each choice.
    public var factors: [Ristretto255.Element]
    /// One proof per choice.
    public var proofs: [ChallengeResponse]

    static let domain = "coop/secret-ballot/v1/partial-decryption"

    public init(trustee: Int, factors: [Ristretto255.Element], proofs: [ChallengeResponse]) {
        self.trustee = trustee
        self.factors = factors
        self.proofs = proofs
    }

    /// The trustee's partial decryption of `tally`.
    public static func make(
        tally: EncryptedTally, context: ElectionContext, share: TrusteeShare, random: any RandomSource = SystemRandomSource()
    ) -> PartialDecryption {
        let prefix = transcript(tally: tally, context: context, trustee: share.trustee, verificationKey: share.verificationKey)
        var factors: [Ristretto255.Element] = []
        var proofs: [ChallengeResponse] = []
        for (i, ciphertext) in tally.ciphertexts.enumerated() {
            let factor = share.share * ciphertext.alpha
            var t = prefix
            t.append(UInt64(i))
            t.append(factor)
            factors.append(factor)
            proofs.append(ChaumPedersen.prove(secret: share.share, base: ciphertext.alpha, transcript: t, random: random))
        }
        return PartialDecryption(trustee: share.trustee, factors: factors, proofs: proofs)
    }

    /// Why this partial decryption is not usable with `verificationKey`, or nil when it is.
    func problem(tally: EncryptedTally, context: ElectionContext, verificationKey: Ristretto255.Element) -> PartialRejection? {
        guard factors.count == tally.ciphertexts.count, proofs.count == tally.ciphertexts.count else {
            return .wrongShape(factors: factors.count, proofs: proofs.count, choices: tally.ciphertexts.count)
        }
        let prefix = Self.transcript(tally: tally, context: context, trustee: trustee, verificationKey: verificationKey)
        for (i, ciphertext) in tally.ciphertexts.enumerated() {
            var t = prefix
            t.append(UInt64(i))
            t.append(factors[i])
            guard ChaumPedersen.verify(proofs[i], h1: verificationKey, base: ciphertext.alpha, h2: factors[i], transcript: t) else {
                return .proofFails(choice: i)
            }
        }
        return nil
    }

    static func transcript(
        tally: EncryptedTally, context: ElectionContext, trustee: Int, verificationKey: Ristretto255.Element
    ) -> Ristretto255.Transcript {
        var t = context.transcript(domain: domain)
        t.append(UInt64(tally.ballots))
        t.append(UInt64(tally.ciphertexts.count))
        for c in tally.ciphertexts {
            t.append(c.alpha)
            t.append(c.beta)
        }
        t.append(UInt64(trustee))
        t.append(verificationKey)
        return t
    }
}
