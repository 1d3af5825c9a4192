import CoopGovernance
import Testing

/// Reproduces Droop's published reports for the GPUS 2005 election (see `GPUS2005`) and the
/// small `42.blt` / `42t.blt` test elections, under both STV rule sets.
@Suite("Ranked counts: published reference results")
struct RankedReferenceTests {
    typealias G = GPUS2005
    /// The nine candidates who ever hold a vote, in the columns below.
    static let columns = [G.budd, G.kirit, G.tom, G.pat, G.michael, G.rebecca, G.kristen, G.jason, G.kramer]

    func election() throws -> BLTElection { try BLT.read(G.blt) }

    func check(_ round: RankedRound, _ expected: [String], _ line: Int = #line) {
        for (name, value) in zip(Self.columns, expected) {
            #expect(round.votes[name] == value, "round \(round.number), \(name) (reference line \(line))")
        }
    }

    @Test func scottishRulesReproduceDroopsReport() throws {
        let e = try election()
        #expect(e.ballots.count == 94 && e.seats == 4 && e.candidates.count == 13)
        let r = try RankedCount.count(candidates: e.candidates, ballots: e.ballots, method: .scottishSTV(seats: 4), seed: drawSeed())
        // Quota (rule 46): floor(94 / 5) + 1 = 19.
        #expect(r.quota.description == "19.00000")
        #expect(r.rounds.count == 13)
        // Droop's rows R0...R12 are coop's stages 1...13:
        //              Budd       Kirit      Tom         Pat        Michael    Rebecca    Kristen     Jason      Kramer
        let table: [[String]] = [
            ["6.00000", "3.00000", "8.00000", "22.00000", "2.00000", "33.00000", "1.00000", "1.00000", "18.00000"],
            ["6.84848", "3.42424", "8.42424", "22.00000", "2.42424", "19.00000", "12.45448", "1.42424", "18.00000"],
            ["7.80300", "3.56060", "9.24240", "19.00000", "2.69696", "19.00000", "12.72720", "1.42424", "18.54544"],
            ["7.80300", "3.56060", "9.24240", "19.00000", "2.69696", "19.00000", "12.72720", "1.42424", "18.54544"],
            ["7.80300", "3.56060", "9.24240", "19.00000", "2.69696", "19.00000", "12.72720", "1.42424", "18.54544"],
            ["7.80300", "3.56060", "9.24240", "19.00000", "2.69696", "19.00000", "12.72720", "1.42424", "18.54544"],
            ["7.80300", "3.56060", "9.24240", "19.00000", "2.69696", "19.00000", "12.72720", "1.42424", "18.54544"],
            ["7.80300", "3.56060", "9.24240", "19.00000", "2.69696", "19.00000", "14.15144", "0.00000", "18.54544"],
            ["8.80300", "3.69696", "9.24240", "19.00000", "0.00000", "19.00000", "14.57568", "0.00000", "19.68180"],
            ["9.01084", "3.95360", "9.45496", "19.00000", "0.00000", "19.00000", "14.57568", "0.00000", "19.00000"],
            ["9.36448", "0.00000", "10.59132", "19.00000", "0.00000", "19.00000", "15.61032", "0.00000", "19.00000"],
            ["0.00000", "0.00000", "16.62204", "19.00000", "0.00000", "19.00000", "16.59988", "0.00000", "19.00000"],
            ["0.00000", "0.00000", "18.59172", "19.00000", "0.00000", "19.00000", "0.00000", "0.00000", "19.00000"],
        ]
        // Droop's "Non-Transferable" column, stage by stage.
        let exhausted = [
            "0.00000", "0.00000", "0.00000", "0.00000", "0.00000", "0.00000", "0.00000", "0.00000",
            "0.00000", "0.00472", "1.43368", "3.77788", "18.40808",
        ]
        for (round, (row, nt)) in zip(r.rounds, zip(table, exhausted)) {
            check(round, row)
            #expect(round.exhausted.description == nt, "round \(round.number)")
            for zero in G.zeros { #expect(round.votes[zero] == "0.00000") }
        }
        #expect(
            r.rounds.map(\.kind) == [.firstPreferences, .surplus, .surplus] + Array(repeating: .exclusion, count: 6)
                + [.surplus, .exclusion, .exclusion, .exclusion])
        #expect(r.rounds[1].candidate == G.rebecca && r.rounds[2].candidate == G.pat && r.rounds[9].candidate == G.kramer)
        // Rebecca's surplus: 14 × 1 / 33 = 0.424242... → 0.42424 on each of her 33 papers; 33 × 0.42424
        // = 13.99992 moves on, so 0.00008 is lost to truncation.
        let first = try #require(r.rounds[1].transfer)
        #expect(first.parcels == [.init(received: VoteValue("1.00000")!, transferValue: VoteValue("0.42424")!, papers: 33)])
        #expect(first.lossToFractions.description == "0.00008")
        #expect(r.rounds[0].elected == [G.rebecca, G.pat])  // 33 before 22
        #expect(r.rounds[8].elected == [G.kramer])
        #expect(r.rounds[7].excluded == [G.jason] && r.rounds[8].excluded == [G.michael])
        #expect(r.rounds[10].excluded == [G.kirit] && r.rounds[11].excluded == [G.budd] && r.rounds[12].excluded == [G.kristen])
        #expect(Set(r.rounds[3...6].flatMap(\.excluded)) == Set(G.zeros))
        // Rule 52: Tom is the last continuing candidate for the last seat.
        #expect(r.rounds[12].electedRemaining == [G.tom])
        #expect(r.winners == [G.rebecca, G.pat, G.kramer, G.tom] && r.vacantSeats == 0)
        // 94 = 3 × 19 + 18.59172 + 18.40808 (exhausted) + loss, so the loss is 0.00020.
        #expect(r.lossToFractions.description == "0.00020")
        #expect(r.conservesVotes)
    }

