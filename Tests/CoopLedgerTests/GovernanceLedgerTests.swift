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

    /// The entry refusal `body` threw, or nil when it threw none.
    static func refused(_ body: () throws -> Void) -> EntryRefusal? {
        do {
            try body()
            return nil
        } catch {
            return (error as? LedgerError)?.refusal
        }
    }

    @Test func aResolutionFromProposalToVerifiedOutcome() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let dev = try a.admit("Dev", class: "supporter"), eve = try a.admit("Eve", class: "prescriber")
        let m = try a.propose(.resolution, "Adopt the 2026 budget")
        #expect(m.description == "M1")
        let notOpen = Self.refused { try a.vote(ben, m, "yes") }
        #expect(notOpen?.code == .status && notOpen?.field == "motion")
        try a.open(m)
        let opening = try #require(try a.state.motion(m).opening)
        #expect(opening.electorate == [a.m1, ben, cho, eve])  // supporters do not vote on resolutions
        #expect(opening.rule.threshold == Ratio("1/2"))

        let first = try a.vote(ben, m, "no")
        try a.vote(ben, m, "yes")  // a changed ballot: the last counts
        let again = Self.refused { try a.vote(ben, m, "yes") }
        #expect(again?.code == .duplicate && again?.field == "choice")
        #expect(Self.refused { try a.vote(dev, m, "yes") }?.code == .notEligible)
        try a.vote(cho, m, "no")
        try a.vote(eve, m, "abstain")
        try a.vote(a.m1, m, "yes")
        let late = try a.admit("Fay", class: "therapist")  // admitted after opening
        #expect(Self.refused { try a.vote(late, m, "yes") }?.code == .notEligible)

        // A close whose counts differ from the ballots is refused, naming the difference.
        let forged = try a.closeBody(m) {
            $0["yes"] = .integer(3)
            $0["no"] = .integer(0)
        }
        let why = try #require(Self.refused { try a.sign(a.m1, .motionClose, forged) })
        #expect(why.code == .recount && why.field == nil)  // two counts differ: no one field
        #expect(why.reason.contains("yes recorded 3, the ballots give 2") && why.reason.contains("no recorded 0, the ballots give 1"))
        let byBen = Self.refused { try a.sign(ben, .motionClose, try a.closeBody(m)) }
        #expect(byBen?.code == .unauthorized && byBen?.author == ben.description && byBen?.reason.contains("secretary") == true)

        let closed = try a.close(m)
        #expect(closed.status == .closed)
        #expect(closed.outcome?.passed == true)
        #expect(closed.outcome?.tally == Tally(electorate: 4, yes: 2, no: 1, abstain: 1))
        #expect(closed.outcome?.superseded == [first.index])
        #expect(try a.state.decision(for: closed).explanation.contains { $0.contains("2·2 > 1·3") })
        let closedVote = Self.refused { try a.vote(cho, m, "yes") }
        #expect(closedVote?.code == .status && closedVote?.reason.contains("is closed") == true)

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
        a.clock.set("2026-05-10")  // Ben owes January to May: 5 months > 3
        let m = try a.propose(.resolution)
        try a.open(m)
        #expect(try a.state.motion(m).opening?.electorate == [a.m1, cho])
        #expect(Self.refused { try a.vote(ben, m, "yes") }?.code == .notEligible)
        try a.sign(a.m1, .duesPay, ["member": .string(ben.description), "amount": .integer(85_000)])
        #expect(Self.refused { try a.vote(ben, m, "yes") }?.code == .notEligible)  // frozen at opening
    }

    @Test func verifyRefusesALedgerWhoseRecordedOutcomeIsNotWhatTheBallotsSay() throws {
        var a = try Assembly(catalog: EntryCatalog.cooperative.adding([CredulousCloseHandler()]))
        let ben = try a.admit("Ben", class: "therapist")
        let m = try a.propose(.resolution)
        try a.open(m)
        try a.vote(ben, m, "no")
        let forged = try a.sign(
            a.m1, .motionClose,
            try a.closeBody(m) {
                $0["passed"] = .bool(true)
                $0["yes"] = .integer(1)
                $0["no"] = .integer(0)
            })
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
        let amended = try Assembly.bylaws(editing: [
            (
                "  resolution:\n    quorum: \"1/5\"\n    threshold: \"1/2\"\n    base: votes-cast\n    comparison: strict",
                "  resolution:\n    quorum: \"1/5\"\n    threshold: \"2/3\"\n    base: votes-cast\n    comparison: inclusive"
            )
        ])
        let files = JSONValue.object(amended.files.mapValues { .string($0) })
        let unread = Self.refused { try a.propose(.bylawsAmendment, extra: ["bylaws_files": .object(["bylaws.md": .string("x")])]) }
        #expect(unread?.code == .bylaws && unread?.field == "bylaws_files")
        let m = try a.propose(.bylawsAmendment, "Resolutions need two thirds", extra: ["bylaws_files": files])
        a.clock.set("2026-01-20")
        let early = Self.refused { try a.open(m) }
        #expect(early?.code == .tooEarly && early?.reason.contains("may open on 2026-01-29") == true)
        a.clock.set("2026-01-29")
        try a.open(m)
        #expect(try a.state.motion(m).opening?.electorate.contains(sup) == true)  // supporters vote on amendments
        for who in [a.m1, ben] { try a.vote(who, m, "yes") }
        try a.vote(cho, m, "no")  // 3·2 ≥ 2·3: exactly two thirds passes
        #expect(try a.state.bylaws?.version == old)  // not yet in force
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
        missing["clinician"] = nil  // Ada is on it
        let dropped = Self.refused {
            try a.propose(
                .duesChange,
                extra: [
                    "tiers": try CanonicalJSON.decode(try CanonicalJSONEncoder().encode(missing)),
                    "effective": .string("2026-03"),
                ])
        }
        #expect(dropped?.code == .field && dropped?.field == "tiers" && dropped?.reason.contains("\"clinician\"") == true)
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
        // Both are the `choice` field's fault; the words say which rule.
        let tooMany = Self.refused { try a.vote(ben, m, ["Ben", "Cho"]) }
        #expect(tooMany?.code == .field && tooMany?.field == "choice" && tooMany?.reason.contains("choose at most 1") == true)
        let yesNo = Self.refused { try a.vote(ben, m, "yes") }
        #expect(yesNo?.code == .field && yesNo?.field == "choice" && yesNo?.reason.contains("choose candidates") == true)
        try a.vote(a.m1, m, ["Ben"])
        try a.vote(ben, m, ["Cho"])
        try a.vote(sam, m, "abstain")
        let openHash = try #require(try a.state.motion(m).opening?.entryHash)
        let seed = try #require(Hex.decode(openHash))
        let expected = ["Ben", "Cho"].min { SHA256.hash(seed + Array($0.utf8)) < SHA256.hash(seed + Array($1.utf8)) }!
        let loser = expected == "Ben" ? "Cho" : "Ben"
        let wrongWinner = Self.refused {
            try a.sign(a.m1, .motionClose, try a.closeBody(m) { $0["winners"] = [.string(loser)] })
        }
        #expect(wrongWinner?.code == .recount && wrongWinner?.field == "winners")
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
        let noProxies = Self.refused { try plain.sign(b, .proxyGrant, ["motion": .string(p.description), "holder": .string("m1")]) }
        #expect(noProxies?.code == .bylaws && noProxies?.reason.contains("do not allow proxies") == true)

        let files = try Assembly.bylaws(editing: [
            (
                "    proxies: none\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:",
                "    proxies:\n      per_holder_limit: 1\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:"
            )
        ])
        var a = try Assembly(bylaws: files)
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let eve = try a.admit("Eve", class: "therapist")
        let m = try a.propose(.resolution)
        try a.open(m)
        try a.sign(ben, .proxyGrant, ["motion": .string(m.description), "holder": .string(cho.description)])
        let limit = Self.refused { try a.sign(eve, .proxyGrant, ["motion": .string(m.description), "holder": .string(cho.description)]) }
        #expect(limit?.code == .bylaws && limit?.reason.contains("already holds 1 proxies") == true)
        let noProxy = Self.refused { try a.vote(eve, m, "yes", for: ben) }
        #expect(noProxy?.code == .notAuthorized && noProxy?.field == "for")
        try a.vote(cho, m, "yes", for: ben)
        try a.vote(cho, m, "no")
        var d = try a.state.decision(for: try a.state.motion(m))
        #expect(d.resolved.tally == Tally(electorate: 4, yes: 1, no: 1))
        try a.vote(ben, m, "no")  // the grantor's own ballot overrides the proxy
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
        let running = Self.refused { try a.close(m) }
        #expect(running?.code == .tooEarly && running?.reason.contains("runs until 2026-01-20T12:00:00Z") == true)
        a.clock.set("2026-01-21")
        #expect(Self.refused { try a.vote(ben, m, "yes") }?.code == .tooLate)
        #expect(try a.close(m).outcome?.passed == false)  // no votes on the base
    }
}
