import Testing

@testable import coop_bench

/// The allocation workload repeats from its seed (`coop-bench ledger` times it).
@Suite("Benchmark: patronage allocation")
struct PatronageBenchmarkTests {
    @Test func benchmarkRunsAndIsDeterministic() throws {
        let a = try PatronageBenchmark.run(members: 300, seed: 11)
        let b = try PatronageBenchmark.run(members: 300, seed: 11)
        let c = try PatronageBenchmark.run(members: 300, seed: 12)
        #expect(a.checksum == b.checksum && a.checksum != c.checksum)
        #expect(a.seconds >= 0)
    }
}