    @Test func theZeroVoteTiesAreDrawnFromTheSeed() throws {
        let e = try election()
        let seed = drawSeed("GPUS")
        let r = try RankedCount.count(candidates: e.candidates, ballots: e.ballots, method: .scottishSTV(seats: 4), seed: seed)
        // Stages 4-6 each exclude the last in lot order among the zero-vote candidates still in;
        // stage 7 excludes the one left, with no tie to break.
        var left = G.zeros
        for stage in 3...5 {
            let tie = try #require(r.rounds[stage].tieBreaks.first)
            #expect(tie.purpose == .exclusion && tie.decidedBy == .draw && tie.earlierRounds.isEmpty)
            #expect(Set(tie.tied) == Set(left))
            let loser = try #require(lotOrder(left, seed: seed).last)
            #expect(tie.chosen == loser && r.rounds[stage].excluded == [loser])
            #expect(tie.draw?.map(\.name) == lotOrder(left, seed: seed))
            left.removeAll { $0 == loser }
        }
        #expect(r.rounds[6].tieBreaks.isEmpty && r.rounds[6].excluded == left)
    }

    @Test func meekReferenceRuleReproducesDroopsReport() throws {
        let e = try election()
        let r = try RankedCount.count(candidates: e.candidates, ballots: e.ballots, method: .meekSTV(seats: 4), seed: drawSeed())
        #expect(r.rounds.count == 11)
        //              Budd           Kirit          Tom            Pat             Michael        Rebecca         Kristen         Jason          Kramer
        let converged = [
            "8.006073598", "3.232685848", "9.408174589", "18.800000609", "2.759954125", "18.800000299", "13.000470959",
            "1.435843893", "18.556796080",
        ]
        var afterJason = converged
        afterJason[6] = "14.436314852"
        afterJason[7] = "0.000000000"
        let table: [[String]] = [
            [
                "6.000000000", "3.000000000", "8.000000000", "22.000000000", "2.000000000", "33.000000000", "1.000000000",
                "1.000000000", "18.000000000",
            ],
            converged, converged, converged, converged, converged, afterJason,
            [
                "9.006073598", "3.394740964", "9.408174589", "19.165213770", "0.000000000", "18.800000299", "14.506945584",
                "0.000000000", "19.718851196",
            ],
            [
                "9.427381450", "3.730149807", "9.774255128", "18.799133460", "0.000000000", "18.799133416", "14.666479770",
                "0.000000000", "18.799133497",
            ],
            [
                "10.204118384", "0.000000000", "11.498644230", "18.789719457", "0.000000000", "18.789719396", "15.876675538",
                "0.000000000", "18.789719467",
            ],
            [
                "0.000000000", "0.000000000", "16.482212783", "19.087429756", "0.000000000", "19.073682122", "19.085721549",
                "0.000000000", "19.202438090",
            ],
        ]
        let quotas = ["18.800000001"] + Array(repeating: "18.800000001", count: 7) + ["18.799133306", "18.789719295", "18.586296861"]
        let residual = Array(repeating: "0.000000000", count: 8) + ["0.004333472", "0.051403528", "1.068515700"]
        for (i, round) in r.rounds.enumerated() {
            check(round, table[i])
            #expect(round.quota.description == quotas[i], "round \(round.number)")
            #expect(round.exhausted.description == residual[i], "round \(round.number)")
        }
        // Keep factors where Droop reports them.
        #expect(r.rounds[1].keepFactors[G.pat] == "0.837944884" && r.rounds[1].keepFactors[G.rebecca] == "0.564156107")
        #expect(r.rounds[8].keepFactors[G.pat] == "0.811568586" && r.rounds[8].keepFactors[G.rebecca] == "0.560273860")
        #expect(r.rounds[8].keepFactors[G.kramer] == "0.947700149")
        #expect(r.rounds[9].keepFactors[G.pat] == "0.761294327" && r.rounds[9].keepFactors[G.kramer] == "0.909783757")
        #expect(r.rounds[10].keepFactors[G.pat] == "0.602321356" && r.rounds[10].keepFactors[G.rebecca] == "0.491875685")
        #expect(r.rounds[10].keepFactors[G.kramer] == "0.667516215")
        // Surpluses where Droop reports them after convergence (and after the last election).
        #expect(r.rounds[1].surplus?.description == "0.000000906" && r.rounds[6].surplus?.description == "0.000000906")
        #expect(r.rounds[8].surplus?.description == "0.000000455" && r.rounds[9].surplus?.description == "0.000000435")
        #expect(r.rounds[10].surplus?.description == "2.104084073")
        #expect(r.rounds[0].elected == [G.rebecca, G.pat] && r.rounds[7].elected == [G.kramer] && r.rounds[10].elected == [G.kristen])
        #expect(Set(r.rounds[1...4].flatMap(\.excluded)) == Set(G.zeros))
        #expect(r.rounds[5].excluded == [G.jason] && r.rounds[6].excluded == [G.michael])
        #expect(r.rounds[8].excluded == [G.kirit] && r.rounds[9].excluded == [G.budd])
        // Meek elects Kristen Olsen where the Scottish rules elect Tom Sevigny.
        #expect(r.winners == [G.rebecca, G.pat, G.kramer, G.kristen] && r.vacantSeats == 0)
        #expect(r.lossToFractions.units == 0 && r.conservesVotes)
    }

