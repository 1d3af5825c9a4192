import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import Testing

/// Motions through the ledger: every step a signed entry, every outcome re-derived on replay.
@Suite("Governance: motions, ballots and outcomes in the ledger")
struct GovernanceLedgerTests {
    /// The error text of `body`, or "" when it did not throw.
    static func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func aResolutionFromProposalToVerifiedOutcome() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let dev = try a.admit("Dev", class: "supporter"), eve = try a.admit("Eve", class: "prescriber")
        let m = try a.propose(.resolution, "Adopt the 2026 budget")
        #expect(m.description == "M1")
        #expect(Self.refusal { try a.vote(ben, m, "yes") }.contains("not open for voting yet"))
        try a.open(m)
        let opening = try #require(try a.state.motion(m).opening)
        #expect(opening.electorate == [a.m1, ben, cho, eve])       // supporters do not vote on resolutions
        #expect(opening.rule.threshold == Ratio("1/2"))

        let first = try a.vote(ben, m, "no")
        try a.vote(ben, m, "yes")                                  // a changed ballot: the last counts
        #expect(Self.refusal { try a.vote(ben, m, "yes") }.contains("already cast this ballot"))
        #expect(Self.refusal { try a.vote(dev, m, "yes") }.contains("not in the electorate"))
        try a.vote(cho, m, "no")
        try a.vote(eve, m, "abstain")
        try a.vote(a.m1, m, "yes")
        let late = try a.admit("Fay", class: "therapist")          // admitted after opening
        #expect(Self.refusal { try a.vote(late, m, "yes") }.contains("not in the electorate"))

        // A close whose counts differ from the ballots is refused, naming the difference.
        let forged = try a.closeBody(m) { $0["yes"] = .integer(3); $0["no"] = .integer(0) }
        let why = Self.refusal { try a.sign(a.m1, .motionClose, forged) }
        #expect(why.contains("not what its ballots give") && why.contains("yes recorded 3, the ballots give 2"))
        #expect(Self.refusal { try a.sign(ben, .motionClose, try a.closeBody(m)) }.contains("secretary"))

        let closed = try a.close(m)
        #expect(closed.status == .closed)
        #expect(closed.outcome?.passed == true)
        #expect(closed.outcome?.tally == Tally(electorate: 4, yes: 2, no: 1, abstain: 1))
        #expect(closed.outcome?.superseded == [first.index])
        #expect(try a.state.decision(for: closed).explanation.contains { $0.contains("2·2 > 1·3") })
        #expect(Self.refusal { try a.vote(cho, m, "yes") }.contains("is closed"))

