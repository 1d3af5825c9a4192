import CoopBylaws
import CoopCanonicalJSON
import CoopLedger
import CoopModel
import GRDB
import Testing

/// An insider edits the SQLite file of a cooperative that votes and keeps books, holding
/// members' keys where the attack needs them; `verify` must name the entry each time.
@Suite("Tampering with ballots, closes, dates and money entries")
struct GovernanceTamperTests {
    /// A vote in progress on M1 (no window): Ben votes no, then changes to yes; Cho votes no; Ada yes.
    struct Meeting {
        let a: Assembly
        let motion: MotionID
        /// Ben's first ballot, replaced by his second.
        let superseded: StoredEntry
        let chosBallot: StoredEntry
    }

    static func meeting() throws -> Meeting {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let m = try a.propose(.resolution, "Adopt the budget")
        try a.open(m)
        let first = try a.vote(ben, m, "no")
        try a.vote(ben, m, "yes")
        let chos = try a.vote(cho, m, "no")
        try a.vote(a.m1, m, "yes")
        let clean = try a.verify()
        #expect(clean.ok, "\(clean.summary)")
        return Meeting(a: a, motion: m, superseded: first, chosBallot: chos)
    }

    @Test func aReplayedBallotIsNamed() throws {
        let meeting = try Self.meeting()
        let a = meeting.a
        let n = try a.state.size
        // Ben's superseded "no", copied byte for byte to the tail so it counts again. Verify reads
        // only the bytes; the row's seq column (unique per author) is given any free value.
        try editBehindCoopsBack(a.path) { db in
            try db.execute(
                sql: """
                    INSERT INTO entries (idx, ledger_time, statement, signatures, author, seq, type, time)
                    SELECT ?, ledger_time, statement, signatures, author, seq + 1000000, type, time FROM entries WHERE idx = ?
                    """, arguments: [Int64(n), Int64(meeting.superseded.index)])
        }
        #expect(try a.stored(n) == meeting.superseded.entry)
        let report = try a.verify()
        #expect(report.namedIndices == [n], "\(report.summary)")
        #expect(report.messages(n).contains("already used"), "\(report.summary)")
    }

    @Test func anEntryWhoseLedgerTimeGoesBackwardsIsNamed() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        a.clock.set("2026-03-01")
        try a.sign(a.m1, .duesPay, ["member": .string(ben.description), "amount": .integer(8_500)])
        // The treasurer's next entry (right seq and prev, real key), stamped by the insider with
        // a ledger time back in January: ledger time never goes backwards over the whole log.
        let backdated = try a.forge(
            a.m1, .duesPay, ["member": .string(ben.description), "amount": .integer(8_500)],
            time: try #require(Timestamp("2026-01-20T09:00:00Z")))
        let n = try a.state.size
        try a.insert([backdated], at: n)
        let report = try a.verify()
        #expect(report.namedIndices == [n], "\(report.summary)")
        #expect(report.messages(n).contains("ledger time") && report.messages(n).contains("2026-01-20T09:00:00Z"), "\(report.summary)")
    }

    @Test func anEntryClaimingATimeAfterItsLedgerTimeIsNamed() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        // A payment that claims to be from next year, logged now: claims decide nothing, but a
        // claim in the future means a wrong clock or a lie, and is refused.
        let future = try a.forge(
            a.m1, .duesPay, ["member": .string(ben.description), "amount": .integer(8_500)],
            time: try #require(Timestamp("9999-12-31T23:59:59Z")), ledgerTime: a.clock.now())
        let n = try a.state.size
        try a.insert([future], at: n)
        let report = try a.verify()
        #expect(report.namedIndices == [n], "\(report.summary)")
        #expect(report.messages(n).contains("later than the ledger time"), "\(report.summary)")
    }

    @Test func aBallotCastAfterTheVotingWindowAndSlippedInBeforeTheCloseIsNamed() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let m = try a.propose(.resolution, extra: ["closes": "2026-01-20T12:00:00Z"])
        try a.open(m)
        try a.vote(a.m1, m, "yes")
        try a.vote(ben, m, "no")
        a.clock.set("2026-01-21")
        let close = try a.sign(a.m1, .motionClose, try a.closeBody(m))
        // Cho signs on the 21st, after the window; the insider moves the close down one row.
        let late = try a.forge(
            cho, .ballotCast, ["motion": .string(m.description), "choice": "yes"],
            time: try #require(Timestamp("2026-01-21T09:00:00Z")))
        try a.rewriteTail(from: close.index, with: [late, close.entry])
        let report = try a.verify()
        #expect(report.namedIndices == [close.index], "\(report.summary)")
        #expect(report.messages(close.index).contains("too late"), "\(report.summary)")
    }

