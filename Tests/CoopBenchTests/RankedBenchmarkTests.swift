import CoopGovernance
import Testing

@testable import coop_bench

/// The benchmark workload, small: it runs, fills the seats, and repeats from its seed.
/// (`coop-bench ranked` measures it; no test asserts a time.)
@Suite("Ranked benchmark")
struct RankedBenchmarkTests {
    @Test func runsEveryMethodRepeatably() throws {
        let a = try RankedBenchmark.run(ballots: 600, candidates: 12, seats: 4, seed: 7)
        let b = try RankedBenchmark.run(ballots: 600, candidates: 12, seats: 4, seed: 7)
        #expect(a.ballots == 600 && a.runs.map(\.method) == [.scottishSTV(seats: 4), .meekSTV(seats: 4), .instantRunoff])
        #expect(a.runs.map(\.winners) == b.runs.map(\.winners))
        #expect(a.runs.map(\.winners.count) == [4, 4, 1])
        #expect(a.runs.allSatisfy { $0.rounds > 1 && $0.seconds >= 0 && $0.exhausted.units > 0 })
        #expect(a.distinctRankings > 300)
    }
}
