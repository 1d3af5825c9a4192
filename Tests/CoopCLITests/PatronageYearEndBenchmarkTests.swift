import CoopCLI
import Foundation
import Testing

/// `coop bench --year-end-only`: the patronage year end driven through the ledger, small enough
/// for a test. The benchmark is internal to CoopCLI, so it runs through the command in-process.
@Suite("coop bench: patronage year end through the ledger")
struct PatronageYearEndBenchmarkTests {
    @Test("200 members: every phase is timed and the year end reconciles")
    func smallYearEnd() throws {
        let text = try CLIHarness().ok(["bench", "--year-end-only", "--year-end-members", "200", "--json"])
        let top = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let y = try #require(top["year_end"] as? [String: Any])
        #expect(y["members"] as? Int == 200)
        #expect(y["reconciled"] as? Bool == true)
        // Genesis, 200 admissions, 400 records, close, 4 motion entries, commit, 200 payments, revolve.
        #expect(y["entries"] as? Int == 1 + 200 + 400 + 1 + 4 + 1 + 200 + 1)

        let phases = try #require(y["phases"] as? [String: [String: Any]])
        let names = ["admit", "check", "record", "close", "preview", "approve", "commit", "pay", "revolve", "verify"]
        #expect(Set(phases.keys) == Set(names))
        for name in names {
            let seconds = (phases[name]?["seconds"] as? String).flatMap(Double.init)
            #expect((seconds ?? 0) > 0, "phase \(name) took \(seconds.map { "\($0)" } ?? "no") seconds")
        }
        for (name, entries) in [("admit", 200), ("check", 200), ("record", 400), ("pay", 200), ("verify", 808)] {
            #expect(phases[name]?["entries"] as? Int == entries, "phase \(name)")
            #expect((phases[name]?["per_second"] as? Int ?? 0) > 0, "phase \(name) has no rate")
        }

        func cents(_ key: String) -> Int { y[key] as? Int ?? -1 }
        let surplus = cents("net_surplus_cents")
        #expect(surplus == 200 * 25_000)
        #expect(cents("reserve_cents") == surplus / 10)
        #expect(cents("allocated_cents") + cents("reserve_cents") == surplus)
        #expect(cents("cash_cents") + cents("retained_cents") == cents("allocated_cents"))
        #expect(cents("cash_cents") * 5 >= cents("allocated_cents"))
        #expect(cents("equity_after_commit_cents") == cents("member_equity_after_commit_cents"))
        #expect(cents("member_equity_after_commit_cents") == cents("retained_cents") + cents("reserve_cents"))
        #expect(cents("revolved_cents") == cents("retained_cents"))
        #expect((y["result_hash"] as? String)?.count == 64)
    }
}
