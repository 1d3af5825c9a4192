import CoopCrypto

/// One Fiat–Shamir proof (or one branch of a disjunctive proof) in compact form: the challenge
/// `c` and the response `s`. The verifier recomputes the prover's commitments from them and
/// checks that hashing the statement with those commitments gives back the challenge (or, for
/// a disjunction, the sum of the branches' challenges).
///
/// JSON: `{"challenge": base64, "response": base64}` (canonical 32-byte scalars).
public struct ChallengeResponse: Codable, Sendable, Hashable {
    public var challenge: Ristretto255.Scalar
    public var response: Ristretto255.Scalar

    public init(challenge: Ristretto255.Scalar, response: Ristretto255.Scalar) {
        self.challenge = challenge
        self.response = response
    }
}
