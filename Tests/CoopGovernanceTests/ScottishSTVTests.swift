import CoopGovernance
import Testing

/// Scottish STV elections computed by hand (rules 45-52 of the 2007 Order; 5 decimal places).
@Suite("Scottish STV: hand-computed counts")
struct ScottishSTVTests {
    let abcd = ["A", "B", "C", "D"]

    /// 21 valid ballots, 2 seats: quota = floor(21 / 3) + 1 = 8.
    /// Stage 1: A 11, B 5, C 3, D 2. A is elected with a surplus of 3.
    /// Stage 2: transfer value = 3 × 1.00000 / 11 = 0.272727... → 0.27272 on each of A's 11 papers:
    ///   8 "A B C" → B + 8 × 0.27272 = 2.18176 → 7.18176; 2 "A C" → C + 0.54544 → 3.54544;
    ///   1 "A" exhausts 0.27272; moved 2.99992 of 3, so 0.00008 is lost to truncation; A keeps 8.
    /// Stage 3: D (2) is lowest: 2 "D C" → C at 1.00000 each → 5.54544.
    /// Stage 4: C (5.54544) is below B (7.18176) and excluded; every C paper ranks no one after C:
    ///   3 × 1 + 2 × 1 (D's) + 2 × 0.27272 = 5.54544 exhausted → 5.81816 in all. B is the only
    ///   continuing candidate for the one seat left: elected under rule 52 with 7.18176.
    @Test func surplusTransferWithFractionalValues() throws {
        let r = try rankedCount(abcd, [(8, "A B C"), (2, "A C"), (1, "A"), (5, "B"), (3, "C"), (2, "D C")], .scottishSTV(seats: 2))
        #expect(r.validBallots == 21 && r.quota.description == "8.00000")
        #expect(r.rounds.map(\.kind) == [.firstPreferences, .surplus, .exclusion, .exclusion])
        #expect(r.rounds[0].votes == ["A": "11.00000", "B": "5.00000", "C": "3.00000", "D": "2.00000"])
        #expect(r.rounds[0].elected == ["A"])
        let surplus = try #require(r.rounds[1].transfer)
        #expect(surplus.from == "A" && surplus.votesBefore.description == "11.00000" && surplus.surplus?.description == "3.00000")
        #expect(surplus.parcels == [.init(received: VoteValue("1.00000")!, transferValue: VoteValue("0.27272")!, papers: 11)])
        #expect(surplus.to == [.init(name: "B", papers: 8, votes: VoteValue("2.18176")!), .init(name: "C", papers: 2, votes: VoteValue("0.54544")!)])
        #expect(surplus.exhaustedPapers == 1 && surplus.exhaustedVotes.description == "0.27272")
        #expect(surplus.lossToFractions.description == "0.00008")
        #expect(r.rounds[1].votes == ["A": "8.00000", "B": "7.18176", "C": "3.54544", "D": "2.00000"])
        #expect(r.rounds[2].excluded == ["D"] && r.rounds[2].votes["C"] == "5.54544")
        let last = try #require(r.rounds[3].transfer)
        #expect(last.parcels.map(\.received.description) == ["1.00000", "0.27272"] && last.parcels.map(\.papers) == [5, 2])
        #expect(last.to.isEmpty && last.exhaustedPapers == 7 && last.exhaustedVotes.description == "5.54544")
        #expect(r.rounds[3].excluded == ["C"] && r.rounds[3].electedRemaining == ["B"])
        #expect(r.exhausted.description == "5.81816" && r.lossToFractions.description == "0.00008")
        #expect(r.winners == ["A", "B"] && r.vacantSeats == 0 && r.conservesVotes)
    }

