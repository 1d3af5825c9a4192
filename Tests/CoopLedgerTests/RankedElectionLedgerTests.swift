import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import Testing

/// Ranked-choice elections through the ledger: rankings cast as `{"rank": [...]}`, the close
/// recounted with `RankedCount` (seeded by the open entry's hash) and re-derived by `verify`.
@Suite("Governance: ranked-choice elections in the ledger")
struct RankedElectionLedgerTests {
    static let refused = GovernanceLedgerTests.refused

    static func rank(_ names: String...) -> JSONValue { .object(["rank": .array(names.map { .string($0) })]) }

    /// m1 and nine more members: ten voters, none eligible by class alone (elections are open to all).
    static func assembly() throws -> (Assembly, [MemberID]) {
        var a = try Assembly()
        var voters = [a.m1]
        for i in 0..<9 { voters.append(try a.admit("Voter \(i)", class: i % 2 == 0 ? "therapist" : "supporter")) }
        return (a, voters)
    }

    @Test func aScottishSTVBoardElectionFromBallotsToVerifiedWinners() throws {
        let (a, v) = try Self.assembly()
        let m = try a.propose(
            .election, "Board 2026",
            extra: [
                "method": "scottish-stv", "seats": .integer(2), "candidates": ["Ana", "Ben", "Cho", "Dev"],
            ])
        #expect(try a.state.motion(m).election?.method == .ranked(.scottishSTV(seats: 2)))
        try a.open(m)
        // 5 Ana>Ben, 3 Cho>Ben, 1 Dev>Cho, 1 Ben. Quota floor(10/3)+1 = 4: Ana elected, her
        // surplus goes to Ben, Dev is excluded and Cho reaches the quota.
        for voter in v[0..<5] { try a.vote(voter, m, Self.rank("Ana", "Ben")) }
        for voter in v[5..<8] { try a.vote(voter, m, Self.rank("Cho", "Ben")) }
        try a.vote(v[8], m, Self.rank("Ben"))  // replaced below
        try a.vote(v[8], m, Self.rank("Dev", "Cho"))
        try a.vote(v[9], m, Self.rank("Ben"))
        let decision = try a.state.decision(for: try a.state.motion(m))
        let ranked = try #require(decision.ranked)
        #expect(ranked.winners == ["Ana", "Cho"] && ranked.quota.description == "4.00000")
        #expect(ranked.rounds.map(\.kind) == [.firstPreferences, .surplus, .exclusion])
        #expect(decision.resolved.superseded.count == 1)
        #expect(decision.explanation.contains { $0.hasPrefix("scottish-stv: Scottish Local Government Elections Order 2007") })

        // A close recording the wrong winners or another count's hash is refused.
        let wrongWinners = Self.refused { try a.sign(a.m1, .motionClose, try a.closeBody(m) { $0["winners"] = ["Ana", "Ben"] }) }
        #expect(wrongWinners?.code == .recount && wrongWinners?.field == "winners")
        let wrongHash = Self.refused {
            try a.sign(a.m1, .motionClose, try a.closeBody(m) { $0["result_hash"] = .string(SHA256.hash([1]).hex) })
        }
        #expect(wrongHash?.code == .recount && wrongHash?.field == "result_hash")
        let withVotes = Self.refused {
            try a.sign(a.m1, .motionClose, try a.closeBody(m) { $0["votes"] = [["name": "Ana", "votes": .integer(5)]] })
        }
        #expect(withVotes?.code == .recount && withVotes?.field == "votes")

        let body = try a.closeBody(m)
        #expect(body["votes"] == nil && body["winners"] == ["Ana", "Cho"])
        let closed = try a.close(m)
        #expect(closed.outcome?.passed == true && closed.outcome?.winners == ["Ana", "Cho"])
        #expect(closed.outcome?.rankedResult == ranked)
        #expect(closed.outcome?.electionTally?.counts.map(\.votes) == [5, 1, 3, 1])  // first preferences
        let hash = try #require(closed.outcome?.rankedResult.map { try CanonicalJSONEncoder().encode($0) })
        #expect(body["result_hash"] == .string(SHA256.hash(hash).hex))
        #expect(try a.verify().ok)

        // The exported ballots (last per voter, no ids) re-read from BLT give the same count.
        let export = try a.state.rankedBallots(for: closed)
        #expect(export.ballots.count == 10)
        let blt = try BLT.read(try export.blt())
        let openHash = try #require(closed.opening?.entryHash)
        let seed = try #require(Hex.decode(openHash))
        let recount = try RankedCount.count(
            candidates: blt.candidates, ballots: blt.ballots, method: .scottishSTV(seats: blt.seats),
            seed: seed)
        #expect(recount == ranked)
    }

