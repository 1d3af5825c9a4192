import CoopModel
import Testing

@testable import coop_bench

/// The patronage year end driven through the ledger (`coop-bench ledger`'s last part), small
/// enough for a test: every phase runs and the books reconcile. No time is asserted.
@Suite("Benchmark: patronage year end through the ledger")
struct PatronageYearEndBenchmarkTests {
    @Test("200 members: every phase runs and the year end reconciles")
    func smallYearEnd() throws {
        let y = try PatronageYearEndBenchmark(members: 200).run()
        #expect(y.members == 200)
        #expect(y.reconciled)
        // Genesis, 200 admissions, 400 records, close, 4 motion entries, commit, 200 payments, revolve.
        #expect(y.entries == 1 + 200 + 400 + 1 + 4 + 1 + 200 + 1)
        let phases = Dictionary(uniqueKeysWithValues: y.phases.map { ($0.name, $0) })
        #expect(y.phases.map(\.name) == ["admit", "check", "record", "close", "preview", "approve", "commit", "pay", "revolve", "verify"])
        for (name, entries) in [("admit", 200), ("check", 200), ("record", 400), ("pay", 200), ("verify", 808)] {
            #expect(phases[name]?.entries == entries, "phase \(name)")
            #expect(phases[name]?.perSecond != nil, "phase \(name) has no rate")
        }

        #expect(y.netSurplus == Money(cents: 200 * 25_000))
        #expect(y.reserve == Money(cents: 200 * 25_000 / 10))
        #expect(y.allocated + y.reserve == y.netSurplus)
        #expect(y.cash + y.retained == y.allocated)
        #expect(Money(cents: y.cash.cents * 5) >= y.allocated)
        #expect(y.equityAfterCommit == y.memberEquityAfterCommit)
        #expect(y.memberEquityAfterCommit == y.retained + y.reserve)
        #expect(y.revolved == y.retained)
        #expect(y.resultHash.count == 64)
        // The state encoding figure measured the state at the end (every member is in it).
        #expect(y.stateBytes > 200 * 100)
        #expect(y.stateEncodeSeconds.isFinite && y.stateEncodeSeconds > 0)
    }
}
