import Testing

@testable import coop_bench

/// The secret-ballot workload, small: it runs end to end and the audit proves the counts cast.
/// (`coop-bench secret-ballot` measures it; no test asserts a time.)
@Suite("Benchmark: secret ballots")
struct SecretBallotBenchmarkTests {
    @Test func castingOneBallotRuns() throws {
        #expect(try SecretBallotBenchmark.castBallot(choices: 10, minimum: 0, maximum: 10, rounds: 2) > 0)
    }

    @Test(arguments: [(3, 1, 1), (10, 0, 3)])
    func aWholeElectionProvesItsCounts(choices: Int, minimum: Int, maximum: Int) throws {
        let voters = 40
        let report = try SecretBallotBenchmark.election(
            voters: voters, choices: choices, minimum: minimum, maximum: maximum,
            trustees: 5, threshold: 3, seed: 7)
        #expect(report.counts == report.expectedCounts)
        #expect(report.counts.reduce(0, +) >= minimum * voters && report.counts.reduce(0, +) <= maximum * voters)
    }
}

/// The ledger-wired secret election, small: it runs, verifies, and proves the counts cast.
@Suite("Benchmark: a secret election through the ledger")
struct SecretLedgerBenchmarkTests {
    @Test(arguments: [false, true])
    func aSecretElectionThroughTheLedgerProvesItsCounts(approval: Bool) throws {
        let report = try SecretLedgerBenchmark.run(voters: 12, candidates: 4, approval: approval, rounds: 2, seed: 3)
        #expect(report.counts == report.expectedCounts)
        #expect(report.entries > 12)
    }
}
