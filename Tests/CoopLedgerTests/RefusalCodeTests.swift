import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Testing

/// Refusal codes are part of coop's contract: programs (importers, the server's answers, tests)
/// match `code` and `field`, never the words. Each rule's refusal is provoked on a small ledger
/// through `Ledger.append` (and `check`), and its code, field, type and position are held fixed.
@Suite("Refusal codes and fields")
struct RefusalCodeTests {
    /// The refusal `attempt` earns: an entry refusal at the ledger's next position, nothing written.
    func refusal(
        _ ledger: Ledger, sourceLocation: SourceLocation = #_sourceLocation,
        _ attempt: () throws -> Void
    ) throws -> EntryRefusal {
        let size = try ledger.state().size
        let error = try #require(throws: LedgerError.self, sourceLocation: sourceLocation) { try attempt() }
        let r = try #require(error.refusal, "\(error)", sourceLocation: sourceLocation)
        #expect(r.index == size, sourceLocation: sourceLocation)
        #expect(try ledger.state().size == size, sourceLocation: sourceLocation)
        return r
    }

    func expect(
        _ r: EntryRefusal, _ code: EntryRefusal.Code, field: String?, type: EntryType,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.code == code, "\(r)", sourceLocation: sourceLocation)
        #expect(r.field == field, "\(r)", sourceLocation: sourceLocation)
        #expect(r.type == type.rawValue, "\(r)", sourceLocation: sourceLocation)
    }

    func id(_ m: MemberID) -> JSONValue { .string(m.description) }

    @Test func theRawValuesAreStable() throws {
        #expect(
            EntryRefusal.Code.allCases.map(\.rawValue) == [
                "malformed", "bad-signature", "wrong-ledger", "unknown-type", "genesis-misplaced",
                "chain-broken", "ledger-time-backwards", "claimed-time-ahead", "unknown-author", "key-not-in-force",
                "unauthorized", "countersignature",
                "field", "label", "text",
                "not-found", "status", "duplicate", "amount", "balance", "key-reused",
                "too-early", "too-late", "effective-date", "closed-period",
                "bylaws", "not-eligible", "electorate", "recount", "not-authorized",
                "last-secretary", "nothing-pending", "patronage", "invalid", "proof",
            ])
        // A program reads the code back from its JSON string.
        let decoded = try CanonicalJSONDecoder().decode([EntryRefusal.Code].self, from: ["not-found", "too-early"])
        #expect(decoded == [.notFound, .tooEarly])
    }

    @Test func theBodyFieldAtFaultIsNamed() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        var r = try refusal(a.ledger) { try a.sign(ben, .note, ["text": "hi", "colour": "blue"]) }
        expect(r, .field, field: "colour", type: .note)  // an unknown field: its name
        r = try refusal(a.ledger) { try a.sign(a.m1, .duesPay, ["member": id(ben)]) }
        expect(r, .field, field: "amount", type: .duesPay)  // a missing one
        r = try refusal(a.ledger) { try a.sign(a.m1, .duesPay, ["member": id(ben), "amount": "17.00"]) }
        expect(r, .field, field: "amount", type: .duesPay)  // one of the wrong kind
        r = try refusal(a.ledger) { try a.sign(a.m1, .duesPay, ["member": id(ben), "amount": 0]) }
        expect(r, .amount, field: "amount", type: .duesPay)  // a bad amount
        #expect(r.detail == "invalid dues.pay: the amount must be more than 0.00" && r.reason == "the amount must be more than 0.00")
        r = try refusal(a.ledger) { try a.admit("Line\nbreak", class: "staff") }
        expect(r, .label, field: "name", type: .memberAdmit)  // a label with a newline
        r = try refusal(a.ledger) { try a.propose(.election, extra: ["seats": 1, "candidates": ["Ben", "Cho\u{202E}"]]) }
        expect(r, .label, field: "candidates[1]", type: .motionPropose)  // one in a list
        r = try refusal(a.ledger) { try a.sign(ben, .note, ["text": "ring \u{7}"]) }
        expect(r, .text, field: "text", type: .note)
    }

    @Test func aGenesisNamesTheFoundersField() throws {
        let files = try BylawsFilesFixture.shipped()
        func create(_ second: Founder) throws -> EntryRefusal? {
            let ada = try testKey(1), dir = TempDir()
            let error = try #require(throws: LedgerError.self) {
                try Ledger.create(
                    at: dir.file("coop.ledger"), name: "Riverbend", bylawsHash: try files.digest, bylawsFiles: files,
                    founders: [Founder(name: "Ada", key: ada.publicKey, roles: [.secretary], memberClass: "therapist"), second],
                    founderKey: ada, ledgerKey: try testKey(200).publicKey, ledgerID: testLedgerID, clock: FixedClock(testTime))
            }
            #expect(error.refusal?.index == 0 && error.refusal?.type == EntryType.genesis.rawValue)
            return error.refusal
        }
        let ben = try testKey(2).publicKey
        let unknownClass = try create(Founder(name: "Ben", key: ben, roles: [], memberClass: "surgeon"))
        #expect(unknownClass?.code == .bylaws && unknownClass?.field == "founders[1].class")
        let twoLines = try create(Founder(name: "Ben\n", key: ben, roles: [], memberClass: "staff"))
        #expect(twoLines?.code == .label && twoLines?.field == "founders[1].name")
        let sameKey = try create(Founder(name: "Ben", key: try testKey(1).publicKey, roles: [], memberClass: "staff"))
        #expect(sameKey?.code == .keyReused && sameKey?.field == "founders[1].key")
    }

    @Test func membersRolesAndKeys() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        let nobody = MemberID(number: 99)!
        // The member query's refusal: the words of an unknown author, the code and field of a body.
        var r = try refusal(a.ledger) { try a.sign(a.m1, .roleGrant, ["member": id(nobody), "role": "treasurer"]) }
        #expect(r.code == .notFound && r.field == "member" && r.type == nil && r.author == nil)
        #expect(r.detail == "m99 is not a member of this cooperative at this point in the ledger")
        r = try refusal(a.ledger) { try a.sign(a.m1, .duesPay, ["member": id(nobody), "amount": 1700]) }
        expect(r, .notFound, field: "member", type: .duesPay)
        r = try refusal(a.ledger) { try a.sign(a.m1, .roleGrant, ["member": id(a.m1), "role": "secretary"]) }
        expect(r, .duplicate, field: "role", type: .roleGrant)
        r = try refusal(a.ledger) { try a.sign(a.m1, .roleRevoke, ["member": id(a.m1), "role": "secretary"]) }
        expect(r, .lastSecretary, field: "role", type: .roleRevoke)
        r = try refusal(a.ledger) { try a.sign(a.m1, .roleRevoke, ["member": id(ben), "role": "treasurer"]) }
        expect(r, .nothingPending, field: "role", type: .roleRevoke)
        r = try refusal(a.ledger) { try a.sign(ben, .keyCancelRecovery, ["reason": "nothing to stop"]) }
        expect(r, .nothingPending, field: nil, type: .keyCancelRecovery)
        let founderKey = try #require(a.keys[a.m1]).publicKey.text
        r = try refusal(a.ledger) { try a.sign(a.m1, .memberAdmit, ["name": "Copy", "key": .string(founderKey), "class": "staff"]) }
        #expect(r.code == .keyReused && r.field == "key" && r.type == "key")  // the key rule's own type, as before
        r = try refusal(a.ledger) { try a.admit("Xan", class: "surgeon") }
        expect(r, .bylaws, field: "class", type: .memberAdmit)
        r = try refusal(a.ledger) {
            try a.sign(a.m1, .memberChange, ["member": id(ben), "tier": "sliding", "dues_amount": 4000, "from": "2025-12"])
        }
        expect(r, .tooEarly, field: "from", type: .memberChange)
        try a.sign(a.m1, .memberSuspend, ["member": id(ben), "reason": "unpaid"])
        r = try refusal(a.ledger) { try a.sign(a.m1, .roleGrant, ["member": id(ben), "role": "treasurer"]) }
        expect(r, .status, field: "member", type: .roleGrant)
        r = try refusal(a.ledger) { try a.sign(ben, .duesPay, ["member": id(ben), "amount": 1700]) }
        #expect(r.code == .unauthorized && r.author == ben.description && r.type == "dues.pay" && r.field == nil)
    }

    @Test func moneyDatesAndClosedPeriods() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        var r = try refusal(a.ledger) { try a.sign(a.m1, .duesRefund, ["member": id(ben), "amount": 100]) }
        expect(r, .balance, field: "amount", type: .duesRefund)
        r = try refusal(a.ledger) { try a.sign(a.m1, .duesPay, ["member": id(ben), "amount": 8500, "effective": "2026-02-01"]) }
        expect(r, .effectiveDate, field: "effective", type: .duesPay)
        r = try refusal(a.ledger) { try a.sign(a.m1, .booksClose, ["through": "2026-01-15"]) }
        expect(r, .tooLate, field: "through", type: .booksClose)
        a.clock.set("2026-03-01")
        try a.sign(a.m1, .booksClose, ["through": "2026-02-28"])
        r = try refusal(a.ledger) { try a.sign(a.m1, .duesPay, ["member": id(ben), "amount": 8500, "effective": "2026-02-01"]) }
        expect(r, .closedPeriod, field: "effective", type: .duesPay)
        r = try refusal(a.ledger) { try a.sign(a.m1, .booksClose, ["through": "2026-02-27"]) }
        expect(r, .closedPeriod, field: "through", type: .booksClose)
    }

    @Test func motionsAndBallots() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), sam = try a.admit("Sam", class: "supporter")
        let m = try a.propose(.resolution)
        var r = try refusal(a.ledger) { try a.vote(ben, m, "yes") }
        expect(r, .status, field: "motion", type: .ballotCast)
        r = try refusal(a.ledger) { try a.sign(a.m1, .motionSecond, ["motion": "M9"]) }
        #expect(r.code == .notFound && r.field == "motion" && r.type == "motion")  // the motion query's own type
        // The stated electorate must be the one derived at the record date.
        let s = try a.state
        let e = try s.openingElectorate(for: try s.motion(m), openIndex: s.size, openDate: a.clock.now().date)
        let stated: [String: JSONValue] = [
            "motion": .string(m.description), "electorate_hash": .string(e.hash.hex),
            "electorate_count": .integer(Int64(e.ids.count)),
        ]
        r = try refusal(a.ledger) { try a.sign(a.m1, .motionOpen, stated.merging(["electorate_count": 9]) { $1 }) }
        expect(r, .electorate, field: "electorate_count", type: .motionOpen)
        r = try refusal(a.ledger) {
            try a.sign(a.m1, .motionOpen, stated.merging(["electorate_hash": .string(SHA256.hash([1]).hex)]) { $1 })
        }
        expect(r, .electorate, field: "electorate_hash", type: .motionOpen)
        try a.sign(a.m1, .motionOpen, stated)
        r = try refusal(a.ledger) { try a.vote(sam, m, "yes") }  // supporters do not vote on resolutions
        expect(r, .notEligible, field: nil, type: .ballotCast)
        try a.vote(ben, m, "yes")
        r = try refusal(a.ledger) { try a.vote(ben, m, "yes") }
        expect(r, .duplicate, field: "choice", type: .ballotCast)
        r = try refusal(a.ledger) { try a.sign(ben, .proxyGrant, ["motion": .string(m.description), "holder": id(a.m1)]) }
        expect(r, .bylaws, field: nil, type: .proxyGrant)  // no proxies in these bylaws
        r = try refusal(a.ledger) { try a.sign(a.m1, .motionClose, try a.closeBody(m) { $0["yes"] = 5 }) }
        expect(r, .recount, field: "yes", type: .motionClose)
        let amendment = try a.propose(
            .bylawsAmendment,
            extra: [
                "bylaws_files": .object(
                    try Assembly.bylaws(note: "IX.")
                        .files.mapValues { .string($0) })
            ])
        r = try refusal(a.ledger) { try a.open(amendment) }  // fourteen days' notice
        expect(r, .tooEarly, field: nil, type: .motionOpen)
    }

    @Test func patronageYears() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "prescriber")
        try a.record(ben, "revenue", 100)
        try a.record(ben, "hours", 1)
        var r = try refusal(a.ledger) { try a.record(ben, "hours", 1, year: 1800) }
        expect(r, .field, field: "year", type: .patronageRecord)  // a state query's refusal, rethrown as the entry's
        a.clock.set("2027-01-20")
        try a.closeYear(surplus: "10.00")
        r = try refusal(a.ledger) { try a.commit() }
        expect(r, .notAuthorized, field: "year", type: .patronageCommit)  // no approval has passed
        r = try refusal(a.ledger) { try a.record(ben, "hours", 1) }
        expect(r, .patronage, field: "year", type: .patronageRecord)  // the year is closed
        #expect(r.reason.hasPrefix("fiscal year 2026 was closed at entry"))
    }

    /// `check` gives each item the refusal `append` would, at the position it would have.
    @Test func checkGivesTheSameCodesAsAppend() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        let keys = (m1: try #require(a.keys[a.m1]), ben: try #require(a.keys[ben]))
        let size = try a.state.size
        let verdicts = try a.ledger.check([
            (.note, .object(["text": "fine"]), ben, keys.ben),
            (.note, .object(["text": "hi", "colour": "blue"]), ben, keys.ben),
            (.duesPay, .object(["member": id(ben), "amount": 0]), a.m1, keys.m1),
            (.memberAdmit, .object(["name": "Line\nbreak", "key": .string(try testKey(90).publicKey.text), "class": "staff"]), a.m1, keys.m1),
        ])
        let refusals = verdicts.map { ($0 as? LedgerError)?.refusal }
        #expect(verdicts.first.map { $0 == nil } == true)
        #expect(refusals.dropFirst().map { $0?.code } == [.field, .amount, .label])
        #expect(refusals.dropFirst().map { $0?.field } == ["colour", "amount", "name"])
        #expect(refusals.dropFirst().map { $0?.index } == [size + 1, size + 1, size + 1])
        #expect(try a.state.size == size)
        try a.sign(ben, .note, ["text": "fine"])
        let appended = try #require(throws: LedgerError.self) { try a.sign(a.m1, .duesPay, ["member": id(ben), "amount": 0]) }
        #expect(appended.refusal == refusals[2])
    }
}
