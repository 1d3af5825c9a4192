import CoopGovernance
import CoopModel
import Testing

/// Properties over seeded random elections (1-6 candidates, 0-40 ballots, truncated rankings
/// and abstentions); a failure names the seed that reproduces it.
@Suite("Ranked counts: properties")
struct RankedPropertyTests {
    static let seeds: [UInt64] = Array(1...300)

    enum Naive: Equatable { case winner(String), vacant, tie }

    /// Textbook instant runoff, written here independently of the library: each round, every
    /// ballot counts for its first continuing candidate; a candidate with more than half of
    /// those votes wins; otherwise the unique lowest is eliminated (`.tie` when it is not unique).
    func naiveRunoff(_ candidates: [String], _ ballots: [RankedBallot]) -> Naive {
        var continuing = Set(candidates.indices)
        while true {
            var tally = [Int](repeating: 0, count: candidates.count)
            for b in ballots {
                if let first = b.ranking.first(where: continuing.contains) { tally[first] += 1 }
            }
            let total = continuing.reduce(0) { $0 + tally[$1] }
            if total == 0 { return continuing.count > 1 ? .tie : .vacant }
            if let top = continuing.first(where: { 2 * tally[$0] > total }) { return .winner(candidates[top]) }
            let low = continuing.map { tally[$0] }.min() ?? 0
            let lowest = continuing.filter { tally[$0] == low }
            guard lowest.count == 1, let loser = lowest.first else { return .tie }
            continuing.remove(loser)
        }
    }

    @Test func irvIsScottishSTVWithOneSeatAndMatchesMeekAndATextbookRunoff() throws {
        var compared = 0
        for seed in Self.seeds {
            let (candidates, ballots) = randomElection(seed: seed)
            var irv = try RankedCount.count(candidates: candidates, ballots: ballots, method: .instantRunoff, seed: drawSeed())
            let stv = try RankedCount.count(candidates: candidates, ballots: ballots, method: .scottishSTV(seats: 1), seed: drawSeed())
            let meek = try RankedCount.count(candidates: candidates, ballots: ballots, method: .meekSTV(seats: 1), seed: drawSeed())
            #expect(meek.winners == irv.winners, "seed \(seed)")
            irv.method = stv.method
            #expect(irv == stv, "seed \(seed)")
            switch naiveRunoff(candidates, ballots) {
            case .winner(let name):
                #expect(irv.winners == [name], "seed \(seed)")
                compared += 1
            case .vacant:
                #expect(irv.winners.isEmpty, "seed \(seed)")
                compared += 1
            case .tie: break
            }
        }
        #expect(compared > 150)  // most random elections have no tie at all
    }

    @Test(arguments: [RankedMethod.scottishSTV(seats: 2), .scottishSTV(seats: 3), .meekSTV(seats: 2), .meekSTV(seats: 3), .instantRunoff])
    func votesAreConservedThroughEveryTransfer(method: RankedMethod) throws {
        for seed in Self.seeds {
            let (candidates, ballots) = randomElection(seed: seed)
            let r = try RankedCount.count(candidates: candidates, ballots: ballots, method: method, seed: drawSeed())
            // Every round: votes held + exhausted + lost to truncation = valid ballots, exactly.
            #expect(r.conservesVotes, "seed \(seed)")
            for round in r.rounds {
                #expect(round.exhausted.units >= 0 && round.lossToFractions.units >= 0, "seed \(seed)")
                if let t = round.transfer {
                    let papers = t.parcels.reduce(0) { $0 + $1.papers }
                    // Truncating each paper's transfer value loses less than 10^-5 per paper.
                    #expect(t.lossToFractions.units < max(1, papers), "seed \(seed)")
                    #expect(t.surplus != nil || t.lossToFractions.units == 0, "seed \(seed)")
                }
            }
            if case .meekSTV = method { #expect(r.lossToFractions.units == 0, "seed \(seed)") }
            // Seats: filled or vacant, never more; winners distinct; quota winners held the quota.
            #expect(r.winners.count + r.vacantSeats == r.seats && Set(r.winners).count == r.winners.count, "seed \(seed)")
            for round in r.rounds {
                for name in round.elected {
                    #expect(round.tallies.first { $0.name == name }.map { $0.votes >= round.quota } == true, "seed \(seed)")
                }
            }
            let electedAnywhere = r.rounds.flatMap { $0.elected + $0.electedRemaining }
            #expect(electedAnywhere == r.winners, "seed \(seed)")
        }
    }

    @Test(arguments: [RankedMethod.instantRunoff, .scottishSTV(seats: 2), .meekSTV(seats: 2)])
    func ballotOrderChangesNothing(method: RankedMethod) throws {
        for seed in Self.seeds.prefix(100) {
            let (candidates, ballots) = randomElection(seed: seed)
            var rng = SplitMix64(seed: seed ^ 0xABCD)
            let shuffled = ballots.shuffled(using: &rng)
            let a = try RankedCount.count(candidates: candidates, ballots: ballots, method: method, seed: drawSeed())
            let b = try RankedCount.count(candidates: candidates, ballots: shuffled, method: method, seed: drawSeed())
            #expect(a == b, "seed \(seed)")
        }
    }
}