    /// Droop's `42.blt`: Castor 4 (then Pollux), Helen 2; two seats. Quota floor(6 / 3) + 1 = 3.
    /// Castor's surplus 1 moves at 1 × 1 / 4 = 0.25 on each of 4 papers: Pollux 1.00000. Pollux is
    /// lowest and excluded; his papers rank no one else: 1.00000 exhausted; Helen, the only
    /// continuing candidate, takes the last seat (rule 52) with 2 votes.
    @Test func droop42UnderScottishRules() throws {
        let r = try rankedCount(["Castor", "Pollux", "Helen"], [(4, "Castor Pollux"), (2, "Helen")], .scottishSTV(seats: 2))
        #expect(r.quota.description == "3.00000")
        #expect(r.rounds.map(\.kind) == [.firstPreferences, .surplus, .exclusion])
        #expect(r.rounds[1].votes == ["Castor": "3.00000", "Pollux": "1.00000", "Helen": "2.00000"])
        #expect(r.rounds[1].transfer?.parcels.first?.transferValue.description == "0.25000")
        #expect(r.rounds[2].votes["Helen"] == "2.00000" && r.rounds[2].exhausted.description == "1.00000")
        #expect(r.rounds[2].electedRemaining == ["Helen"] && r.winners == ["Castor", "Helen"])
    }

    /// Droop's `42t.blt` ("Pollux and Helen should tie") under the Meek reference rule.
    /// Round 1: q = floor9(6 / 3) + 0.000000001 = 2.000000001; Castor 4 is elected.
    /// Round 2, iteration 1: Castor 4, s = 1.999999999; kf = ceil9(ceil9(1 × 2.000000001) / 4)
    /// = ceil9(0.50000000025) = 0.500000001. Iteration 2: Castor keeps 4 × 0.500000001 =
    /// 2.000000004, passes 4 × 0.499999999 = 1.999999996 to Pollux; Helen 2; q = 2.000000001;
    /// s = 0.000000003 < omega. Pollux 1.999999996 is lowest; Helen is not within s of him
    /// (2 > 1.999999999), so no tie: Pollux is excluded. Round 3 (final): Pollux's share now
    /// exhausts (1.999999996) and Helen, the one continuing candidate, is elected.
    @Test func droop42tUnderMeek() throws {
        let r = try rankedCount(["Castor", "Pollux", "Helen"], [(4, "Castor Pollux"), (2, "Helen")], .meekSTV(seats: 2))
        #expect(r.rounds.count == 3)
        #expect(r.rounds[0].elected == ["Castor"] && r.rounds[0].quota.description == "2.000000001")
        let second = r.rounds[1]
        #expect(second.votes == ["Castor": "2.000000004", "Pollux": "1.999999996", "Helen": "2.000000000"])
        #expect(second.keepFactors["Castor"] == "0.500000001" && second.surplus?.description == "0.000000003")
        #expect(second.iterations == 2 && second.excluded == ["Pollux"] && second.tieBreaks.isEmpty)
        #expect(r.rounds[2].kind == .final && r.rounds[2].exhausted.description == "1.999999996")
        #expect(r.rounds[2].electedRemaining == ["Helen"] && r.winners == ["Castor", "Helen"])
    }
}
