import CoopCanonicalJSON
import CoopGovernance
import CoopPatronage
import Foundation

/// Timings of the pure rules: a tally of a 100,000-member motion (ballot resolution with vote
/// changes and proxies, then the exact threshold test) and a two-factor patronage allocation.
/// Each figure is the best of three runs, as the ledger benchmark does.
struct RulesBenchmark {
    var tallyMembers = 100_000
    var patronageMembers = [100_000, 1_000_000]

    struct Report {
        var tallySeconds: Double
        var tallyBallots: Int
        var patronageSeconds: [(members: Int, seconds: Double)]
    }

    func run() throws -> Report {
        let tally = (1...3).map { TallyBenchmark.run(members: tallyMembers, seed: UInt64($0)) }
        let best = tally.min { $0.seconds < $1.seconds }
        var patronage: [(Int, Double)] = []
        for n in patronageMembers {
            var seconds = Double.infinity
            for round in 1...3 { seconds = min(seconds, try PatronageBenchmark.run(members: n, seed: UInt64(round)).seconds) }
            patronage.append((n, seconds))
        }
        return Report(tallySeconds: best?.seconds ?? 0, tallyBallots: best?.events ?? 0, patronageSeconds: patronage)
    }
}

extension RulesBenchmark.Report {
    var json: JSONValue {
        .object([
            "tally_seconds_100k": .string(String(format: "%.4f", tallySeconds)),
            "patronage": .array(
                patronageSeconds.map { .object(["members": .integer(Int64($0.members)), "seconds": .string(String(format: "%.4f", $0.seconds))]) }),
        ])
    }
}