    @Test func rankingsAreRefusedWhereTheyDoNotBelongAndCheckedWhereTheyDo() throws {
        let (a, v) = try Self.assembly()
        let ranked = try a.propose(.election, "Board", extra: ["method": "meek-stv", "seats": .integer(2), "candidates": ["Ana", "Ben", "Cho"]])
        let plural = try a.propose(.election, "Auditor", extra: ["seats": .integer(1), "candidates": ["Ana", "Ben"]])
        let motion = try a.propose(.resolution, "Buy a kettle")
        for m in [ranked, plural, motion] { try a.open(m) }

        let twice = Self.refused { try a.vote(v[1], ranked, Self.rank("Ana", "Ben", "Ana")) }
        #expect(twice?.code == .field && twice?.field == "choice.rank" && twice?.reason.contains("more than once") == true)
        let unknown = Self.refused { try a.vote(v[1], ranked, Self.rank("Ana", "Zed")) }
        #expect(unknown?.code == .field && unknown?.field == "choice.rank" && unknown?.reason.contains("\"Zed\", who is not a candidate") == true)
        let plain = Self.refused { try a.vote(v[1], ranked, ["Ana"]) }
        #expect(plain?.code == .field && plain?.field == "choice" && plain?.reason.contains("not a ranking") == true)
        let yes = Self.refused { try a.vote(v[1], ranked, "yes") }
        #expect(yes?.code == .field && yes?.field == "choice")
        let extraKey = Self.refused { try a.vote(v[1], ranked, .object(["rank": ["Ana"], "why": "x"])) }
        #expect(extraKey?.field == "choice")
        for m in [plural, motion] {
            let r = Self.refused { try a.vote(v[1], m, Self.rank("Ana")) }
            #expect(r?.code == .field && r?.field == "choice" && r?.reason.contains("not a ranked election") == true)
        }
        // Truncated rankings and abstentions are ballots; repeating the ballot in force is not.
        try a.vote(v[1], ranked, Self.rank("Cho"))
        try a.vote(v[2], ranked, "abstain")
        try a.vote(v[3], ranked, Self.rank())
        #expect(Self.refused { try a.vote(v[1], ranked, Self.rank("Cho")) }?.code == .duplicate)
        let tally = try a.state.decision(for: try a.state.motion(ranked))
        #expect(tally.resolved.electionTally?.abstentions == 2 && tally.ranked?.validBallots == 1)
        #expect(tally.ranked?.winners == ["Cho"] && tally.ranked?.vacantSeats == 1)
    }

