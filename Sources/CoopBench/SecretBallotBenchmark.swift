import CoopCrypto
import CoopModel
import CoopSecretBallot
import Dispatch
import Synchronization

/// What one secret-election benchmark run did and how long each part took. The `Double`s are
/// measurements only; nothing is decided by them.
public struct SecretElectionBenchmarkReport: Sendable {
    public var voters: Int
    public var choices: Int
    public var minimum: Int
    public var maximum: Int
    public var trustees: Int
    public var threshold: Int
    /// Steps 0 to 3 of the ceremony for all trustees, one after the other (wall time).
    public var setupSeconds: Double
    /// Encrypting every voter's ballot, on all cores (wall time; not part of verification).
    public var castAllSeconds: Double
    /// One trustee rebuilding its share from the ledger and decrypting the tally with proofs.
    public var partialDecryptionSeconds: Double
    /// The audit: every ballot's proofs, copies, the homomorphic sum, every trustee's partial
    /// decryption proof, the Lagrange combination and the counts (wall time, all cores).
    public var verifySeconds: Double
    /// The proven counts.
    public var counts: [Int]
    /// The counts the generated ballots were made with; equal to `counts` in a correct run.
    public var expectedCounts: [Int]
}

/// Repeatable workloads for the secret-ballot code. Each returns measured seconds.
public enum SecretBallotBenchmark {
    /// Seconds to cast one ballot (encrypt every choice and make all proofs), the best of `rounds`.
    public static func castBallot(choices: Int = 10, minimum: Int = 0, maximum: Int = 10, rounds: Int = 20) throws -> Double {
        let context = try ElectionContext(
            ledgerID: "benchmark", motionID: "benchmark", electorateHash: "benchmark", choices: choices, minimum: minimum,
            maximum: maximum, publicKey: Ristretto255.Element.generatorMultiple(Ristretto255.SecretScalar.random()))
        guard let voter = MemberID(number: 1) else { return 0 }
        let selected = Set(0..<max(minimum, min(maximum, (minimum + maximum + 1) / 2)))
        var best = Double.infinity
        for _ in 0..<max(1, rounds) {
            let seconds = try measure { _ = try EncryptedBallot.encrypt(selected: selected, context: context, voter: voter) }
            best = min(best, seconds)
        }
        return best
    }

    /// A whole election: the ceremony, `voters` ballots with seeded selections, every trustee's
    /// partial decryption, and the audit an outsider runs.
    public static func election(
        voters: Int = 10_000, choices: Int = 3, minimum: Int = 1, maximum: Int = 1, trustees: Int = 5, threshold: Int = 3,
        seed: UInt64 = 1
    ) throws -> SecretElectionBenchmarkReport {
        let members = (1...max(1, trustees)).compactMap { MemberID(number: Int64(100_000 + $0)) }
        let ceremony = try TrusteeCeremony(ledgerID: "benchmark", label: "benchmark", threshold: threshold, trustees: members)
        var keys: [TrusteeKey] = [], secrets: [TrusteeSecret] = [], dealings: [Dealing] = [], checks: [ShareCheck] = []
        var setup: TrusteeSetup?
        let setupSeconds = try measure {
            for i in 1...ceremony.count {
                let (key, secret) = try TrusteeKey.generate(ceremony: ceremony, trustee: i)
                keys.append(key)
                secrets.append(secret)
            }
            for i in 1...ceremony.count { dealings.append(try Dealing.deal(ceremony: ceremony, dealer: i, keys: keys)) }
            for secret in secrets { checks.append(try ShareCheck.check(ceremony: ceremony, secret: secret, keys: keys, dealings: dealings)) }
            setup = try TrusteeSetup.derive(ceremony: ceremony, keys: keys, dealings: dealings, checks: checks)
        }
        guard let setup else { throw SecretBallotError.invalidCeremony("the benchmark's ceremony did not finish") }
        let context = try ElectionContext(
            ledgerID: "benchmark", motionID: "benchmark", electorateHash: "benchmark", choices: choices, minimum: minimum,
            maximum: maximum, publicKey: setup.publicKey)

        // Seeded selections, so a seed names the same election.
        var rng = SplitMix64(seed: seed)
        var expected = [Int](repeating: 0, count: choices)
        let selections: [Set<Int>] = (0..<voters).map { _ in
            let count = minimum + Int(rng.next() % UInt64(maximum - minimum + 1))
            var picked = Set<Int>()
            while picked.count < count { picked.insert(Int(rng.next() % UInt64(choices))) }
            for i in picked { expected[i] += 1 }
            return picked
        }
        var ballots: [CastBallot] = []
        let castAllSeconds = try measure { ballots = try castInParallel(selections, context: context) }

        var partials: [PartialDecryption] = []
        var partialSeconds = Double.infinity
        let tally = try SecretTallyAudit.verifiedTally(context: context, ballots: ballots)
        for secret in secrets {
            let seconds = try measure {
                let share = try TrusteeShare.derive(ceremony: ceremony, setup: setup, secret: secret, keys: keys, dealings: dealings)
                partials.append(PartialDecryption.make(tally: tally, context: context, share: share))
            }
            partialSeconds = min(partialSeconds, seconds)
        }
        var proven: DecryptedTally?
        let verifySeconds = try measure {
            proven = try SecretTallyAudit.verify(context: context, setup: setup, ballots: ballots, partials: partials, claimedCounts: expected)
        }
        return SecretElectionBenchmarkReport(
            voters: voters, choices: choices, minimum: minimum, maximum: maximum, trustees: ceremony.count, threshold: threshold,
            setupSeconds: setupSeconds, castAllSeconds: castAllSeconds, partialDecryptionSeconds: partialSeconds,
            verifySeconds: verifySeconds, counts: proven?.counts ?? [], expectedCounts: expected)
    }

    /// Encrypts one ballot per selection on all cores; voter k is member k + 1.
    static func castInParallel(_ selections: [Set<Int>], context: ElectionContext) throws -> [CastBallot] {
        let slices = min(32, max(1, selections.count))
        let results = Mutex<[Int: Result<[CastBallot], SecretBallotError>]>([:])
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let range = (selections.count * slice / slices)..<(selections.count * (slice + 1) / slices)
            let result: Result<[CastBallot], SecretBallotError>
            do {
                result = .success(
                    try range.compactMap { k in
                        guard let voter = MemberID(number: Int64(k + 1)) else { return nil }
                        return CastBallot(voter: voter, ballot: try EncryptedBallot.encrypt(selected: selections[k], context: context, voter: voter))
                    })
            } catch let error as SecretBallotError {
                result = .failure(error)
            } catch {
                result = .failure(.malformedBallot("\(error)"))
            }
            results.withLock { $0[slice] = result }
        }
        let all = results.withLock { $0 }
        return try (0..<slices).flatMap { slice -> [CastBallot] in try all[slice]?.get() ?? [] }
    }

    /// Wall-clock seconds taken by `body`.
    static func measure(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
