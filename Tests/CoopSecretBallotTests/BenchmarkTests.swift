import CoopSecretBallot
import Foundation
import Testing

/// The secret-ballot benchmark. By default it runs small sizes to check the entry points; with
/// `COOP_BENCH=1` it runs the sizes and prints the figures (from a release build:
/// `COOP_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter SecretBallotBenchmarkTests`).
/// No test asserts a time.
@Suite("Secret-ballot benchmark", .serialized)
struct SecretBallotBenchmarkTests {
    static let full = ProcessInfo.processInfo.environment["COOP_BENCH"] == "1"

    @Test func castingOneBallotOfTenChoices() throws {
        let seconds = try SecretBallotBenchmark.castBallot(choices: 10, minimum: 0, maximum: 10, rounds: Self.full ? 50 : 2)
        #expect(seconds > 0)
        print(String(format: "secret-ballot bench: cast one ballot, 10 choices (0...10): %.1f ms", seconds * 1000))
    }

    @Test(arguments: [(3, 1, 1), (10, 0, 3)])
    func aWholeElection(choices: Int, minimum: Int, maximum: Int) throws {
        let voters = Self.full ? 10_000 : 40
        let report = try SecretBallotBenchmark.election(voters: voters, choices: choices, minimum: minimum, maximum: maximum, trustees: 5, threshold: 3, seed: 7)
        #expect(report.counts == report.expectedCounts)
        #expect(report.counts.reduce(0, +) >= minimum * voters && report.counts.reduce(0, +) <= maximum * voters)
        print(String(
            format: "secret-ballot bench: %d voters, %d choices (%d...%d), %d-of-%d trustees: setup %.2f s, casting all %.1f s, "
                + "one trustee's partial decryption %.3f s, audit (proofs + tally + decryptions) %.1f s",
            report.voters, report.choices, report.minimum, report.maximum, report.threshold, report.trustees,
            report.setupSeconds, report.castAllSeconds, report.partialDecryptionSeconds, report.verifySeconds))
    }
}
