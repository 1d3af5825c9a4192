import CoopGovernance
import Testing

/// Scottish STV ties computed by hand: each tie rule (earlier stage, draw) for each kind of tie
/// (exclusion at the last seat, order of equal surpluses, order of election).
@Suite("Scottish STV: ties")
struct RankedTieTests {
    /// Last seat by an earlier stage. 17 ballots, 2 seats, quota floor(17 / 3) + 1 = 6.
    /// Stage 1: A 9 (elected), B 4, C 3, D 1. Stage 2: A's surplus 3 at 3 / 9 = 0.33333 on 9
    /// papers ranking no one else: 2.99997 exhausted, 0.00003 lost. Stage 3: D excluded → C 4.
    /// End of stage 3: B and C tie at 4; they were equal at stage 3 but at stage 2 C had 3, B 4:
    /// C is excluded (stage 4), its 4 papers give B 8 ≥ 6.
    @Test func lastSeatTieBrokenByAnEarlierStage() throws {
        let r = try rankedCount(["A", "B", "C", "D"], [(9, "A"), (4, "B C"), (3, "C B"), (1, "D C B")], .scottishSTV(seats: 2))
        #expect(r.rounds[1].exhausted.description == "2.99997" && r.rounds[1].lossToFractions.description == "0.00003")
        let tie = try #require(r.rounds[3].tieBreaks.first)
        #expect(tie.tied == ["B", "C"] && tie.earlierRounds == [.init(round: 2, remaining: ["C"])])
        #expect(tie.decidedBy == .earlierRound && tie.chosen == "C")
        #expect(r.rounds[3].votes["B"] == "8.00000" && r.rounds[3].elected == ["B"] && r.winners == ["A", "B"])
    }

    /// Last seat by the draw. 15 ballots, 2 seats, quota 6: A 9 is elected, A's surplus exhausts;
    /// B and C are level (3) at every stage, so the draw excludes the last of them in lot order
    /// and the other is the one continuing candidate for the last seat.
    @Test func lastSeatTieBrokenByTheDraw() throws {
        var seen = Set<String>()
        for i in 0..<12 {
            let seed = drawSeed("scottish \(i)")
            let r = try rankedCount(["A", "B", "C"], [(9, "A"), (3, "B"), (3, "C")], .scottishSTV(seats: 2), seed: seed)
            let order = lotOrder(["B", "C"], seed: seed)
            let tie = try #require(r.rounds[2].tieBreaks.first)
            #expect(tie.decidedBy == .draw && tie.chosen == order[1] && tie.draw?.count == 2)
            #expect(r.rounds[2].excluded == [order[1]] && r.rounds[2].electedRemaining == [order[0]])
            #expect(r.winners == ["A", order[0]])
            seen.insert(order[0])
        }
        #expect(seen == ["B", "C"])
    }

    /// Equal surpluses ordered by an earlier stage (rule 49(2)). 40 ballots, 3 seats, quota 11.
    /// Stage 1: A 10, B 9, C 8, D 7, X 6. Stage 2: X excluded: 2 "X A D" → A 12, 3 "X B D" → B 12,
    /// 1 "X" exhausts. A and B are elected with 12 each: at stage 1 A had more, so A is elected
    /// first and A's surplus goes first.
    /// Stage 3: A's surplus 1 at 1 / 12 = 0.08333: 10 "A C" → C + 0.83330 = 8.83330,
    /// 2 "X A D" → D + 0.16666 = 7.16666, 0.00004 lost. Stage 4: B's surplus at 0.08333 on 12
    /// papers, all to D: + 0.99996 = 8.16662, 0.00004 lost.
    /// Stage 5: D excluded: 7 "D C" → C + 7 = 15.83330 ≥ 11, elected; D's 14 papers at 0.08333
    /// exhaust 1.16662, so 2.16662 in all. 11 + 11 + 15.83330 + 2.16662 + 0.00008 = 40.
    @Test func equalSurplusesOrderedByAnEarlierStage() throws {
        let r = try rankedCount(
            ["A", "B", "C", "D", "X"],
            [(10, "A C"), (9, "B D"), (8, "C"), (7, "D C"), (2, "X A D"), (3, "X B D"), (1, "X")], .scottishSTV(seats: 3))
        #expect(r.quota.description == "11.00000")
        #expect(r.rounds[1].excluded == ["X"] && r.rounds[1].elected == ["A", "B"])
        let order = try #require(r.rounds[1].tieBreaks.first)
        #expect(order.purpose == .electionOrder && order.earlierRounds == [.init(round: 1, remaining: ["A"])] && order.chosen == "A")
        let surplus = try #require(r.rounds[2].tieBreaks.first)
        #expect(surplus.purpose == .surplusOrder && surplus.tied == ["A", "B"])
        #expect(surplus.earlierRounds == [.init(round: 1, remaining: ["A"])] && surplus.decidedBy == .earlierRound)
        #expect(r.rounds[2].candidate == "A" && r.rounds[3].candidate == "B")
        #expect(r.rounds[2].votes["C"] == "8.83330" && r.rounds[2].votes["D"] == "7.16666")
        #expect(r.rounds[3].votes["D"] == "8.16662" && r.rounds[3].lossToFractions.description == "0.00008")
        #expect(r.rounds[4].excluded == ["D"] && r.rounds[4].votes["C"] == "15.83330" && r.rounds[4].elected == ["C"])
        #expect(r.exhausted.description == "2.16662" && r.winners == ["A", "B", "C"] && r.conservesVotes)
    }

