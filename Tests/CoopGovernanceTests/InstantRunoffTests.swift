import CoopGovernance
import Testing

/// Instant runoff computed by hand: the Scottish rules with one seat, so the quota is
/// floor(valid / 2) + 1, a majority of the valid ballots, and a candidate left alone wins.
@Suite("Instant runoff: hand-computed counts")
struct InstantRunoffTests {
    let abcd = ["A", "B", "C", "D"]

    /// 22 ballots: quota 12. Stage 1: A 8, B 6, C 5, D 3. Stage 2: D excluded, 3 "D B" → B 9.
    /// Stage 3: C (5) excluded, 5 "C B" → B 14 ≥ 12: B wins although A led on first preferences.
    @Test func transfersDecideTheWinner() throws {
        let r = try rankedCount(abcd, [(8, "A"), (6, "B C"), (5, "C B"), (3, "D B")], .instantRunoff)
        #expect(r.quota.description == "12.00000")
        #expect(r.rounds.map { $0.votes["B"] } == ["6.00000", "9.00000", "14.00000"])
        #expect(r.rounds.map(\.excluded) == [[], ["D"], ["C"]])
        #expect(r.rounds[2].elected == ["B"] && r.winners == ["B"])
        #expect(r.rounds.allSatisfy { $0.lossToFractions.units == 0 })
    }

    /// A last-seat tie broken by the earlier-round rule. 14 ballots, quota 8.
    /// Stage 1: A 6, B 4, C 3, D 1. Stage 2: D excluded, "D C B" → C 4.
    /// End of stage 2: B and C tie at 4 for exclusion; at stage 1, the most recent earlier stage
    /// where they differed, C had 3 and B 4, so C is excluded (stage 3), whatever the seed. C's 4
    /// papers go to B: 8 = quota, B wins. (Excluding B instead would have sent B's papers to C, and C would win.)
    @Test func tieBrokenByAnEarlierRound() throws {
        for label in ["one", "two", "three", "four"] {
            let r = try rankedCount(abcd, [(6, "A"), (4, "B C"), (3, "C B"), (1, "D C B")], .instantRunoff, seed: drawSeed(label))
            let tie = try #require(r.rounds[2].tieBreaks.first)
            #expect(tie.purpose == .exclusion && tie.tied == ["B", "C"] && tie.votes.map(\.description) == ["4.00000", "4.00000"])
            #expect(tie.earlierRounds == [.init(round: 1, remaining: ["C"])])
            #expect(tie.decidedBy == .earlierRound && tie.draw == nil && tie.chosen == "C")
            #expect(r.rounds[2].excluded == ["C"] && r.rounds[2].votes["B"] == "8.00000" && r.winners == ["B"])
        }
    }

    /// A last-seat tie broken by the draw: 3 "A", 3 "B"; quota 4; A and B tie at the first stage
    /// and there is no earlier one, so the draw excludes the last of them in lot order (stage 2,
    /// which records the tie-break) and the first is the one candidate left.
    @Test func tieBrokenByTheDraw() throws {
        var winners = Set<String>()
        for i in 0..<16 {
            let seed = drawSeed("draw \(i)")
            let r = try rankedCount(["A", "B"], [(3, "A"), (3, "B")], .instantRunoff, seed: seed)
            let order = lotOrder(["A", "B"], seed: seed)
            let tie = try #require(r.rounds[1].tieBreaks.first)
            #expect(tie.decidedBy == .draw && tie.earlierRounds.isEmpty && tie.chosen == order[1])
            #expect(r.rounds[1].excluded == [order[1]] && r.rounds[1].electedRemaining == [order[0]])
            #expect(tie.draw?.map(\.name) == order)
            #expect(r.winners == [order[0]])
            winners.insert(order[0])
        }
        #expect(winners == ["A", "B"])  // the seed decides: either can win
    }

    /// A single candidate wins with a majority of the valid ballots; with no valid ballot at all
    /// (abstentions only) the seat stays vacant rather than going to a candidate no one chose.
    @Test func singleCandidate() throws {
        let won = try rankedCount(["Ann"], [(2, "Ann"), (1, "")], .instantRunoff)
        #expect(won.quota.description == "2.00000" && won.rounds[0].elected == ["Ann"] && won.winners == ["Ann"])
        let empty = try rankedCount(["Ann"], [(3, "")], .instantRunoff)
        #expect(empty.validBallots == 0 && empty.winners.isEmpty && empty.vacantSeats == 1)
    }

    /// IRV is the Scottish count with one seat: the same rounds, digit for digit.
    @Test func equalsScottishSTVWithOneSeat() throws {
        let groups = [(6, "A"), (4, "B C"), (3, "C B"), (1, "D C B")]
        var irv = try rankedCount(abcd, groups, .instantRunoff)
        let stv = try rankedCount(abcd, groups, .scottishSTV(seats: 1))
        #expect(irv.method == .instantRunoff && stv.method == .scottishSTV(seats: 1))
        irv.method = stv.method
        #expect(irv == stv)
    }
}
