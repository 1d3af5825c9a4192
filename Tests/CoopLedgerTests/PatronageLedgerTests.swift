import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopPatronage
import Testing

/// The patronage year end in the ledger: records, consents, close, approval, commit, payment,
/// revolving, and what verification recomputes. Shipped bylaws: revenue 60% / hours 40%,
/// reserve 10%, cash 20%, losses to the reserve, fiscal year = calendar year.
@Suite("Patronage in the ledger")
struct PatronageLedgerTests {
    let refused = GovernanceLedgerTests.refused

    /// The shipped bylaws with `edits`, without consent by membership (`bylaw_consent`): these
    /// tests record each consent (BylawConsentCommandTests covers membership as consent).
    static func bylaws(editing edits: [(String, String)] = []) throws -> BylawsFiles {
        try Assembly.bylaws(editing: edits + [("\n  bylaw_consent: Article VI.3", "")])
    }

    /// True when `r` has `code`, names `field`, and (when given) its reason holds `words`.
    func expected(_ r: EntryRefusal?, _ code: EntryRefusal.Code, field: String?, _ words: String? = nil) -> Bool {
        guard let r else { return false }
        return r.code == code && r.field == field && (words.map { r.reason.contains($0) } ?? true)
    }

    /// m1 Ada and m2 Ben (therapist, prescriber) with 2026 patronage: Ada 600,000¢ and 300 h,
    /// Ben 400,000¢ and 100 h. Weights: Ada 0.6·0.6 + 0.4·0.75 = 0.66, Ben 0.24 + 0.10 = 0.34.
    /// Ada consented in writing; Ben did not. Dues paid ahead; the clock is at 2027-01-20.
    func year2026() throws -> (Assembly, MemberID) {
        var a = try Assembly(bylaws: try Self.bylaws())
        let ben = try a.admit("Ben", class: "prescriber")
        try a.payDuesAhead([a.m1, ben])
        a.clock.set("2026-03-01")
        try a.record(a.m1, "revenue", 600_000)
        try a.record(a.m1, "hours", 300)
        try a.record(ben, "revenue", 400_000)
        try a.record(ben, "hours", 100)
        try a.consent(a.m1, "written", by: a.m1)  // signed by Ada herself
        a.clock.set("2027-01-20")
        return (a, ben)
    }

    @Test func aCommittedYearCreditsLotsReserveAndCashByHand() throws {
        let (a, ben) = try year2026()
        try a.closeYear(surplus: "10000.00", nonpatronage: "750.00")
        let preview = try a.state.patronageComputation(year: 2026)
        // reserve 10% = 1000.00; pool 9000.00: Ada 0.66 → 5940.00, Ben 0.34 → 3060.00.
        let rows = preview.allocation.members
        #expect(preview.allocation.reserve == Money("1000.00"))
        #expect(rows.map(\.allocation) == [Money("5940.00")!, Money("3060.00")!])
        #expect(rows.map(\.cash) == [Money("1188.00")!, Money("612.00")!])
        #expect(rows.map(\.qualified) == [true, false])
        #expect(preview.allocation.nonPatronageIncome == Money("750.00"))  // recorded, never allocated
        try a.approve(voters: [a.m1, ben])
        try a.commit()
        let s = try a.state
        #expect(try a.balance(a.m1, .patronage(year: 2026, qualified: true)) == Money("4752.00"))
        #expect(try a.balance(ben, .patronage(year: 2026, qualified: false)) == Money("2448.00"))
        #expect(s.registers.reserve.balance == Money("1000.00"))
        #expect(s.registers.totalEquity == Money("8200.00") && s.registers.memberEquity == s.registers.totalEquity)
        #expect(s.patronage[2026].commit?.cashDue == [a.m1: Money("1188.00")!, ben: Money("612.00")!])
        #expect(s.patronage[2026].commit?.consents[a.m1]?.method == .written)
        #expect(try a.verify().ok)
        // The committed allocation recomputes to the same hash after later entries.
        try a.consent(ben, "written")
        #expect(try a.state.patronageComputation(year: 2026).resultHash == preview.resultHash)
    }