    /// M1 has no window, so Ada's close ends the vote; Ada 'no' and Cho 'yes' fail 1 to 1. Ben's
    /// 'yes', stamped with ledger time `ballotTime`, is slipped in before the close, and the close
    /// re-signed with Ada's key, same seq, prev and ledger time, recording the recount that
    /// includes it (now passed).
    static func ballotSlippedInBeforeAnOpenEndedClose(ballotTime: String) throws -> (VerificationReport, ballotIndex: UInt64) {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let m = try a.propose(.resolution)
        try a.open(m)
        try a.vote(a.m1, m, "no")
        try a.vote(cho, m, "yes")
        a.clock.set("2026-01-16")
        let before = try a.state
        let close = try a.sign(a.m1, .motionClose, try a.closeBody(m))
        #expect(try a.state.motion(m).outcome?.passed == false)
        let ballot = try a.forge(
            ben, .ballotCast, ["motion": .string(m.description), "choice": "yes"],
            time: try #require(Timestamp(ballotTime)), on: before)
        var counted = before
        try counted.apply(try ballot.decode(), index: counted.size, catalog: .cooperative)
        let recount = try counted.closeBody(for: try counted.motion(m))
        #expect(recount.decision.passed)
        let reclose = try a.forge(a.m1, .motionClose, try recount.body.object(), time: close.entry.ledgerTime, on: before)
        try a.rewriteTail(from: close.index, with: [ballot, reclose])
        return (try a.verify(), close.index)
    }

    @Test func aBallotLoggedAfterTheCloseThatCountsItIsNamed() throws {
        // The same rewrite with a ballot whose ledger time is before the close's is a consistent
        // ledger: the operator's clock is the operator's word (witnesses bound it, SECURITY.md).
        let (consistent, _) = try Self.ballotSlippedInBeforeAnOpenEndedClose(ballotTime: "2026-01-16T11:00:00Z")
        #expect(consistent.ok, "\(consistent.summary)")
        // Logged after the close but moved before it: ledger time goes backwards at the close.
        let (report, k) = try Self.ballotSlippedInBeforeAnOpenEndedClose(ballotTime: "2026-01-16T15:00:00Z")
        #expect(report.namedIndices == [k + 1], "\(report.summary)")
        let why = report.messages(k + 1)
        #expect(why.contains("2026-01-16T15:00:00Z") && why.contains("ledger time"), "\(why)")
    }

    @Test func aBallotWhoseChoiceIsEditedInPlaceIsNamed() throws {
        let meeting = try Self.meeting()
        let chosNo = meeting.chosBallot.index
        let close = try meeting.a.sign(meeting.a.m1, .motionClose, try meeting.a.closeBody(meeting.motion))
        try editBehindCoopsBack(meeting.a.path) { db in
            try db.execute(
                sql: """
                    UPDATE entries SET statement = CAST(REPLACE(CAST(statement AS TEXT), '"choice":"no"', '"choice":"yes"') AS BLOB)
                    WHERE idx = ?
                    """, arguments: [Int64(chosNo)])
        }
        #expect(String(decoding: try meeting.a.stored(chosNo).statementBytes, as: UTF8.self).contains("\"choice\":\"yes\""))
        let report = try meeting.a.verify()
        #expect(report.messages(chosNo).contains("signature"), "\(report.summary)")
        // Without Cho's ballot the close no longer matches the ballots left: named too.
        #expect(report.messages(close.index).contains("not what its ballots give"), "\(report.summary)")
        #expect(Set(report.namedIndices) == [chosNo, close.index], "\(report.summary)")
    }

    /// Ways to falsify the close's record: each edits the body the ballots call for.
    static let falseRecords: [String] = ["counts swapped", "outcome flipped", "electorate inflated", "abstentions dropped"]

    static func falsify(_ body: inout [String: JSONValue], _ how: String) {
        func int(_ key: String) -> Int64 { if case let .integer(n)? = body[key] { return n } else { return -1 } }
        switch how {
        case "counts swapped": (body["yes"], body["no"]) = (body["no"], body["yes"])
        case "outcome flipped": body["passed"] = .bool(body["passed"] != .bool(true))
        case "electorate inflated": body["electorate"] = .integer(int("electorate") + 1)
        default: body["abstain"] = nil
        }
    }

    @Test(arguments: falseRecords)
    func aCloseForgedWithTheSecretarysKeyIsNamed(how: String) throws {
        let meeting = try Self.meeting()
        let a = meeting.a
        var body = try a.closeBody(meeting.motion)
        let honest = body
        Self.falsify(&body, how)
        #expect(body != honest)
        let forged = try a.forge(a.m1, .motionClose, body, time: a.clock.now())
        let n = try a.state.size
        try a.insert([forged], at: n)
        let report = try a.verify()
        #expect(report.namedIndices == [n], "\(report.summary)")
        #expect(report.messages(n).contains("not what its ballots give"), "\(report.summary)")
    }

    @Test(arguments: [EntryType.duesPay, .equityShare])
    func aMoneyEntryByAMemberWhoIsNotTreasurerIsNamed(type: EntryType) throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        // Ben records a payment for himself with his own key, correctly chained.
        let forged = try a.forge(ben, type, ["member": .string(ben.description), "amount": .integer(5_000)], time: a.clock.now())
        let n = try a.state.size
        try a.insert([forged], at: n)
        let report = try a.verify()
        #expect(report.namedIndices == [n], "\(report.summary)")
        #expect(
            report.messages(n).contains("may not author \(type.rawValue)") && report.messages(n).contains("treasurer"),
            "\(report.summary)")
    }
}
