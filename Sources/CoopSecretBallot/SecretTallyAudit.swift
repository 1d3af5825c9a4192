import CoopCrypto
import CoopModel
import Dispatch
import Synchronization

/// The offline check of a whole secret election, as an auditor runs it from the ledger alone:
/// every ballot's proofs, no ciphertext copied between ballots, the homomorphic sum, every
/// partial decryption's proof, the Lagrange combination and the recovered counts.
public enum SecretTallyAudit {
    /// Ballots are checked on all cores in this many slices.
    static let slices = 32

    /// Re-checks everything and returns the proven counts.
    /// - Parameters:
    ///   - ballots: the counted ballots (the last one of each voter).
    ///   - partials: every partial decryption posted; bad ones are named in `rejected`.
    ///   - claimedCounts: the counts announced, if any; they must equal the proven ones.
    /// - Throws: `duplicateVoter`, `replayedCiphertext`, `ballotRefused` naming the first bad
    ///   ballot's voter, `notEnoughPartialDecryptions`, `countOutOfRange`, `countsDiffer`.
    public static func verify(
        context: ElectionContext, setup: TrusteeSetup, ballots: [CastBallot], partials: [PartialDecryption],
        claimedCounts: [Int]? = nil
    ) throws -> DecryptedTally {
        let tally = try verifiedTally(context: context, ballots: ballots)
        let result = try tally.decrypt(partials: partials, setup: setup, context: context).counts()
        if let claimedCounts, claimedCounts != result.counts {
            throw SecretBallotError.countsDiffer(claimed: claimedCounts, proven: result.counts)
        }
        return result
    }

    /// Verifies every ballot (in parallel) and returns their homomorphic sum.
    /// - Throws: `duplicateVoter`, `replayedCiphertext`, or `ballotRefused` for the first bad ballot.
    public static func verifiedTally(context: ElectionContext, ballots: [CastBallot]) throws -> EncryptedTally {
        try checkForCopies(ballots)
        let verifier = try BallotVerifier(context: context)
        let slices = min(Self.slices, max(1, ballots.count))
        let results = Mutex<[Int: SliceResult]>([:])
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let range = (ballots.count * slice / slices)..<(ballots.count * (slice + 1) / slices)
            var sums = [Ciphertext](repeating: .zero, count: context.choices)
            var failure: (index: Int, reason: String)?
            for index in range {
                do {
                    try verifier.verify(ballots[index].ballot, voter: ballots[index].voter)
                } catch {
                    failure = (index, "\(error)")
                    break
                }
                for (i, choice) in ballots[index].ballot.choices.enumerated() { sums[i] = sums[i] + choice.ciphertext }
            }
            let result = SliceResult(
                tally: EncryptedTally(ballots: range.count, ciphertexts: sums),
                failureIndex: failure?.index, failureReason: failure?.reason)
            results.withLock { $0[slice] = result }
        }
        let all = results.withLock { $0 }
        if let first = all.values.compactMap({ r in r.failureIndex.map { ($0, r.failureReason ?? "") } }).min(by: { $0.0 < $1.0 }) {
            throw SecretBallotError.ballotRefused(voter: ballots[first.0].voter, reason: first.1)
        }
        return (0..<slices).compactMap { all[$0]?.tally }
            .reduce(EncryptedTally(ballots: 0, ciphertexts: Array(repeating: .zero, count: context.choices)), +)
    }

    private struct SliceResult: Sendable {
        var tally: EncryptedTally
        var failureIndex: Int?
        var failureReason: String?
    }

    /// Refuses a voter counted twice, and any ciphertext `alpha` that appears twice (a ballot,
    /// or part of one, copied from another voter: fresh randomness never repeats).
    static func checkForCopies(_ ballots: [CastBallot]) throws {
        var voters = Set<MemberID>()
        var owners: [Ristretto255.Element: MemberID] = [:]
        owners.reserveCapacity(ballots.count * (ballots.first?.ballot.choices.count ?? 1))
        for cast in ballots {
            guard voters.insert(cast.voter).inserted else { throw SecretBallotError.duplicateVoter(cast.voter) }
            for choice in cast.ballot.choices {
                if let owner = owners.updateValue(cast.voter, forKey: choice.alpha) {
                    throw SecretBallotError.replayedCiphertext(voter: cast.voter, copiedFrom: owner)
                }
            }
        }
    }
}
