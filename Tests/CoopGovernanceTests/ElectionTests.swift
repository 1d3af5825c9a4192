import CoopCrypto
import CoopGovernance
import CoopModel
import Foundation
import Testing

@Suite("Elections")
struct ElectionTests {
    let candidates = ["ann", "bob", "cat", "dan"]

    /// ann 3, bob 2, cat 2, dan 1, one abstention: bob and cat tie for the second of two seats.
    func tiedPlurality() throws -> BallotBox {
        var box = try BallotBox(electorate: members(8), election: .pluralityAtLarge(seats: 2), candidates: candidates)
        let ballots: [[String]] = [["ann", "bob"], ["ann", "cat"], ["ann"], ["bob", "dan"], ["cat"], []]
        for (i, selection) in ballots.enumerated() {
            try box.cast(voter: m(Int64(i + 1)), choice: .selection(selection), position: UInt64(i + 1))
        }
        return box
    }

    /// The tie-break computed here from the definition, independently of the library's code.
    func expectedTieWinner(_ a: String, _ b: String, seed: [UInt8]) -> String {
        let ha = SHA256.hash(seed + Array(a.utf8)).hex, hb = SHA256.hash(seed + Array(b.utf8)).hex
        return ha < hb ? a : b
    }

    @Test func pluralityTieAtTheLastSeatIsBrokenBySeed() throws {
        let tally = try #require(try tiedPlurality().finish().electionTally)
        #expect(tally.ballots == 6 && tally.abstentions == 1 && tally.electorate == 8)
        #expect(tally.counts.map(\.votes) == [3, 2, 2, 1])
        var winnersSeen = Set<String>()
        for i in 0..<16 {
            let seed = SHA256.hash(Array("closing entry \(i)".utf8)).bytes
            let result = ElectionResult.decide(tally, seed: seed)
            let expected = expectedTieWinner("bob", "cat", seed: seed)
            #expect(result.winners == ["ann", expected])
            #expect(result.tieBreak?.chosen == [expected])
            #expect(result.tieBreak?.seedHex == Hex.encode(seed))
            let line = try #require(result.explanation.first { $0.hasPrefix("tie at the last seat") })
            #expect(line.contains("bob, cat have 2 votes each for 1 seat(s)"))
            #expect(line.contains("SHA-256(seed ‖ name)"))
            #expect(line.contains(SHA256.hash(seed + Array("bob".utf8)).hex))
            #expect(line.hasSuffix("→ \(expected)"))
            winnersSeen.insert(expected)
        }
        // The seed decides: over 16 seeds both tied candidates win sometimes.
        #expect(winnersSeen == ["bob", "cat"])
    }

