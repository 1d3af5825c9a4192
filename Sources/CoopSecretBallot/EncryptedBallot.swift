import CoopCrypto

/// One choice of an encrypted ballot: the encryption of 0 or 1 and the proof that it is one of them.
///
/// JSON: `{"alpha": base64, "beta": base64, "proof": [branch 0, branch 1]}`, each branch
/// `{"challenge", "response"}`.
public struct EncryptedChoice: Codable, Sendable, Hashable {
    public var alpha: Ristretto255.Element
    public var beta: Ristretto255.Element
    /// The disjunctive proof over {0, 1}: exactly two branches, for 0 then 1.
    public var proof: [ChallengeResponse]

    public init(ciphertext: Ciphertext, proof: [ChallengeResponse]) {
        alpha = ciphertext.alpha
        beta = ciphertext.beta
        self.proof = proof
    }

    /// The ciphertext `(alpha, beta)`.
    public var ciphertext: Ciphertext { Ciphertext(alpha: alpha, beta: beta) }
}

/// A secret ballot: one encrypted 0/1 per choice, each with its proof, and a proof that the
/// number of 1s lies between the election's min and max. It says nothing about the choices to
/// anyone without a threshold of trustee shares. Every proof is bound to the election context
/// and to the voter, so a ballot (or any of its proofs) copied to another motion or voter fails.
///
/// JSON: `{"choices": [EncryptedChoice…], "sum_proof": [branch min, …, branch max]}`.
/// Size in canonical JSON: about 30 + 362·k + 117·(max − min + 1) bytes for k choices
/// (1223 bytes for yes/no/abstain, 4926 for 10 choices with 0...10).
public struct EncryptedBallot: Codable, Sendable, Hashable {
    public var choices: [EncryptedChoice]
    /// The disjunctive proof that the sum of the choices' ciphertexts encrypts one of min...max,
    /// one branch per value, in increasing order.
    public var sumProof: [ChallengeResponse]

    enum CodingKeys: String, CodingKey {
        case choices, sumProof = "sum_proof"
    }

    public init(choices: [EncryptedChoice], sumProof: [ChallengeResponse]) {
        self.choices = choices
        self.sumProof = sumProof
    }

    /// The sum of the choices' ciphertexts (an encryption of the number of selected choices).
    public var sum: Ciphertext {
        choices.dropFirst().reduce(choices.first?.ciphertext ?? .zero) { $0 + $1.ciphertext }
    }
}