    /// 4 valid ballots (and one abstention, not in the quota), 3 seats: quota floor(4 / 4) + 1 = 2.
    /// Stage 1: A 4 is elected. Stage 2: A's surplus 2 moves at 2 × 1 / 4 = 0.50000 on 4 papers
    /// that rank no one else: 2.00000 exhausted. Every ballot is now exhausted. Stage 3: B, C
    /// and D tie at 0 in every stage; the draw excludes the last in lot order. Two continuing
    /// candidates are left for two seats, but neither holds a vote: coop elects no one without
    /// a vote, so both seats stay vacant.
    @Test func ballotsExhaustedBeforeTheSeatsAreFilledLeaveThemVacant() throws {
        let seed = drawSeed("vacant")
        let r = try rankedCount(abcd, [(4, "A"), (1, "")], .scottishSTV(seats: 3), seed: seed)
        #expect(r.ballots == 5 && r.abstentions == 1 && r.validBallots == 4 && r.quota.description == "2.00000")
        #expect(r.rounds.map(\.kind) == [.firstPreferences, .surplus, .exclusion])
        #expect(r.rounds[1].transfer?.exhaustedVotes.description == "2.00000")
        let tie = try #require(r.rounds[2].tieBreaks.first)
        #expect(tie.tied == ["B", "C", "D"] && tie.decidedBy == .draw && tie.chosen == lotOrder(["B", "C", "D"], seed: seed).last)
        #expect(r.rounds[2].electedRemaining.isEmpty)
        #expect(r.winners == ["A"] && r.vacantSeats == 2)
        #expect(
            RankedExplanation.lines(for: r).contains {
                $0.hasPrefix("2 seat(s) left vacant: no other candidate held a vote")
            })
    }

    /// One candidate, three seats, 3 ballots: quota floor(3 / 4) + 1 = 1; Ann 3 is elected at the
    /// first stage; no one else stands, so two seats are vacant and her surplus goes nowhere.
    @Test func singleCandidateElection() throws {
        let r = try rankedCount(["Ann"], [(3, "Ann"), (2, "")], .scottishSTV(seats: 3))
        #expect(r.rounds.count == 1 && r.rounds[0].elected == ["Ann"] && r.quota.description == "1.00000")
        #expect(r.winners == ["Ann"] && r.vacantSeats == 2 && r.abstentions == 2)
    }

    /// The Scottish rules have no bulk exclusion (rule 50 excludes "the candidate with the then
    /// lowest number of votes"): 1 seat, 10 ballots, quota 6. C (1), D (0) and E (0) together
    /// hold less than B (4), which a bulk-exclusion rule set would exclude at once; here they go
    /// one stage each (D and E by the draw first), then B, and A is the last candidate left.
    @Test func candidatesAreExcludedOneAtATime() throws {
        let r = try rankedCount(["A", "B", "C", "D", "E"], [(5, "A"), (4, "B"), (1, "C")], .scottishSTV(seats: 1))
        #expect(r.rounds.count == 5)
        #expect(r.rounds.dropFirst().allSatisfy { $0.kind == .exclusion && $0.excluded.count == 1 })
        #expect(Set(r.rounds[1...2].flatMap(\.excluded)) == ["D", "E"])
        #expect(r.rounds[3].excluded == ["C"] && r.rounds[4].excluded == ["B"])
        #expect(r.rounds[4].electedRemaining == ["A"] && r.winners == ["A"])
    }

    /// The rule set matters: 13 ballots, 2 seats. Scottish quota floor(13 / 3) + 1 = 5: A 6 is
    /// elected; A's surplus 1 moves at 1 / 6 = 0.16666 on 6 papers to B: 3 + 0.99996 = 3.99996,
    /// just under C's 4, so B is excluded and C takes the seat. (Meek elects B: see MeekSTVTests.)
    @Test func truncationCanDecideTheLastSeat() throws {
        let r = try rankedCount(["A", "B", "C"], [(6, "A B"), (3, "B"), (4, "C")], .scottishSTV(seats: 2))
        #expect(r.rounds[1].votes == ["A": "5.00000", "B": "3.99996", "C": "4.00000"])
        #expect(r.rounds[1].lossToFractions.description == "0.00004")
        #expect(r.rounds[2].excluded == ["B"] && r.rounds[2].electedRemaining == ["C"])
        #expect(r.winners == ["A", "C"])
    }
}
