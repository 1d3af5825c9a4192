import CoopGovernance
import CoopModel
import Testing

@Suite("Proxies")
struct ProxyTests {
    let oneEach = ProxyRule(perHolderLimit: 1)

    @Test func proxyBallotCountsWhenTheGrantorDoesNotVote() throws {
        var box = BallotBox(electorate: members(4), proxies: oneEach)
        try box.grantProxy(from: m(1), to: m(2), position: 1)
        try box.castAsProxy(holder: m(2), for: m(1), choice: .yes, position: 2)
        try box.cast(voter: m(2), choice: .no, position: 3)
        let resolved = box.finish()
        let ballot = try #require(resolved.ballots.first { $0.member == m(1) })
        #expect(ballot.byProxy && ballot.proxyHolder == m(2) && ballot.choice == .yes && ballot.position == 2)
        #expect(resolved.tally == Tally(electorate: 4, yes: 1, no: 1, abstain: 0))
    }

    @Test func directBallotCastAfterTheProxyBallotOverridesIt() throws {
        var box = BallotBox(electorate: members(4), proxies: oneEach)
        try box.grantProxy(from: m(1), to: m(2), position: 1)
        try box.castAsProxy(holder: m(2), for: m(1), choice: .yes, position: 2)
        try box.cast(voter: m(1), choice: .no, position: 3)
        let resolved = box.finish()
        #expect(resolved.ballots == [CountedBallot(member: m(1), choice: .no, position: 3, proxyHolder: nil)])
        #expect(resolved.overriddenProxyBallots == [2])
        #expect(resolved.tally == Tally(electorate: 4, yes: 0, no: 1, abstain: 0))
    }

    @Test func directBallotCastBeforeTheProxyBallotStillWins() throws {
        var box = BallotBox(electorate: members(4), proxies: oneEach)
        try box.grantProxy(from: m(1), to: m(2), position: 1)
        try box.cast(voter: m(1), choice: .no, position: 2)
        try box.castAsProxy(holder: m(2), for: m(1), choice: .yes, position: 3)
        try box.castAsProxy(holder: m(2), for: m(1), choice: .abstain, position: 4)
        let resolved = box.finish()
        #expect(resolved.ballots.map(\.choice) == [.no])
        #expect(resolved.ballots.first?.byProxy == false)
        #expect(resolved.superseded == [3])
        #expect(resolved.overriddenProxyBallots == [4])
    }

    @Test func revokedProxyBallotStopsCounting() throws {
        var box = BallotBox(electorate: members(4), proxies: oneEach)
        try box.grantProxy(from: m(1), to: m(2), position: 1)
        try box.castAsProxy(holder: m(2), for: m(1), choice: .yes, position: 2)
        try box.revokeProxy(from: m(1), position: 3)
        #expect(throws: GovernanceError.notProxyHolder(holder: m(2), grantor: m(1))) {
            try box.castAsProxy(holder: m(2), for: m(1), choice: .yes, position: 4)
        }
        #expect(throws: GovernanceError.noProxyToRevoke(m(1))) { try box.revokeProxy(from: m(1), position: 4) }
        let resolved = box.finish()
        #expect(resolved.ballots.isEmpty)
        #expect(resolved.revokedProxyBallots == [2])
        #expect(resolved.tally == Tally(electorate: 4, yes: 0, no: 0, abstain: 0))
        #expect(box.proxiesHeld(by: m(2)) == 0)
    }

    @Test func perHolderLimitIsEnforcedAtGrantTime() throws {
        var box = BallotBox(electorate: members(5), proxies: ProxyRule(perHolderLimit: 2))
        try box.grantProxy(from: m(1), to: m(4), position: 1)
        try box.grantProxy(from: m(2), to: m(4), position: 2)
        #expect(throws: GovernanceError.proxyLimitReached(holder: m(4), limit: 2)) {
            try box.grantProxy(from: m(3), to: m(4), position: 3)
        }
        #expect(box.proxyGrant(of: m(3)) == nil && box.proxiesHeld(by: m(4)) == 2)
        // A revocation frees a place.
        try box.revokeProxy(from: m(1), position: 3)
        try box.grantProxy(from: m(3), to: m(4), position: 4)
        #expect(box.proxiesHeld(by: m(4)) == 2)
    }

    @Test func regrantingMovesTheProxyAndVoidsTheOldHoldersBallot() throws {
        var box = BallotBox(electorate: members(4), proxies: oneEach)
        try box.grantProxy(from: m(1), to: m(2), position: 1)
        try box.castAsProxy(holder: m(2), for: m(1), choice: .yes, position: 2)
        try box.grantProxy(from: m(1), to: m(3), position: 3)
        #expect(box.proxiesHeld(by: m(2)) == 0 && box.proxyGrant(of: m(1))?.holder == m(3))
        #expect(throws: GovernanceError.notProxyHolder(holder: m(2), grantor: m(1))) {
            try box.castAsProxy(holder: m(2), for: m(1), choice: .yes, position: 4)
        }
        try box.castAsProxy(holder: m(3), for: m(1), choice: .no, position: 4)
        let resolved = box.finish()
        #expect(resolved.ballots == [CountedBallot(member: m(1), choice: .no, position: 4, proxyHolder: m(3))])
        #expect(resolved.revokedProxyBallots == [2])
    }

    @Test func proxiesNeedTheRuleAndTheElectorate() {
        var closed = BallotBox(electorate: members(3))
        #expect(throws: GovernanceError.proxiesNotAllowed) { try closed.grantProxy(from: m(1), to: m(2), position: 1) }
        var box = BallotBox(electorate: members(3), proxies: oneEach)
        #expect(throws: GovernanceError.notInElectorate(m(9))) { try box.grantProxy(from: m(1), to: m(9), position: 1) }
        #expect(throws: GovernanceError.notInElectorate(m(9))) { try box.grantProxy(from: m(9), to: m(1), position: 1) }
        #expect(throws: GovernanceError.proxyToSelf(m(1))) { try box.grantProxy(from: m(1), to: m(1), position: 1) }
        #expect(throws: GovernanceError.notProxyHolder(holder: m(2), grantor: m(1))) {
            try box.castAsProxy(holder: m(2), for: m(1), choice: .yes, position: 1)
        }
    }
}