        let report = try a.verify()
        #expect(report.ok, "\(report.problems)")
        let state = try a.state
        #expect(try LedgerState(snapshotBytes: state.canonicalBytes()) == state)
    }

    @Test func lapsedMembersAreOutsideTheElectorateEvenIfTheyPayLater() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "therapist")
        a.clock.set("2026-02-01")
        for who in [a.m1, cho] { try a.sign(a.m1, .duesPay, ["member": .string(who.description), "amount": .integer(85_000)]) }
        a.clock.set("2026-05-10")                                  // Ben owes January to May: 5 months > 3
        let m = try a.propose(.resolution)
        try a.open(m)
        #expect(try a.state.motion(m).opening?.electorate == [a.m1, cho])
        #expect(Self.refusal { try a.vote(ben, m, "yes") }.contains("not in the electorate"))
        try a.sign(a.m1, .duesPay, ["member": .string(ben.description), "amount": .integer(85_000)])
        #expect(Self.refusal { try a.vote(ben, m, "yes") }.contains("not in the electorate"))  // frozen at opening
    }

    @Test func verifyRefusesALedgerWhoseRecordedOutcomeIsNotWhatTheBallotsSay() throws {
        var a = try Assembly(catalog: EntryCatalog.cooperative.adding([CredulousCloseHandler()]))
        let ben = try a.admit("Ben", class: "therapist")
        let m = try a.propose(.resolution)
        try a.open(m)
        try a.vote(ben, m, "no")
        let forged = try a.sign(a.m1, .motionClose, try a.closeBody(m) { $0["passed"] = .bool(true); $0["yes"] = .integer(1); $0["no"] = .integer(0) })
        let report = try a.verify()
        #expect(!report.ok)
        #expect(report.names(forged.index))
        #expect(report.summary.contains("not what its ballots give"))
    }

    @Test func anAmendmentTakesEffectOnlyWhenItPassesAndLaterMotionsUseIt() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let dev = try a.admit("Dev", class: "prescriber"), eve = try a.admit("Eve", class: "therapist")
        let sup = try a.admit("Sam", class: "supporter")
        let old = try #require(try a.state.bylaws?.version)
        let amended = try Assembly.bylaws(editing: [(
            "  resolution:\n    quorum: \"1/5\"\n    threshold: \"1/2\"\n    base: votes-cast\n    comparison: strict",
            "  resolution:\n    quorum: \"1/5\"\n    threshold: \"2/3\"\n    base: votes-cast\n    comparison: inclusive")])
        let files = JSONValue.object(amended.files.mapValues { .string($0) })
        #expect(Self.refusal { try a.propose(.bylawsAmendment, extra: ["bylaws_files": .object(["bylaws.md": .string("x")])]) }
            .contains("do not read as bylaws"))
        let m = try a.propose(.bylawsAmendment, "Resolutions need two thirds", extra: ["bylaws_files": files])
        a.clock.set("2026-01-20")
        #expect(Self.refusal { try a.open(m) }.contains("may open on 2026-01-29"))
        a.clock.set("2026-01-29")
        try a.open(m)
        #expect(try a.state.motion(m).opening?.electorate.contains(sup) == true)  // supporters vote on amendments
        for who in [a.m1, ben] { try a.vote(who, m, "yes") }
        try a.vote(cho, m, "no")                                   // 3·2 ≥ 2·3: exactly two thirds passes
        #expect(try a.state.bylaws?.version == old)                // not yet in force
        let closed = try a.close(m)
        #expect(closed.outcome?.passed == true)
        #expect(try a.state.bylaws?.version == (try amended.digest))

        // The next resolution is decided by the new rule: 3 to 2 is a majority but not two thirds.
        let r = try a.propose(.resolution)
        try a.open(r)
        #expect(try a.state.motion(r).opening?.bylawsVersion == (try amended.digest).hex)
        for who in [a.m1, ben, cho] { try a.vote(who, r, "yes") }
        for who in [dev, eve] { try a.vote(who, r, "no") }
        let decided = try a.close(r)
        #expect(decided.outcome?.passed == false)
        #expect(try a.state.decision(for: decided).explanation.contains { $0.contains("3·3 ≥ 2·5") })
        #expect(try a.verify().ok)
    }

    @Test func aFailedAmendmentChangesNothing() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        let old = try #require(try a.state.bylaws?.version)
        let amended = try Assembly.bylaws(note: "Article IX. Nothing.")
        let m = try a.propose(.bylawsAmendment, extra: ["bylaws_files": .object(amended.files.mapValues { .string($0) })])
        a.clock.set("2026-02-01")
        try a.open(m)
        try a.vote(a.m1, m, "yes")
        try a.vote(ben, m, "no")
        #expect(try a.close(m).outcome?.passed == false)
        #expect(try a.state.bylaws?.version == old)
    }

    @Test func aDuesChangeAppliesFromItsEffectiveMonth() throws {
        var a = try Assembly()
        let sam = try a.admit("Sam", class: "supporter")
        var tiers = try #require(try a.state.registers.duesSchedule.last?.tiers)
        tiers["supporter"] = DuesTier(monthly: Money("20.00"), slidingMin: nil, slidingMax: nil, classes: ["supporter"])
        let json = try CanonicalJSON.decode(try CanonicalJSONEncoder().encode(tiers))
        var missing = tiers
        missing["clinician"] = nil                                 // Ada is on it
        #expect(Self.refusal {
            try a.propose(.duesChange, extra: ["tiers": try CanonicalJSON.decode(try CanonicalJSONEncoder().encode(missing)),
                                               "effective": .string("2026-03")])
        }.contains("must keep it"))
        let m = try a.propose(.duesChange, "Supporter dues to 20.00", extra: ["tiers": json, "effective": .string("2026-03")])
        try a.open(m)
        try a.vote(a.m1, m, "yes")
        #expect(try a.close(m).outcome?.passed == true)
        let p = try #require(try a.state.duesPosition(of: sam, asOf: YearMonth("2026-04")!))
        #expect(p.charges.map(\.amount.description) == ["17.00", "17.00", "20.00", "20.00"])
    }

    @Test func aPatronageApprovalIsRecordedForTheCommit() throws {
        let a = try Assembly()
        let hash = SHA256.hash(Array("allocation 2025".utf8)).hex
        let m = try a.propose(.patronageApproval, extra: ["year": .integer(2025), "result_hash": .string(hash)])
        try a.open(m)
        try a.vote(a.m1, m, "yes")
        #expect(try a.state.governance.approvedPatronage(year: 2025) == nil)
        try a.close(m)
        #expect(try a.state.governance.approvedPatronage(year: 2025)?.hex == hash)
    }

    @Test func anElectionTieIsBrokenByTheOpeningEntrysHash() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), sam = try a.admit("Sam", class: "supporter")
        let m = try a.propose(.election, "Director", extra: ["seats": .integer(1), "candidates": ["Ben", "Cho", "Dev"]])
        try a.open(m)
        #expect(Self.refusal { try a.vote(ben, m, ["Ben", "Cho"]) }.contains("choose at most 1"))
        #expect(Self.refusal { try a.vote(ben, m, "yes") }.contains("choose candidates"))
        try a.vote(a.m1, m, ["Ben"])
        try a.vote(ben, m, ["Cho"])
        try a.vote(sam, m, "abstain")
        let openHash = try #require(try a.state.motion(m).opening?.entryHash)
        let seed = try #require(Hex.decode(openHash))
        let expected = ["Ben", "Cho"].min { SHA256.hash(seed + Array($0.utf8)) < SHA256.hash(seed + Array($1.utf8)) }!
        let loser = expected == "Ben" ? "Cho" : "Ben"
        #expect(Self.refusal {
            try a.sign(a.m1, .motionClose, try a.closeBody(m) { $0["winners"] = [.string(loser)] })
        }.contains("winners recorded"))
        let closed = try a.close(m)
        #expect(closed.outcome?.winners == [expected])
        #expect(closed.outcome?.electionTally?.abstentions == 1)
        #expect(try a.state.decision(for: closed).explanation.contains { $0.hasPrefix("tie at the last seat") })
        #expect(try a.verify().ok)
    }

    @Test func proxiesWorkWhereTheBylawsAllowThem() throws {
        // Shipped bylaws: no proxies.
        var plain = try Assembly()
        let b = try plain.admit("Ben", class: "therapist")
        let p = try plain.propose(.resolution)
        try plain.open(p)
        #expect(Self.refusal { try plain.sign(b, .proxyGrant, ["motion": .string(p.description), "holder": .string("m1")]) }
            .contains("do not allow proxies"))

        let files = try Assembly.bylaws(editing: [(
            "    proxies: none\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:",
            "    proxies:\n      per_holder_limit: 1\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:")])
        var a = try Assembly(bylaws: files)
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let eve = try a.admit("Eve", class: "therapist")
        let m = try a.propose(.resolution)
        try a.open(m)
        try a.sign(ben, .proxyGrant, ["motion": .string(m.description), "holder": .string(cho.description)])
        #expect(Self.refusal { try a.sign(eve, .proxyGrant, ["motion": .string(m.description), "holder": .string(cho.description)]) }
            .contains("already holds 1 proxies"))
        #expect(Self.refusal { try a.vote(eve, m, "yes", for: ben) }.contains("does not hold a proxy"))
        try a.vote(cho, m, "yes", for: ben)
        try a.vote(cho, m, "no")
        var d = try a.state.decision(for: try a.state.motion(m))
        #expect(d.resolved.tally == Tally(electorate: 4, yes: 1, no: 1))
        try a.vote(ben, m, "no")                                   // the grantor's own ballot overrides the proxy
        d = try a.state.decision(for: try a.state.motion(m))
        #expect(d.resolved.tally == Tally(electorate: 4, yes: 0, no: 2))
        try a.sign(eve, .proxyGrant, ["motion": .string(m.description), "holder": .string(a.m1.description)])
        try a.sign(eve, .proxyRevoke, ["motion": .string(m.description)])
        #expect(try a.close(m).outcome?.passed == false)
        #expect(try a.verify().ok)
    }

    @Test func votingWindowsAreEnforced() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        let m = try a.propose(.resolution, extra: ["closes": .string("2026-01-20T12:00:00Z")])
        try a.open(m)
        #expect(Self.refusal { try a.close(m) }.contains("runs until 2026-01-20T12:00:00Z"))
        a.clock.set("2026-01-21")
        #expect(Self.refusal { try a.vote(ben, m, "yes") }.contains("too late"))
        #expect(try a.close(m).outcome?.passed == false)           // no votes on the base
    }
}
