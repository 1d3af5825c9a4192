import CoopCrypto

/// The counts of a secret election, as recovered from `threshold` valid partial decryptions.
///
/// JSON: `{"ballots", "counts": [Int × choices], "trustees": [Int], "rejected": [{"trustee", "reason"}]}`.
public struct DecryptedTally: Codable, Sendable, Hashable {
    /// How many ballots were counted.
    public var ballots: Int
    /// For each choice, how many counted ballots selected it.
    public var counts: [Int]
    /// The trustees whose partial decryptions were combined (the `threshold` lowest-numbered valid ones).
    public var trustees: [Int]
    /// Partial decryptions set aside, with the reason.
    public var rejected: [RejectedPartial]

    public init(ballots: Int, counts: [Int], trustees: [Int], rejected: [RejectedPartial]) {
        self.ballots = ballots
        self.counts = counts
        self.trustees = trustees
        self.rejected = rejected
    }
}

/// The result of combining the partial decryptions posted so far.
public enum TallyDecryption: Sendable, Hashable {
    /// Enough valid partial decryptions: the counts.
    case complete(DecryptedTally)
    /// Not enough yet: the trustees whose partial decryptions are valid, the threshold, and the
    /// ones set aside (a trustee whose partial decryption is wrong is named here).
    case waiting(valid: [Int], threshold: Int, rejected: [RejectedPartial])

    /// The counts, or `notEnoughPartialDecryptions` saying how many more trustees are needed.
    public func counts() throws -> DecryptedTally {
        switch self {
        case let .complete(tally): return tally
        case let .waiting(valid, threshold, rejected):
            throw SecretBallotError.notEnoughPartialDecryptions(valid: valid, threshold: threshold, rejected: rejected)
        }
    }
}

extension EncryptedTally {
    /// Checks every partial decryption against the trustee's verification key, sets aside the
    /// bad ones (naming the trustee), and once `setup.threshold` valid ones are in, combines the
    /// lowest-numbered `threshold` of them by Lagrange interpolation at 0 and recovers each count:
    ///
    ///     D_i = Σ_{j∈S} λ_j·D_{j,i},   m_i·B = B_i − D_i,   m_i ∈ 0...ballots (baby-step giant-step)
    ///
    /// - Returns: `.complete` with the counts, or `.waiting` while fewer than `threshold` are valid.
    /// - Throws: `countOutOfRange` if a combination does not decrypt to a count in 0...ballots
    ///   (impossible for verified ballots and valid partial decryptions).
    public func decrypt(partials: [PartialDecryption], setup: TrusteeSetup, context: ElectionContext) throws -> TallyDecryption {
        var valid: [Int: PartialDecryption] = [:]
        var rejected: [RejectedPartial] = []
        for partial in partials {
            guard let key = setup.verificationKey(of: partial.trustee) else {
                rejected.append(RejectedPartial(trustee: partial.trustee, reason: .unknownTrustee))
                continue
            }
            if valid[partial.trustee] != nil {
                rejected.append(RejectedPartial(trustee: partial.trustee, reason: .duplicate))
            } else if let problem = partial.problem(tally: self, context: context, verificationKey: key) {
                rejected.append(RejectedPartial(trustee: partial.trustee, reason: problem))
            } else {
                valid[partial.trustee] = partial
            }
        }
        let validTrustees = valid.keys.sorted()
        guard validTrustees.count >= setup.threshold else {
            return .waiting(valid: validTrustees, threshold: setup.threshold, rejected: rejected)
        }
        let used = Array(validTrustees.prefix(setup.threshold))
        let lambdas = Lagrange.coefficientsAtZero(used)
        let log = DiscreteLog(bound: ballots)
        var counts: [Int] = []
        for (i, ciphertext) in ciphertexts.enumerated() {
            var combined = Ristretto255.Element.identity
            for (trustee, lambda) in zip(used, lambdas) {
                guard let partial = valid[trustee] else { continue }
                combined = combined + lambda * partial.factors[i]
            }
            guard let count = log.solve(ciphertext.beta - combined) else {
                throw SecretBallotError.countOutOfRange(choice: i, ballots: ballots)
            }
            counts.append(count)
        }
        return .complete(DecryptedTally(ballots: ballots, counts: counts, trustees: used, rejected: rejected))
    }
}