    /// Equal surpluses never different before: the draw orders them (rule 49(3)). 19 ballots,
    /// 3 seats, quota 5: A 6 and B 6 are elected at the first stage; the first in lot order is
    /// elected first and has its surplus (1 at 1 / 6 = 0.16666 on 6 papers) transferred first.
    @Test func equalSurplusesOrderedByTheDraw() throws {
        var firsts = Set<String>()
        for i in 0..<12 {
            let seed = drawSeed("surplus \(i)")
            let r = try rankedCount(["A", "B", "C", "D"], [(6, "A C"), (6, "B D"), (4, "C"), (3, "D")], .scottishSTV(seats: 3), seed: seed)
            let order = lotOrder(["A", "B"], seed: seed)
            #expect(r.rounds[0].elected == order)
            #expect(r.rounds[0].tieBreaks.map(\.purpose) == [.electionOrder])
            let tie = try #require(r.rounds[1].tieBreaks.first)
            #expect(tie.purpose == .surplusOrder && tie.decidedBy == .draw && tie.chosen == order[0])
            #expect(r.rounds[1].candidate == order[0] && r.rounds[2].candidate == order[1])
            // C: 4 + 0.99996 = 4.99996 and D: 3 + 0.99996 = 3.99996, both below 5; D is excluded
            // and C is the one continuing candidate for the last seat.
            #expect(r.winners == order + ["C"])
            firsts.insert(order[0])
        }
        #expect(firsts == ["A", "B"])
    }
}

/// The draw's test vector in docs/RANKED.md, with hashes computed outside Swift (Python hashlib).
@Suite("Ranked counts: the documented draw vector")
struct RankedDrawVectorTests {
    /// seed = SHA-256("coop ranked draw example"); 2 "Ann", 2 "Bob", 2 "Cy", one seat, quota 4.
    /// Stage 1: all three tie at 2 with no earlier stage: the draw excludes the last in lot
    /// order, Cy (ea11...). Cy's papers exhaust. Ann and Bob tie at 2 and were level at stage 1:
    /// the draw excludes Ann (bd5e... after Bob's b02c...); Bob is the one candidate left.
    @Test func documentedVector() throws {
        let seed = SHA256Hex.bytes("d5a7b505d2076f5c7fe181fccd5997b39438a272fab12f8c81f90504f057343e")
        let r = try rankedCount(["Ann", "Bob", "Cy"], [(2, "Ann"), (2, "Bob"), (2, "Cy")], .instantRunoff, seed: seed)
        let first = try #require(r.rounds[1].tieBreaks.first?.draw)
        #expect(
            first == [
                .init(name: "Bob", hashHex: "b02c3ea7479e373722b0bde1027cdae5c939c304d6616c699c56aff3880e3f80"),
                .init(name: "Ann", hashHex: "bd5ea68a60b860fc06ccbd313f0d439d64a3df82cb5d215b09242f15ac72982e"),
                .init(name: "Cy", hashHex: "ea1150be062cc196bb13060ef972f33a6a958b4c55e876f4b4fd722638be1ad7"),
            ])
        #expect(r.rounds[1].excluded == ["Cy"] && r.rounds[2].excluded == ["Ann"])
        #expect(r.rounds[2].tieBreaks.first?.decidedBy == .draw && r.winners == ["Bob"])
        #expect(r.seedHex == "d5a7b505d2076f5c7fe181fccd5997b39438a272fab12f8c81f90504f057343e")
    }
}
