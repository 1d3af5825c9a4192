import CoopGovernance
import CoopModel
import Testing

/// `m<n>` for tests.
func m(_ n: Int64) -> MemberID { MemberID(number: n)! }

/// m1 ... m<count>.
func members(_ count: Int64) -> [MemberID] { (1...count).map(m) }

@Suite("Ballot box: who counts, and which ballot")
struct BallotBoxTests {
    @Test func lastBallotCountsAndEarlierOnesAreSuperseded() throws {
        var box = BallotBox(electorate: members(5))
        try box.cast(voter: m(1), choice: .yes, position: 10)
        try box.cast(voter: m(2), choice: .no, position: 11)
        try box.cast(voter: m(1), choice: .no, position: 12)
        try box.cast(voter: m(3), choice: .abstain, position: 13)
        try box.cast(voter: m(1), choice: .abstain, position: 14)
        try box.cast(voter: m(2), choice: .yes, position: 15)
        let resolved = box.finish()
        #expect(resolved.superseded == [10, 11, 12])
        #expect(resolved.ballots.map(\.member) == [m(1), m(2), m(3)])
        #expect(resolved.ballots.map(\.choice) == [.abstain, .yes, .abstain])
        #expect(resolved.ballots.map(\.position) == [14, 15, 13])
        #expect(resolved.ballots.allSatisfy { !$0.byProxy })
        #expect(resolved.tally == Tally(electorate: 5, yes: 1, no: 0, abstain: 2))
        #expect(resolved.electionTally == nil)
    }

    @Test func nonMemberOfTheElectorateIsRefusedAndNothingChanges() throws {
        var box = BallotBox(electorate: members(3))
        #expect(throws: GovernanceError.notInElectorate(m(4))) {
            try box.cast(voter: m(4), choice: .yes, position: 1)
        }
        // The refused position was not consumed.
        try box.cast(voter: m(1), choice: .yes, position: 1)
        #expect(box.finish().tally == Tally(electorate: 3, yes: 1, no: 0, abstain: 0))
        #expect(GovernanceError.notInElectorate(m(4)).description.contains("m4 is not in the electorate"))
    }

    @Test func ballotsMustArriveInLedgerOrder() throws {
        var box = BallotBox(electorate: members(3))
        try box.cast(voter: m(1), choice: .yes, position: 5)
        #expect(throws: GovernanceError.positionOutOfOrder(position: 5, after: 5)) {
            try box.cast(voter: m(2), choice: .no, position: 5)
        }
        #expect(throws: GovernanceError.positionOutOfOrder(position: 4, after: 5)) {
            try box.cast(voter: m(1), choice: .no, position: 4)
        }
        #expect(box.finish().ballots.map(\.choice) == [.yes])
    }

    @Test func selectionOnAMotionIsRefused() {
        var box = BallotBox(electorate: members(2))
        #expect(throws: GovernanceError.selectionOnMotion(m(1))) {
            try box.cast(voter: m(1), choice: .selection(["ann"]), position: 1)
        }
    }

    @Test func resolvedBallotsFeedTheEvaluation() throws {
        var box = BallotBox(electorate: members(10))
        for n in 1...6 { try box.cast(voter: m(Int64(n)), choice: n <= 4 ? .yes : .no, position: UInt64(n)) }
        try box.cast(voter: m(4), choice: .no, position: 7)  // 3 yes, 3 no: a tie
        let tally = try #require(box.finish().tally)
        let outcome = VotingRule.majority.with(quorum: .fraction(Ratio("1/5")!)).evaluate(tally)
        #expect(!outcome.passed)
        #expect(outcome.explanation.contains("threshold: 2·3 > 1·6 → 6 > 6 is false → fails"))
    }

    @Test func errorMessagesSayWhatToDo() {
        #expect(GovernanceError.tooManyCandidates(m(2), selected: 3, seats: 2).description.contains("choose at most 2"))
        #expect(GovernanceError.proxyLimitReached(holder: m(3), limit: 1).description.contains("give the proxy to someone else"))
        #expect(GovernanceError.positionOutOfOrder(position: 1, after: 2).description.contains("ledger order"))
    }
}
