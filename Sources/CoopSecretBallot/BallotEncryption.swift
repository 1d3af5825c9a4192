import CoopCrypto
import CoopModel

extension EncryptedBallot {
    /// Encrypts a voter's selections: one 0/1 per choice, with proofs bound to `context` and `voter`.
    ///
    /// The randomness of every ciphertext and proof comes from `random` and lives only in
    /// zeroed-on-release memory; the plaintext selections are not stored or written anywhere.
    /// - Parameter selections: one Bool per choice, true for selected.
    /// - Throws: `wrongNumberOfSelections`, `selectionCountOutOfRange`, or `invalidContext`.
    public static func encrypt(
        selections: [Bool], context: ElectionContext, voter: MemberID, random: any RandomSource = SystemRandomSource()
    ) throws -> EncryptedBallot {
        try context.validate()
        guard selections.count == context.choices else {
            throw SecretBallotError.wrongNumberOfSelections(expected: context.choices, actual: selections.count)
        }
        let selected = selections.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard (context.minimum...context.maximum).contains(selected) else {
            throw SecretBallotError.selectionCountOutOfRange(selected: selected, minimum: context.minimum, maximum: context.maximum)
        }
        let key = context.publicKey
        let randomness = selections.map { _ in random.secretScalar() }
        let ciphertexts = zip(selections, randomness).map { Ciphertext.encrypt($0 ? 1 : 0, key: key, randomness: $1) }
        let prefix = BallotTranscript.prefix(context: context, voter: voter, ciphertexts: ciphertexts)

        var choices: [EncryptedChoice] = []
        choices.reserveCapacity(ciphertexts.count)
        for (i, ciphertext) in ciphertexts.enumerated() {
            let proof = DisjunctiveProof.prove(
                ciphertext, message: selections[i] ? 1 : 0, randomness: randomness[i], range: 0...1, key: key,
                transcript: BallotTranscript.choice(prefix, index: i, ciphertext: ciphertext), random: random)
            choices.append(EncryptedChoice(ciphertext: ciphertext, proof: proof))
        }
        let total = randomness.dropFirst().reduce(randomness[0]) { $0 + $1 }
        let sum = ciphertexts.dropFirst().reduce(ciphertexts[0]) { $0 + $1 }
        let sumProof = DisjunctiveProof.prove(
            sum, message: selected, randomness: total, range: context.minimum...context.maximum, key: key,
            transcript: BallotTranscript.sum(prefix, context: context, ciphertext: sum), random: random)
        return EncryptedBallot(choices: choices, sumProof: sumProof)
    }

    /// Encrypts a selection given as the set of selected choice numbers (0-based).
    /// - Throws: `selectionOutOfRange` for a number outside `0..<choices`, then as `encrypt(selections:…)`.
    public static func encrypt(
        selected: Set<Int>, context: ElectionContext, voter: MemberID, random: any RandomSource = SystemRandomSource()
    ) throws -> EncryptedBallot {
        if let bad = selected.first(where: { !(0..<context.choices).contains($0) }) {
            throw SecretBallotError.selectionOutOfRange(index: bad, choices: context.choices)
        }
        return try encrypt(
            selections: (0..<context.choices).map { selected.contains($0) }, context: context, voter: voter, random: random)
    }

    /// Checks every proof of this ballot for `context` and `voter` (see `BallotVerifier`).
    public func verify(context: ElectionContext, voter: MemberID) throws {
        try BallotVerifier(context: context).verify(self, voter: voter)
    }
}
