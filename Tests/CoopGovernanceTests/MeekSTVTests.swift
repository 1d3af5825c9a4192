import CoopGovernance
import Testing

/// Meek STV computed by hand (PR Foundation Reference Meek Rule: 9 places, keep values rounded
/// up, quota truncated + 0.000000001, omega 0.000001).
@Suite("Meek STV: hand-computed counts")
struct MeekSTVTests {
    /// 13 ballots, 2 seats (the Scottish rules elect C here: see ScottishSTVTests).
    /// Round 1: A 6, B 3, C 4; q = floor9(13 / 3) + 10^-9 = 4.333333333 + 0.000000001 = 4.333333334;
    /// A is elected.
    /// Round 2, iteration 1: the same votes; s = 6 - 4.333333334 = 1.666666666 ≥ omega, so
    /// kf(A) = ceil9(ceil9(1 × 4.333333334) / 6) = ceil9(0.722222222333...) = 0.722222223.
    /// Iteration 2: each "A B" ballot leaves 0.722222223 with A and 0.277777777 for B:
    /// A = 6 × 0.722222223 = 4.333333338; B = 3 + 6 × 0.277777777 = 4.666666662; C = 4;
    /// total 13, q = 4.333333334; B ≥ q is elected. s = 0.000000004 + 0.333333328 = 0.333333332.
    @Test func surplusIteratedUntilTheNextCandidateReachesTheQuota() throws {
        let r = try rankedCount(["A", "B", "C"], [(6, "A B"), (3, "B"), (4, "C")], .meekSTV(seats: 2))
        #expect(r.rounds.count == 2)
        #expect(r.rounds[0].quota.description == "4.333333334" && r.rounds[0].elected == ["A"] && r.rounds[0].iterations == 1)
        let second = r.rounds[1]
        #expect(second.iterations == 2 && second.quota.description == "4.333333334")
        #expect(second.votes == ["A": "4.333333338", "B": "4.666666662", "C": "4.000000000"])
        #expect(second.keepFactors == ["A": "0.722222223", "B": "1.000000000", "C": "1.000000000"])
        #expect(second.elected == ["B"] && second.surplus?.description == "0.333333332")
        #expect(r.winners == ["A", "B"] && r.exhausted.units == 0 && r.conservesVotes)
    }

    /// A tie for exclusion broken by an earlier round. 22 ballots, 2 seats.
    /// Round 1: q = floor9(22 / 3) + 10^-9 = 7.333333334; A 9 is elected.
    /// Round 2: A's ballots rank no one else, so A's keep factor falls and the quota with it
    /// (toward (13 + q) / 3, i.e. 6.5); B 4, C 3, D 1, E 5 never reach it; D, the lowest, is excluded.
    /// Round 3: "D C B" now counts for C: B 4 and C 4 are tied (within the surplus); at round 2
    /// B had 4 and C 3, so C is excluded. Round 4: C's 4 ballots go to B: 8 ≥ q, B is elected.
    @Test func tieBrokenByAnEarlierRound() throws {
        let r = try rankedCount(
            ["A", "B", "C", "D", "E"], [(9, "A"), (4, "B C"), (3, "C B"), (1, "D C B"), (5, "E")], .meekSTV(seats: 2))
        #expect(r.rounds[0].quota.description == "7.333333334" && r.rounds[0].elected == ["A"])
        #expect(r.rounds[1].excluded == ["D"] && r.rounds[1].votes["B"] == "4.000000000" && r.rounds[1].votes["C"] == "3.000000000")
        let tie = try #require(r.rounds[2].tieBreaks.first)
        #expect(tie.purpose == .exclusion && tie.tied == ["B", "C"] && tie.earlierRounds == [.init(round: 2, remaining: ["C"])])
        #expect(tie.decidedBy == .earlierRound && tie.chosen == "C" && r.rounds[2].excluded == ["C"])
        #expect(r.rounds[3].votes["B"] == "8.000000000" && r.rounds[3].elected == ["B"])
        #expect(r.winners == ["A", "B"] && r.conservesVotes)
    }

    /// A last-seat tie broken by the draw: 9 "A", 3 "B", 3 "C"; A is elected in round 1; after
    /// A's surplus has converged in round 2, B and C both hold exactly 3 and held 3 in round 1, so
    /// the draw excludes the last in lot order; a final distribution leaves the other one the
    /// only continuing candidate for the last seat.
    @Test func tieBrokenByTheDraw() throws {
        var seen = Set<String>()
        for i in 0..<12 {
            let seed = drawSeed("meek \(i)")
            let r = try rankedCount(["A", "B", "C"], [(9, "A"), (3, "B"), (3, "C")], .meekSTV(seats: 2), seed: seed)
            let order = lotOrder(["B", "C"], seed: seed)
            let tie = try #require(r.rounds[1].tieBreaks.first)
            #expect(tie.decidedBy == .draw && tie.chosen == order[1] && r.rounds[1].excluded == [order[1]])
            #expect(r.rounds.last?.kind == .final && r.rounds.last?.electedRemaining == [order[0]])
            #expect(r.winners == ["A", order[0]])
            seen.insert(order[0])
        }
        #expect(seen == ["B", "C"])
    }

    /// 4 "A", 3 seats: A is elected; A's surplus has nowhere to go, so it exhausts (the quota
    /// sinks with it); B, C and D never hold a vote. Round 2 excludes one of them by the draw
    /// (they are level at 0 throughout), which leaves two continuing candidates for two seats
    /// (step B.1); the final distribution shows neither holds a vote, so coop elects neither and
    /// both seats stay vacant.
    @Test func ballotsExhaustedBeforeTheSeatsAreFilledLeaveThemVacant() throws {
        let r = try rankedCount(["A", "B", "C", "D"], [(4, "A")], .meekSTV(seats: 3))
        #expect(r.rounds[0].elected == ["A"])
        #expect(r.rounds.count == 3 && r.rounds[1].excluded.count == 1 && r.rounds[1].tieBreaks.first?.decidedBy == .draw)
        #expect(r.rounds[2].kind == .final && r.rounds[2].electedRemaining == [])
        #expect(r.rounds[2].tallies.filter { $0.status == .continuing }.allSatisfy { $0.votes.units == 0 })
        #expect(r.winners == ["A"] && r.vacantSeats == 2 && r.conservesVotes)
    }

    /// One candidate for one seat: step B.1 finds the count complete before any round, so one
    /// distribution (a `final` round) shows Ann's 2 votes and she is elected.
    @Test func singleCandidate() throws {
        let r = try rankedCount(["Ann"], [(2, "Ann"), (1, "")], .meekSTV(seats: 1))
        #expect(r.rounds.count == 1 && r.rounds[0].kind == .final && r.rounds[0].votes["Ann"] == "2.000000000")
        #expect(r.rounds[0].electedRemaining == ["Ann"] && r.winners == ["Ann"] && r.abstentions == 1)
    }
}
