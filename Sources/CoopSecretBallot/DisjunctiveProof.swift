import CoopCrypto

/// Proofs that a ciphertext `(α, β)` under the election key `Y` encrypts one of the integers
/// `lo...hi` (Cramer–Damgård–Schoenmakers disjunction of Chaum–Pedersen proofs). Branch `j`
/// claims `log_B(α) = log_Y(β − j·B)`; the prover knows the witness `r` for its true branch `m`
/// and simulates the others:
///
///     for j ≠ m:  c_j, s_j random;  t1_j = s_j·B − c_j·α,  t2_j = s_j·Y − c_j·(β − j·B)
///     for j = m:  w random;         t1_m = w·B,            t2_m = w·Y
///     c   = H(statement ‖ t1_lo ‖ t2_lo ‖ … ‖ t1_hi ‖ t2_hi)
///     c_m = c − Σ_{j≠m} c_j,   s_m = w + c_m·r
///
/// The proof is the list `(c_j, s_j)` for j = lo...hi. The verifier recomputes every
/// `t1_j = s_j·B − c_j·α`, `t2_j = s_j·Y − c_j·(β − j·B)` and accepts iff `Σ c_j = H(statement ‖ …)`.
/// A prover does the same work whatever `m` is: one real and `hi − lo` simulated branches.
enum DisjunctiveProof {
    static func prove(
        _ ciphertext: Ciphertext, message m: Int, randomness r: Ristretto255.SecretScalar, range: ClosedRange<Int>,
        key: Ristretto255.Element, transcript: Ristretto255.Transcript, random: any RandomSource
    ) -> [ChallengeResponse] {
        precondition(range.contains(m), "the prover's message lies outside the range it proves")
        var branches: [ChallengeResponse] = []
        var nonce: Ristretto255.SecretScalar?
        var t = transcript
        for j in range {
            if j == m {
                let w = random.secretScalar()
                nonce = w
                t.append(Ristretto255.Element.generatorMultiple(w))
                t.append(w * key)
                branches.append(ChallengeResponse(challenge: .zero, response: .zero))  // filled in below
            } else {
                let c = random.publicScalar(), s = random.publicScalar()
                let (t1, t2) = commitments(
                    ChallengeResponse(challenge: c, response: s), ciphertext, j, key,
                    Ristretto255.Element.generatorMultiple(Ristretto255.Scalar(UInt64(j))))
                t.append(t1)
                t.append(t2)
                branches.append(ChallengeResponse(challenge: c, response: s))
            }
        }
        let real = m - range.lowerBound
        var challenge = t.challenge()
        for (i, branch) in branches.enumerated() where i != real { challenge = challenge - branch.challenge }
        guard let w = nonce else { preconditionFailure("the true branch was not visited") }
        branches[real] = ChallengeResponse(challenge: challenge, response: (w + challenge * r).disclosed())
        return branches
    }

    /// `multiples[j]` must be `j·B` for every j in `range`.
    static func verify(
        _ proof: [ChallengeResponse], for ciphertext: Ciphertext, range: ClosedRange<Int>, key: Ristretto255.Element,
        multiples: [Ristretto255.Element], transcript: Ristretto255.Transcript
    ) -> Bool {
        guard proof.count == range.count, range.upperBound < multiples.count else { return false }
        var t = transcript
        var sum = Ristretto255.Scalar.zero
        for (branch, j) in zip(proof, range) {
            let (t1, t2) = commitments(branch, ciphertext, j, key, multiples[j])
            t.append(t1)
            t.append(t2)
            sum = sum + branch.challenge
        }
        return t.challenge() == sum
    }

    /// The commitments branch `j` must have had: `s·B − c·α` and `s·Y − c·(β − j·B)`.
    private static func commitments(
        _ branch: ChallengeResponse, _ ciphertext: Ciphertext, _ j: Int, _ key: Ristretto255.Element,
        _ jB: Ristretto255.Element
    ) -> (Ristretto255.Element, Ristretto255.Element) {
        let negC = -branch.challenge
        let t1 = Ristretto255.Element.generatorMultiple(branch.response) + negC * ciphertext.alpha
        // j = 0 is the common branch; 0·B is the identity, and an addition costs as much as
        // decoding two elements, so it is skipped.
        let t2 = branch.response * key + negC * (j == 0 ? ciphertext.beta : ciphertext.beta - jB)
        return (t1, t2)
    }
}
