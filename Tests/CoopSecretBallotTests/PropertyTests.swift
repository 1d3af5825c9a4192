import CoopCrypto
import CoopModel
import Testing

@testable import CoopSecretBallot

/// Random elections (seeded, so a failure names its seed): the proven tally equals the plaintext count.
@Suite("Secret elections: properties")
struct PropertyTests {
    @Test(arguments: 1...6)
    func provenTallyEqualsThePlaintextCount(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = Int(rng.next() % 4) + 1
        let t = Int(rng.next() % UInt64(n)) + 1
        let trustees = try Ceremony(trustees: n, threshold: t, seed: seed)
        let choices = Int(rng.next() % 4) + 1
        let minimum = Int(rng.next() % UInt64(choices + 1))
        let maximum = minimum + Int(rng.next() % UInt64(choices - minimum + 1))
        let context = try trustees.context(choices: choices, minimum: minimum, maximum: maximum)
        let random = SeededRandom(seed: seed + 1000)

        let voters = Int(rng.next() % 12)
        var expected = [Int](repeating: 0, count: choices)
        var ballots: [CastBallot] = []
        for v in 0..<voters {
            let count = minimum + Int(rng.next() % UInt64(maximum - minimum + 1))
            var picked = Set<Int>()
            while picked.count < count { picked.insert(Int(rng.next() % UInt64(choices))) }
            for i in picked { expected[i] += 1 }
            let voter = member(Int64(v + 1))
            ballots.append(
                CastBallot(
                    voter: voter, ballot: try EncryptedBallot.encrypt(selected: picked, context: context, voter: voter, random: random)))
        }
        let tally = try SecretTallyAudit.verifiedTally(context: context, ballots: ballots)
        // A random set of t trustees, plus one wrong partial when there is a trustee to spare.
        var order = Array(1...n)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        var partials = try order.prefix(t).map { PartialDecryption.make(tally: tally, context: context, share: try trustees.share($0), random: random) }
        if n > t {
            var bad = PartialDecryption.make(tally: tally, context: context, share: try trustees.share(order[t]), random: random)
            bad.factors[0] = bad.factors[0] - .generator
            partials.insert(bad, at: 0)
        }
        let result = try SecretTallyAudit.verify(
            context: context, setup: trustees.setup, ballots: ballots, partials: partials, claimedCounts: expected)
        #expect(result.counts == expected, "seed \(seed): n \(n), t \(t), \(choices) choices in \(minimum)...\(maximum), \(voters) voters")
        #expect(result.trustees == order.prefix(t).sorted())
        #expect(result.rejected.count == (n > t ? 1 : 0))
    }
}