    @Test func theCommitNeedsThePassedApprovalOfThisVeryResult() throws {
        let (a, ben) = try year2026()
        try a.closeYear(surplus: "10000.00")
        #expect(expected(refused { try a.commit() }, .notAuthorized, field: "year"))
        let approved = try a.approve(voters: [a.m1, ben])
        let other = SHA256.hash(Array("another result".utf8))
        #expect(expected(refused { try a.commit(hash: other) }, .notAuthorized, field: "result_hash", "approved result \(approved.hex)"))
        // A consent backdated into 2026 after the approval makes Ben's notice qualified: the
        // result changes, and the approved hash no longer matches the recomputation.
        try a.consent(ben, "written", extra: ["date": .string("2026-12-01")])
        #expect(expected(refused { try a.commit(hash: approved) }, .recount, field: "result_hash"))
        try a.approve(voters: [a.m1, ben])
        try a.commit()
        #expect(expected(refused { try a.commit() }, .duplicate, field: "year"))
        #expect(expected(refused { try a.closeYear(surplus: "1.00") }, .patronage, field: "year"))
    }

    @Test func recordsAreCheckedAndFrozenByTheClose() throws {
        var (a, ben) = try year2026()
        let sam = try a.admit("Sam", class: "supporter")
        let rec = { (m: MemberID, measure: String, q: Int64, year: Int) in { try a.record(m, measure, q, year: year) } }
        // Both are Sam's ineligibility; the words say which rule.
        #expect(expected(refused(rec(sam, "hours", 5, 2026)), .notEligible, field: "member", "after fiscal year 2026 ended"))  // admitted 2027-01-20
        #expect(expected(refused(rec(sam, "hours", 5, 2027)), .notEligible, field: "member", "supporter class receive no patronage"))
        #expect(expected(refused(rec(ben, "sessions", 5, 2026)), .bylaws, field: "measure"))
        #expect(expected(refused(rec(ben, "hours", -101, 2026)), .balance, field: "quantity"))
        #expect(expected(refused(rec(ben, "hours", 0, 2026)), .amount, field: "quantity"))
        #expect(expected(refused(rec(ben, "hours", 5, 2028)), .tooEarly, field: "year", "starts on 2028-01-01"))
        try a.record(ben, "hours", -10)  // a correction
        #expect(try a.state.patronage[2026].quantities[ben]?["hours"] == 90)
        #expect(
            expected(
                refused {
                    try a.sign(
                        a.m1, .patronageRecord,
                        [
                            "member": .string(ben.description), "measure": .string("hours"), "quantity": .integer(1),
                            "year": .integer(2026), "period": .string("2027-01"),
                        ])
                }, .tooLate, field: "period", "outside fiscal year 2026"))
        let byBen = refused {
            try a.sign(
                ben, .patronageRecord,
                [
                    "member": .string(ben.description), "measure": .string("hours"),
                    "quantity": .integer(1), "year": .integer(2026),
                ])
        }
        #expect(byBen?.code == .unauthorized && byBen?.author == ben.description && byBen?.reason.contains("treasurer role") == true)
        #expect(expected(refused { try a.closeYear(2027, surplus: "1.00") }, .tooEarly, field: "year"))
        try a.closeYear(surplus: "100.00")
        #expect(expected(refused(rec(ben, "hours", 5, 2026)), .patronage, field: "year"))
    }

    @Test func aMemberAdmittedMidYearSharesByWhatTheyDidSinceJoining() throws {
        var (a, ben) = try year2026()
        a.clock.set("2026-07-01")
        let cho = try a.admit("Cho", class: "therapist")
        let early: [String: JSONValue] = [
            "member": .string(cho.description), "measure": .string("hours"), "quantity": .integer(5),
            "year": .integer(2026), "period": .string("2026-06"),
        ]
        #expect(
            expected(
                refused { try a.sign(a.m1, .patronageRecord, early) }, .tooEarly, field: "period",
                "was admitted in 2026-07; period 2026-06 is before that"))
        // Half a year's work: revenue 250,000¢ of 1,250,000¢ and 100 h of 500 h → weight
        // 0.6·0.2 + 0.4·0.2 = 0.2 of the 9,000.00 pool; the others' weights shrink to match.
        try a.record(cho, "revenue", 250_000)
        try a.record(cho, "hours", 100)
        a.clock.set("2027-01-20")
        try a.closeYear(surplus: "10000.00")
        let rows = try a.state.patronageComputation(year: 2026).allocation.members
        #expect(rows.map(\.member) == [a.m1, ben, cho])
        #expect(rows.map(\.allocation) == [Money("4752.00")!, Money("2448.00")!, Money("1800.00")!])
    }

    @Test func aCloseThatCannotBeAllocatedIsRefused() throws {
        var a = try Assembly(bylaws: try Self.bylaws())
        let ben = try a.admit("Ben", class: "prescriber")
        try a.record(ben, "revenue", 100)  // nobody has any hours
        a.clock.set("2027-01-05")
        // Both are the allocation's refusal; the words say which measure is missing.
        #expect(expected(refused { try a.closeYear(surplus: "10.00") }, .patronage, field: nil, "no member has any 'hours'"))
        #expect(expected(refused { try a.closeYear(2025, surplus: "10.00") }, .patronage, field: nil, "no member has any patronage"))
    }

    @Test func consentsFollowTheTreasuryRules() throws {
        var (a, ben) = try year2026()
        let cho = try a.admit("Cho", class: "therapist")
        let version = try #require(try a.state.bylaws?.version)
        #expect(expected(refused { try a.consent(ben, "bylaw") }, .field, field: "bylaws_version"))
        #expect(
            expected(
                refused { try a.consent(ben, "bylaw", extra: ["bylaws_version": .string(String(repeating: "ab", count: 32))]) },
                .bylaws, field: "bylaws_version", "was not adopted"))
        #expect(expected(refused { try a.consent(ben, "qualified-check") }, .field, field: "year"))
        let byCho = refused { try a.consent(ben, "written", by: cho) }
        #expect(byCho?.code == .unauthorized && byCho?.author == cho.description && byCho?.reason.contains("treasurer role") == true)
        #expect(expected(refused { try a.consent(ben, "written", extra: ["date": .string("2027-02-01")]) }, .tooLate, field: "date"))
        try a.consent(ben, "bylaw", extra: ["bylaws_version": .string(version.hex)])
        #expect(expected(refused { try a.consent(ben, "bylaw", extra: ["bylaws_version": .string(version.hex)]) }, .duplicate, field: "method"))
        try a.consent(cho, "qualified-check", extra: ["year": .integer(2027)])
        try a.consent(a.m1, "written", extra: ["revoke": .bool(true), "date": .string("2027-01-20")])
        #expect(expected(refused { try a.consent(a.m1, "written", extra: ["revoke": .bool(true)]) }, .nothingPending, field: "method"))
        let s = try a.state
        let (y2026, y2027, y2028) = try (s.fiscalYear(2026), s.fiscalYear(2027), s.fiscalYear(2028))
        // Ada consented in 2026 and revoked in 2027: 2026 and 2027 are covered, 2028 is not.
        #expect(s.consentBasis(a.m1, for: y2026) != nil && s.consentBasis(a.m1, for: y2027) != nil)
        #expect(s.consentBasis(a.m1, for: y2028) == nil)
        // Ben's bylaw consent was given in 2027: it does not reach back to 2026.
        #expect(s.consentBasis(ben, for: y2026) == nil && s.consentBasis(ben, for: y2027)?.method == .bylaw)
        // A qualified check covers its one year.
        #expect(s.consentBasis(cho, for: y2027)?.method == .qualifiedCheck && s.consentBasis(cho, for: y2028) == nil)
    }

    @Test func cashIsPaidUpToWhatIsOwed() throws {
        let (a, ben) = try year2026()
        try a.finishYear(surplus: "10000.00", voters: [a.m1, ben])
        let pay = { (amount: String, withheld: String?) in
            var body: [String: JSONValue] = ["member": .string(ben.description), "year": .integer(2026), "amount": .integer(Money(amount)!.cents)]
            if let withheld { body["withheld"] = .integer(Money(withheld)!.cents) }
            _ = try a.sign(a.m1, .patronagePay, body)
        }
        #expect(expected(refused { try pay("612.01", nil) }, .balance, field: "amount", "more than the 612.00"))
        #expect(expected(refused { try pay("100.00", "100.01") }, .amount, field: "withheld"))
        try pay("500.00", "120.00")
        a.clock.set("2028-01-03")
        try pay("112.00", nil)
        let s = try a.state
        #expect(s.patronage[2026].cashOutstanding(ben) == .zero && s.patronage[2026].cashOutstanding == Money("1188.00"))
        let p2027 = try s.patronagePayments(calendarYear: 2027)
        #expect(p2027.map(\.member) == [ben] && p2027[0].cashPatronage == Money("500.00") && p2027[0].backupWithholding == Money("120.00"))
        #expect(try s.patronagePayments(calendarYear: 2028).first?.cashPatronage == Money("112.00"))
    }

    @Test func revolvingPaysTheOldestYearsFirst() throws {
        let (a, ben) = try year2026()
        try a.finishYear(surplus: "10000.00", voters: [a.m1, ben])
        a.clock.set("2027-03-01")
        try a.record(a.m1, "revenue", 100, year: 2027)
        try a.record(a.m1, "hours", 1, year: 2027)
        a.clock.set("2028-01-10")
        try a.finishYear(2027, surplus: "100.00", voters: [a.m1, ben])  // Ada alone: 90.00, 72.00 retained
        #expect(try a.balance(a.m1, .patronage(year: 2027, qualified: true)) == Money("72.00"))
        let plan = try a.state.revolvingPlan(through: 2026)
        #expect(plan.total == Money("7200.00") && plan.nonQualifiedTotal == Money("2448.00"))
        let revolve = { (year: Int, total: String) in
            _ = try a.sign(a.m1, .patronageRevolve, ["year": .integer(Int64(year)), "total": .integer(Money(total)!.cents)])
        }
        #expect(expected(refused { try revolve(2026, "7000.00") }, .recount, field: "total", "redeems 7200.00, not the 7000.00 stated"))
        try revolve(2026, "7200.00")
        #expect(try a.balance(a.m1, .patronage(year: 2026, qualified: true)) == .zero)
        #expect(try a.balance(a.m1, .patronage(year: 2027, qualified: true)) == Money("72.00"))  // not yet revolved
        #expect(expected(refused { try revolve(2026, "0.00") }, .nothingPending, field: "year"))
        let s = try a.state
        #expect(s.registers.memberEquity == s.registers.totalEquity)
        #expect(try s.patronagePayments(calendarYear: 2028).first { $0.member == ben }?.nonQualifiedRedemptions == Money("2448.00"))
        #expect(try a.verify().ok)
    }

    @Test func aLossYearIsChargedAsTheBylawsSay() throws {
        // Losses carried forward: the 2026 loss is offset against the 2027 surplus first.
        var a = try Assembly(bylaws: try Self.bylaws(editing: [("  losses: reserve", "  losses: carry-forward")]))
        let ben = try a.admit("Ben", class: "prescriber")
        try a.payDuesAhead([a.m1, ben])
        a.clock.set("2026-06-01")
        try a.record(ben, "revenue", 10)
        try a.record(ben, "hours", 1)
        a.clock.set("2027-01-10")
        try a.finishYear(surplus: "-1500.00", voters: [a.m1, ben])
        #expect(try a.state.patronage.carriedLoss == Money("1500.00"))
        #expect(try a.state.registers.totalEquity == .zero)  // nothing allocated, nothing charged
        try a.record(ben, "revenue", 10, year: 2027)
        try a.record(ben, "hours", 1, year: 2027)
        a.clock.set("2028-01-10")
        try a.finishYear(2027, surplus: "2500.00", voters: [a.m1, ben])
        // 2500 − 1500 offset = 1000 distributable: reserve 100.00, Ben 900.00 (720.00 retained).
        #expect(try a.state.patronage.carriedLoss == .zero)
        #expect(try a.balance(ben, .patronage(year: 2027, qualified: false)) == Money("720.00"))
        #expect(try a.state.registers.reserve.balance == Money("100.00"))
        #expect(try a.verify().ok)
    }

    @Test func aLossChargedToTheReserveLowersIt() throws {
        let (a, ben) = try year2026()
        try a.finishYear(surplus: "10000.00", voters: [a.m1, ben])
        try a.record(ben, "revenue", 1, year: 2027)
        try a.record(ben, "hours", 1, year: 2027)
        a.clock.set("2028-01-10")
        try a.finishYear(2027, surplus: "-300.00", voters: [a.m1, ben])
        let s = try a.state
        #expect(s.registers.reserve.balance == Money("700.00"))
        #expect(s.registers.memberEquity == s.registers.totalEquity)
    }

    @Test func aLossChargedToCapitalAccountsIsANegativeLotNeverRevolved() throws {
        var a = try Assembly(bylaws: try Self.bylaws(editing: [("  losses: reserve", "  losses: capital-accounts")]))
        let ben = try a.admit("Ben", class: "prescriber")
        try a.payDuesAhead([a.m1, ben])
        a.clock.set("2026-06-01")
        for (m, revenue, hours) in [(a.m1, Int64(600_000), Int64(300)), (ben, 400_000, 100)] {
            try a.record(m, "revenue", revenue)
            try a.record(m, "hours", hours)
        }
        a.clock.set("2027-01-10")
        try a.finishYear(surplus: "-1000.00", voters: [a.m1, ben])
        // Weights 0.66 and 0.34: Ada is charged 660.00, Ben 340.00; no cash, nothing to the reserve.
        #expect(try a.balance(a.m1, .patronage(year: 2026, qualified: false)) == Money("-660.00"))
        #expect(try a.balance(ben, .patronage(year: 2026, qualified: false)) == Money("-340.00"))
        let s = try a.state
        #expect(s.registers.totalEquity == Money("-1000.00") && s.registers.memberEquity == s.registers.totalEquity)
        #expect(s.patronage[2026].commit?.cashDue.isEmpty == true)
        #expect(s.revolvingPlan(through: 2026).total == .zero)
        #expect(try a.verify().ok)
    }

    @Test func rulesInForceAtTheStartOfTheYearGovernIt() throws {
        // An amendment adopted in March 2026 weighs hours only; 2026 keeps 60/40, 2027 uses it.
        let (a, ben) = try year2026()
        let hoursOnly = try Assembly.bylaws(editing: [
            (
                "    - name: revenue\n      unit: cents\n      weight: \"60%\"\n    - name: hours\n      unit: hours\n      weight: \"40%\"",
                "    - name: hours\n      unit: hours\n      weight: \"100%\""
            )
        ])
        a.clock.set("2026-03-01")
        let m = try a.propose(.bylawsAmendment, "Hours only", extra: ["bylaws_files": .object(hoursOnly.files.mapValues { .string($0) })])
        a.clock.set("2026-03-20")
        try a.open(m)
        for v in [a.m1, ben] { try a.vote(v, m, "yes") }
        try a.close(m)
        #expect(try a.state.bylaws?.version == (try hoursOnly.digest))
        a.clock.set("2027-01-20")
        try a.closeYear(surplus: "10000.00")
        let r2026 = try a.state.patronageComputation(year: 2026)
        #expect(r2026.allocation.rules.measures.map(\.name) == ["revenue", "hours"])
        #expect(r2026.rulesVersion != (try hoursOnly.digest))
        #expect(
            expected(
                refused { try a.record(ben, "revenue", 5, year: 2027) }, .bylaws, field: "measure",
                "not a patronage measure of fiscal year 2027"))
        try a.record(ben, "hours", 5, year: 2027)
        #expect(try a.state.patronage[2027].quantities[ben] == ["hours": 5])
    }

    @Test func verifyRecomputesACommitAndRefusesAForgedOne() throws {
        let (a, ben) = try year2026()
        try a.closeYear(surplus: "10000.00")
        let approved = try a.approve(voters: [a.m1, ben])
        // A ledger whose commit handler trusts the entry lets a commit of an unapproved hash in;
        // verification with the real rules recomputes it and names the entry.
        let credulous = try Ledger.open(at: a.path, catalog: EntryCatalog.cooperative.adding([CredulousCommitHandler()]), clock: a.clock)
        let forged = try credulous.append(
            type: .patronageCommit,
            body: .object(["year": .integer(2026), "result_hash": .string(SHA256.hash([1]).hex)]),
            author: a.m1, key: a.keys[a.m1]!)
        let report = try a.verify()
        #expect(!report.ok)
        #expect(report.problems.contains { "\($0)".contains("entry \(forged.index)") && "\($0)".contains("approved result \(approved.hex)") })
    }

    @Test func theRegisterSurvivesASnapshot() throws {
        let (a, ben) = try year2026()
        try a.finishYear(surplus: "10000.00", voters: [a.m1, ben])
        try a.sign(a.m1, .patronageNotify, ["year": .integer(2026), "digest": .string(SHA256.hash([7]).hex)])
        let s = try a.state
        let back = try LedgerState(snapshotBytes: try s.canonicalBytes())
        #expect(back == s)
        #expect(back.patronage[2026].notices?.digest == SHA256.hash([7]))
        #expect(expected(refused { try a.sign(a.m1, .patronageNotify, ["year": .integer(2026)]) }, .duplicate, field: "year"))
    }
}

/// A `patronage.commit` handler that records nothing and checks nothing, to write a forged
/// commit into a ledger file and show that `verify` with the real rules refuses it.
struct CredulousCommitHandler: EntryHandler {
    let type = EntryType.patronageCommit
    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {}
}
