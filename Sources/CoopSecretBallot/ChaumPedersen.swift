import CoopCrypto

/// Chaum–Pedersen proofs that two discrete logarithms are equal, and Schnorr proofs of
/// knowledge of one, made non-interactive with a transcript that already holds the whole
/// statement (strong Fiat–Shamir: Bernhard, Pereira, Warinschi 2012).
///
/// Equality `log_B(h1) = log_g2(h2) = x`, nonce `w`:
///
///     prover:   t1 = w·B, t2 = w·g2, c = H(statement ‖ t1 ‖ t2), s = w + c·x
///     verifier: t1 = s·B − c·h1, t2 = s·g2 − c·h2; accept iff H(statement ‖ t1 ‖ t2) = c
///
/// Knowledge of `x = log_B(h)` is the same with the second equation left out.
enum ChaumPedersen {
    /// Proves `log_B(x·B) = log_g2(x·g2)`; `transcript` holds the statement, including both elements.
    static func prove(
        secret x: Ristretto255.SecretScalar, base g2: Ristretto255.Element, transcript: Ristretto255.Transcript,
        random: any RandomSource
    ) -> ChallengeResponse {
        let w = random.secretScalar()
        var t = transcript
        t.append(Ristretto255.Element.generatorMultiple(w))
        t.append(w * g2)
        let c = t.challenge()
        return ChallengeResponse(challenge: c, response: (w + c * x).disclosed())
    }

    /// True when `proof` shows `log_B(h1) = log_g2(h2)` for the statement in `transcript`.
    static func verify(
        _ proof: ChallengeResponse, h1: Ristretto255.Element, base g2: Ristretto255.Element, h2: Ristretto255.Element,
        transcript: Ristretto255.Transcript
    ) -> Bool {
        var t = transcript
        t.append(Ristretto255.Element.generatorMultiple(proof.response) - proof.challenge * h1)
        t.append(proof.response * g2 - proof.challenge * h2)
        return t.challenge() == proof.challenge
    }

    /// Proves knowledge of `x = log_B(h)`; `transcript` holds the statement, including `h`.
    static func proveKnowledge(
        secret x: Ristretto255.SecretScalar, transcript: Ristretto255.Transcript, random: any RandomSource
    ) -> ChallengeResponse {
        let w = random.secretScalar()
        var t = transcript
        t.append(Ristretto255.Element.generatorMultiple(w))
        let c = t.challenge()
        return ChallengeResponse(challenge: c, response: (w + c * x).disclosed())
    }

    /// True when `proof` shows knowledge of `log_B(h)` for the statement in `transcript`.
    static func verifyKnowledge(_ proof: ChallengeResponse, h: Ristretto255.Element, transcript: Ristretto255.Transcript) -> Bool {
        var t = transcript
        t.append(Ristretto255.Element.generatorMultiple(proof.response) - proof.challenge * h)
        return t.challenge() == proof.challenge
    }
}
