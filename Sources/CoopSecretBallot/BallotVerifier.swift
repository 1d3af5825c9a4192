import CoopCrypto
import CoopModel

/// Checks ballots of one election. Made once per election (it precomputes `j·B` for the
/// ranges the proofs use) and shared across threads.
public struct BallotVerifier: Sendable {
    public let context: ElectionContext
    /// `multiples[j] = j·B` for j in 0...max(1, max).
    let multiples: [Ristretto255.Element]

    /// - Throws: `invalidContext` for a context that cannot hold a ballot.
    public init(context: ElectionContext) throws {
        try context.validate()
        self.context = context
        var multiples = [Ristretto255.Element.identity]
        for _ in 0..<max(1, context.maximum) { multiples.append(multiples[multiples.count - 1] + .generator) }
        self.multiples = multiples
    }

    /// Verifies the ballot's structure and every proof for this election and `voter`.
    /// - Throws: `malformedBallot` (wrong number of choices or branches), `choiceProofFails`
    ///   naming the first choice whose proof fails, or `sumProofFails`.
    public func verify(_ ballot: EncryptedBallot, voter: MemberID) throws {
        guard ballot.choices.count == context.choices else {
            throw SecretBallotError.malformedBallot("it has \(ballot.choices.count) choices, the motion has \(context.choices)")
        }
        let sumBranches = context.maximum - context.minimum + 1
        guard ballot.sumProof.count == sumBranches else {
            throw SecretBallotError.malformedBallot("its sum proof has \(ballot.sumProof.count) branches, not \(sumBranches)")
        }
        if let i = ballot.choices.firstIndex(where: { $0.proof.count != 2 }) {
            throw SecretBallotError.malformedBallot("choice \(i)'s proof has \(ballot.choices[i].proof.count) branches, not 2")
        }
        let key = context.publicKey
        let ciphertexts = ballot.choices.map(\.ciphertext)
        let prefix = BallotTranscript.prefix(context: context, voter: voter, ciphertexts: ciphertexts)
        for (i, choice) in ballot.choices.enumerated() {
            let ok = DisjunctiveProof.verify(
                choice.proof, for: ciphertexts[i], range: 0...1, key: key, multiples: multiples,
                transcript: BallotTranscript.choice(prefix, index: i, ciphertext: ciphertexts[i]))
            guard ok else { throw SecretBallotError.choiceProofFails(choice: i) }
        }
        let sum = ballot.sum
        let ok = DisjunctiveProof.verify(
            ballot.sumProof, for: sum, range: context.minimum...context.maximum, key: key, multiples: multiples,
            transcript: BallotTranscript.sum(prefix, context: context, ciphertext: sum))
        guard ok else { throw SecretBallotError.sumProofFails }
    }
}
