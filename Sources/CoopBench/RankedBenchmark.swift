import CoopGovernance
import CoopModel

/// One timed count of a benchmark run. `seconds` is the only floating-point value of the
/// ranked count: it reports a measurement and decides nothing.
public struct RankedBenchmarkRun: Sendable {
    public var method: RankedMethod
    /// Wall time of `RankedCount.count` (validation, grouping, count), excluding building the ballots.
    public var seconds: Double
    public var rounds: Int
    public var winners: [String]
    public var exhausted: VoteValue
}

/// What a benchmark run counted and how long each method took.
public struct RankedBenchmarkReport: Sendable {
    public var ballots: Int
    public var candidates: Int
    public var seats: Int
    public var distinctRankings: Int
    /// Scottish STV, Meek STV (both with `seats`), then instant runoff.
    public var runs: [RankedBenchmarkRun]
}

/// A repeatable ranked-count workload: `ballots` rankings of `candidates` from a seeded
/// generator (same seed, same ballots), counted by each method.
///
/// Voters favour some candidates over others and candidates of a slate (every fifth candidate
/// shares one) over the rest after their first choice; three voters in ten rank everyone, the
/// rest stop after 1 to 14 choices, so transfers, exhausted ballots and long counts all occur.
public enum RankedBenchmark {
    /// Builds the ballots from `seed`, then times Scottish STV, Meek STV and IRV on them.
    public static func run(ballots: Int = 100_000, candidates: Int = 30, seats: Int = 7, seed: UInt64) throws -> RankedBenchmarkReport {
        let n = max(1, candidates)
        let names = (1...n).map { "Candidate \($0)" }
        let generated = makeBallots(count: max(0, ballots), candidates: n, seed: seed)
        let drawSeed = (0..<32).map { UInt8(truncatingIfNeeded: seed >> (8 * UInt64($0 % 8))) }
        let clock = ContinuousClock()
        var runs: [RankedBenchmarkRun] = []
        for method in [RankedMethod.scottishSTV(seats: seats), .meekSTV(seats: seats), .instantRunoff] {
            var result: RankedResult?
            var failure: (any Error)?
            let elapsed = clock.measure {
                do { result = try RankedCount.count(candidates: names, ballots: generated, method: method, seed: drawSeed) } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            guard let result else { continue }
            runs.append(
                RankedBenchmarkRun(
                    method: method,
                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                    rounds: result.rounds.count, winners: result.winners, exhausted: result.exhausted))
        }
        return RankedBenchmarkReport(
            ballots: generated.count, candidates: n, seats: seats, distinctRankings: Set(generated.map(\.ranking)).count, runs: runs)
    }

    /// The seeded ballots: integer weights only, so the same seed gives the same ballots everywhere.
    static func makeBallots(count: Int, candidates n: Int, seed: UInt64) -> [RankedBallot] {
        var rng = SplitMix64(seed: seed)
        let popularity = (0..<n).map { UInt64((n - $0) * (n - $0) + 10) }
        var ballots: [RankedBallot] = []
        ballots.reserveCapacity(count)
        var weights = [UInt64](repeating: 0, count: n)
        for _ in 0..<count {
            let r = rng.next()
            let length = r % 10 < 3 ? n : min(n, Int(1 + (r >> 8) % 14))
            for c in 0..<n { weights[c] = popularity[c] }
            var ranking: [Int] = []
            ranking.reserveCapacity(length)
            for _ in 0..<length {
                let total = weights.reduce(0, +)
                guard total > 0 else { break }
                var pick = rng.next() % total
                var chosen = 0
                while pick >= weights[chosen] {
                    pick -= weights[chosen]
                    chosen += 1
                }
                if ranking.isEmpty {
                    for c in stride(from: chosen % 5, to: n, by: 5) { weights[c] *= 6 }
                }
                ranking.append(chosen)
                weights[chosen] = 0
            }
            ballots.append(RankedBallot(ranking))
        }
        return ballots
    }
}