    @Test func irvFillsOneSeatAndAQuorumNotMetCountsNothing() throws {
        let (a, v) = try Self.assembly()
        // irv without seats fills its one seat, whatever the bylaws' default seats.
        let m = try a.propose(.election, "Chair", extra: ["method": "irv", "candidates": ["Ana", "Ben", "Cho"]])
        #expect(try a.state.motion(m).election?.method == .ranked(.instantRunoff))
        let tooMany = Self.refused { try a.propose(.election, "Chairs", extra: ["method": "irv", "seats": .integer(2), "candidates": ["Ana"]]) }
        #expect(tooMany?.code == .field && tooMany?.field == "seats")
        let quoted = Self.refused { try a.propose(.election, "Q", extra: ["method": "irv", "candidates": ["Ana \"A\""]]) }
        #expect(quoted?.field == "candidates" || quoted?.code == .label)
        try a.open(m)
        // Ana 2, Ben 2, Cho 1 → Cho excluded, to Ben: Ben 3 of 5 (quota 3).
        try a.vote(v[0], m, Self.rank("Ana"))
        try a.vote(v[1], m, Self.rank("Ana", "Cho"))
        try a.vote(v[2], m, Self.rank("Ben"))
        try a.vote(v[3], m, Self.rank("Ben", "Ana"))
        try a.vote(v[4], m, Self.rank("Cho", "Ben"))
        let closed = try a.close(m)
        #expect(closed.outcome?.winners == ["Ben"] && closed.outcome?.rankedResult?.method == .instantRunoff)

        // Quorum 1/5 of 10 is 2 ballots: one ballot counts nothing and records no result hash.
        let n = try a.propose(.election, "Deputy", extra: ["method": "irv", "candidates": ["Ana", "Ben"]])
        try a.open(n)
        try a.vote(v[0], n, Self.rank("Ana"))
        #expect(try a.closeBody(n)["result_hash"] == nil)
        let unmet = try a.close(n)
        #expect(unmet.outcome?.passed == false && unmet.outcome?.winners == [] && unmet.outcome?.rankedResult == nil)
        #expect(try a.verify().ok)
    }

    @Test func aProxyHolderRanksForTheGrantorUntilTheGrantorVotes() throws {
        let files = try Assembly.bylaws(editing: [
            (
                "  election:\n    quorum: \"1/5\"\n    notice_days: 0\n    proxies: none",
                "  election:\n    quorum: \"1/5\"\n    notice_days: 0\n    proxies: {per_holder_limit: 1}"
            )
        ])
        var a = try Assembly(bylaws: files)
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "supporter")
        let m = try a.propose(.election, "Chair", extra: ["method": "irv", "candidates": ["Ana", "Ben"]])
        try a.open(m)
        try a.sign(cho, .proxyGrant, ["motion": .string(m.description), "holder": .string(ben.description)])
        try a.vote(ben, m, Self.rank("Ben"), for: cho)
        let proxied = Self.refused { try a.vote(ben, m, Self.rank("Ben", "Ben"), for: cho) }
        #expect(proxied?.field == "choice.rank")
        try a.vote(ben, m, Self.rank("Ben"))
        try a.vote(a.m1, m, Self.rank("Ana"))
        #expect(try a.state.decision(for: try a.state.motion(m)).ranked?.winners == ["Ben"])  // 2 of 3
        try a.vote(cho, m, Self.rank("Ana"))  // the grantor's own ballot overrides the proxy's
        let closed = try a.close(m)
        #expect(closed.outcome?.winners == ["Ana"] && closed.outcome?.rankedResult?.validBallots == 3)
        #expect(try a.verify().ok)
    }

    @Test func theBylawsMethodIsTheDefault() throws {
        let files = try Assembly.bylaws(editing: [("    method: plurality-at-large\n    seats: 5", "    method: scottish-stv\n    seats: 3")])
        var a = try Assembly(bylaws: files)
        _ = try a.admit("Ben", class: "therapist")
        let m = try a.propose(.election, "Board", extra: ["candidates": ["Ana", "Ben", "Cho", "Dev"]])
        let two = try a.propose(.election, "Board", extra: ["seats": .integer(2), "candidates": ["Ana", "Ben"]])
        let plural = try a.propose(.election, "Board", extra: ["method": "plurality", "candidates": ["Ana", "Ben"]])
        #expect(try a.state.motion(m).election?.method == .ranked(.scottishSTV(seats: 3)))
        #expect(try a.state.motion(two).election?.method == .ranked(.scottishSTV(seats: 2)))
        #expect(try a.state.motion(plural).election?.method == .pluralityAtLarge(seats: 3))
    }
}