    @Test func noTieBreakWhenTheTiedCandidatesAllFit() throws {
        var box = try BallotBox(electorate: members(5), election: .pluralityAtLarge(seats: 3), candidates: candidates)
        try box.cast(voter: m(1), choice: .selection(["ann", "bob", "cat"]), position: 1)
        try box.cast(voter: m(2), choice: .selection(["ann", "bob", "cat"]), position: 2)
        try box.cast(voter: m(3), choice: .selection(["dan"]), position: 3)
        let result = ElectionResult.decide(try #require(box.finish().electionTally), seed: [1, 2, 3])
        #expect(result.winners == ["ann", "bob", "cat"] && result.tieBreak == nil)
        #expect(!result.explanation.contains { $0.hasPrefix("tie") })
    }

    @Test func approvalElectsTheMostApproved() throws {
        var box = try BallotBox(electorate: members(6), election: .approval(seats: 2), candidates: candidates)
        try box.cast(voter: m(1), choice: .selection(["ann", "bob", "cat", "dan"]), position: 1)
        try box.cast(voter: m(2), choice: .selection(["cat", "dan", "bob"]), position: 2)
        try box.cast(voter: m(3), choice: .selection(["cat"]), position: 3)
        try box.cast(voter: m(4), choice: .selection(["dan", "ann"]), position: 4)
        try box.cast(voter: m(4), choice: .selection(["dan"]), position: 5)  // changed: ann loses one
        let resolved = box.finish()
        #expect(resolved.superseded == [4])
        let result = ElectionResult.decide(try #require(resolved.electionTally), seed: [])
        #expect(result.ranking.map(\.name) == ["cat", "dan", "bob", "ann"])
        #expect(result.ranking.map(\.votes) == [3, 3, 2, 1])
        #expect(result.winners == ["cat", "dan"] && result.tieBreak == nil)
        #expect(result.explanation.contains("votes: cat 3, dan 3, bob 2, ann 1"))
        #expect(result.explanation.last == "result: elected cat, dan")
    }

    @Test func badSelectionsAreRefused() throws {
        var box = try BallotBox(electorate: members(3), election: .pluralityAtLarge(seats: 2), candidates: candidates)
        #expect(throws: GovernanceError.tooManyCandidates(m(1), selected: 3, seats: 2)) {
            try box.cast(voter: m(1), choice: .selection(["ann", "bob", "cat"]), position: 1)
        }
        #expect(throws: GovernanceError.unknownCandidate(m(1), "eve")) {
            try box.cast(voter: m(1), choice: .selection(["ann", "eve"]), position: 1)
        }
        #expect(throws: GovernanceError.duplicateCandidate(m(1), "ann")) {
            try box.cast(voter: m(1), choice: .selection(["ann", "ann"]), position: 1)
        }
        #expect(throws: GovernanceError.motionChoiceInElection(m(1))) {
            try box.cast(voter: m(1), choice: .yes, position: 1)
        }
        // Approval takes any number of distinct candidates.
        var approval = try BallotBox(electorate: members(3), election: .approval(seats: 1), candidates: candidates)
        try approval.cast(voter: m(1), choice: .selection(candidates), position: 1)
        #expect(throws: GovernanceError.duplicateCandidate(m(2), "dan")) {
            try approval.cast(voter: m(2), choice: .selection(["dan", "dan"]), position: 2)
        }
    }

    @Test func abstentionCountsForQuorumButForNoOne() throws {
        var box = try BallotBox(electorate: members(10), election: .pluralityAtLarge(seats: 1), candidates: candidates)
        try box.cast(voter: m(1), choice: .selection(["ann"]), position: 1)
        let short = ElectionResult.decide(try #require(box.finish().electionTally), quorum: .fraction(Ratio("1/5")!), seed: [])
        #expect(!short.quorumMet && short.winners.isEmpty && short.vacantSeats == 1)
        #expect(short.explanation.contains("quorum: 1 < 2 = ⌈1/5 · 10⌉ → not met"))
        try box.cast(voter: m(2), choice: .abstain, position: 2)  // abstain is the empty selection
        let tally = try #require(box.finish().electionTally)
        #expect(tally.abstentions == 1 && tally.counts.map(\.votes) == [1, 0, 0, 0])
        let met = ElectionResult.decide(tally, quorum: .fraction(Ratio("1/5")!), seed: [])
        #expect(met.quorumMet && met.winners == ["ann"])
    }

    @Test func aSeatNoOneVotedForStaysVacant() throws {
        var box = try BallotBox(electorate: members(4), election: .approval(seats: 3), candidates: candidates)
        try box.cast(voter: m(1), choice: .selection(["bob"]), position: 1)
        try box.cast(voter: m(2), choice: .selection([]), position: 2)
        let result = ElectionResult.decide(try #require(box.finish().electionTally), seed: [7])
        #expect(result.winners == ["bob"] && result.vacantSeats == 2 && result.tieBreak == nil)
        #expect(result.explanation.contains("2 seat(s) left vacant: no other candidate received a vote"))
    }

    @Test func unusableElectionsAreRefusedAtOpening() {
        #expect(throws: GovernanceError.invalidSeats(0)) {
            try BallotBox(electorate: members(3), election: .approval(seats: 0), candidates: candidates)
        }
        #expect(throws: GovernanceError.invalidCandidates("\"ann\" is listed twice")) {
            try BallotBox(electorate: members(3), election: .approval(seats: 1), candidates: ["ann", "ann"])
        }
        #expect(throws: GovernanceError.invalidCandidates("there are no candidates")) {
            try BallotBox(electorate: members(3), election: .approval(seats: 1), candidates: [])
        }
    }

    @Test func resultsEncodeAndDecode() throws {
        let tally = try #require(try tiedPlurality().finish().electionTally)
        let result = ElectionResult.decide(tally, seed: [0xAB])
        #expect(try JSONDecoder().decode(ElectionResult.self, from: JSONEncoder().encode(result)) == result)
        let resolved = try tiedPlurality().finish()
        #expect(try JSONDecoder().decode(ResolvedBallots.self, from: JSONEncoder().encode(resolved)) == resolved)
    }
}
