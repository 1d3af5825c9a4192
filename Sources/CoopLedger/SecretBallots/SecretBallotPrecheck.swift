import CoopCrypto
import CoopModel
import CoopSecretBallot
import Dispatch
import Synchronization

/// Ballot proofs checked ahead of judging, on every core: the cost of a secret election's
/// verification is its ballots' proofs (about 0.5 ms a choice), and the judging thread applies
/// entries one at a time. Not part of the state: it only lets `ballot.secret` skip a check
/// already made with the same context (a motion's election key, electorate and shape never
/// change once its setup is recorded), so any entry not found here is checked by its handler.
public struct VerifiedBallots: Sendable, Equatable {
    /// Entry hashes of `ballot.secret` entries whose every proof verifies for their motion and voter.
    var hashes: Set<SHA256Digest> = []

    public init() {}

    /// A cache: two states are equal whatever it holds.
    public static func == (lhs: VerifiedBallots, rhs: VerifiedBallots) -> Bool { true }

    func contains(_ hash: SHA256Digest) -> Bool { hashes.contains(hash) }

    /// Checks, in parallel, the proofs of the `ballot.secret` entries among `entries` whose motion
    /// already has its election key in `state`. Entries that fail, or cannot be checked yet, are
    /// left to their handler (which refuses them with the reason).
    static func check(_ entries: [DecodedEntry], in state: LedgerState) -> VerifiedBallots {
        var pending: [(hash: SHA256Digest, ballot: EncryptedBallot, voter: MemberID, verifier: BallotVerifier)] = []
        var verifiers: [MotionID: BallotVerifier] = [:]
        for entry in entries where entry.statement.type == .ballotSecret {
            guard let body = try? entry.body(SecretBallotBody.self), let motion = state.governance.motions[body.motion],
                motion.secret?.setup != nil
            else { continue }
            if verifiers[motion.id] == nil {
                guard let context = try? state.electionContext(for: motion), let verifier = try? BallotVerifier(context: context) else { continue }
                verifiers[motion.id] = verifier
            }
            guard let verifier = verifiers[motion.id] else { continue }
            pending.append((entry.hash, body.ballot, body.grantor ?? entry.statement.author, verifier))
        }
        guard !pending.isEmpty else { return VerifiedBallots() }
        let work = pending
        let slices = min(work.count, 64)
        let passed = Mutex<Set<SHA256Digest>>([])
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var mine: [SHA256Digest] = []
            for i in stride(from: slice, to: work.count, by: slices) {
                let w = work[i]
                if (try? w.verifier.verify(w.ballot, voter: w.voter)) != nil { mine.append(w.hash) }
            }
            passed.withLock { $0.formUnion(mine) }
        }
        var result = VerifiedBallots()
        result.hashes = passed.withLock { $0 }
        return result
    }
}
