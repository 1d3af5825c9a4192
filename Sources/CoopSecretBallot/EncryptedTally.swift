import CoopCrypto

/// The homomorphic sum of the counted ballots: for each choice, the sum of that choice's
/// ciphertexts, an encryption of the number of voters who selected it. The trustees decrypt
/// this and nothing else.
///
/// JSON: `{"ballots": 120, "ciphertexts": [{"alpha", "beta"} × choices]}`.
public struct EncryptedTally: Codable, Sendable, Hashable {
    /// How many ballots were added up; it bounds every count.
    public var ballots: Int
    /// One ciphertext per choice.
    public var ciphertexts: [Ciphertext]

    public init(ballots: Int, ciphertexts: [Ciphertext]) {
        self.ballots = ballots
        self.ciphertexts = ciphertexts
    }

    /// Adds up `ballots` choice by choice. The ballots must already be verified (an audit does
    /// both in one pass: `SecretTallyAudit`).
    /// - Throws: `malformedBallot` if a ballot has the wrong number of choices.
    public init(adding ballots: [EncryptedBallot], context: ElectionContext) throws {
        var sums = [Ciphertext](repeating: .zero, count: context.choices)
        for ballot in ballots {
            guard ballot.choices.count == context.choices else {
                throw SecretBallotError.malformedBallot("it has \(ballot.choices.count) choices, the motion has \(context.choices)")
            }
            for (i, choice) in ballot.choices.enumerated() { sums[i] = sums[i] + choice.ciphertext }
        }
        self.init(ballots: ballots.count, ciphertexts: sums)
    }

    /// The tally of two disjoint sets of ballots.
    static func + (a: EncryptedTally, b: EncryptedTally) -> EncryptedTally {
        EncryptedTally(ballots: a.ballots + b.ballots, ciphertexts: zip(a.ciphertexts, b.ciphertexts).map { $0 + $1 })
    }
}
