import Foundation
import Testing

/// Integrity, part 1: the ledger's own time decides every deadline and date; an author's claimed
/// time is a claim. Each attack went through the CLI before format 2 and is refused now.
@Suite("Integrity: ledger time, through coop")
struct IntegrityTimeTests {
    /// A resolution whose vote closes on 2026-02-20, opened on 2026-02-02.
    static func windowedVote(_ c: IntegrityCoop) throws -> String {
        c.time = "2026-02-01T10:00:00Z"
        let m = try c.propose("Adopt the budget", extra: ["--closes", "2026-02-20T00:00:00Z"])
        c.time = "2026-02-02T10:00:00Z"
        try c.ok(["motion", "open", m] + c.key("ada"))
        return m
    }

    @Test func aBallotSignedWithTheClockSetBackIsTooLateWhenItReachesTheLedger() throws {
        let c = try IntegrityCoop()
        let m = try Self.windowedVote(c)
        // Ben signs on March 15th with his clock set to the evening before the deadline.
        try c.ok(["vote", m, "yes", "--out", c.path("late.ballot")] + c.key("ben"), at: "2026-02-19T23:59:00Z")
        let why = try c.refused(["submit", c.path("late.ballot")], at: "2026-03-15T10:00:00Z")
        #expect(why.contains("voting on \(m) ended at 2026-02-20T00:00:00Z") && why.contains("too late"), "\(why)")
        // The same ballot submitted in time counts: the claim (the evening of the 19th) was never the problem.
        try c.ok(["submit", c.path("late.ballot")], at: "2026-02-19T23:59:30Z")
        #expect(try c.verify().status == 0)
    }

    @Test func aCloseDatedAtTheWindowsEndCannotEndTheVoteEarly() throws {
        let c = try IntegrityCoop()
        let m = try Self.windowedVote(c)
        try c.ok(["vote", m, "yes"] + c.key("ben"), at: "2026-02-05T10:00:00Z")
        // The secretary signs the close claiming the end of the window, and hands it in on the 10th.
        try c.ok(["motion", "close", m, "--out", c.path("close.entry")] + c.key("ada"), at: "2026-02-20T00:00:00Z")
        let why = try c.refused(["submit", c.path("close.entry")], at: "2026-02-10T10:00:00Z")
        #expect(why.contains("claims 2026-02-20T00:00:00Z, later than the ledger time 2026-02-10T10:00:00Z"), "\(why)")
        // Signed honestly on the 10th, it is refused for what it is: early.
        let early = try c.refused(["motion", "close", m] + c.key("ada"), at: "2026-02-10T10:00:00Z")
        #expect(early.contains("runs until 2026-02-20T00:00:00Z"), "\(early)")
        try c.ok(["motion", "close", m] + c.key("ada"), at: "2026-02-20T00:00:00Z")
    }

    @Test func aBallotDatedInTheYear9999CannotFreezeAnOpenEndedVote() throws {
        let c = try IntegrityCoop()
        c.time = "2026-02-01T10:00:00Z"
        let m = try c.propose("Extend opening hours")
        try c.ok(["motion", "open", m] + c.key("ada"))
        try c.ok(["vote", m, "no", "--out", c.path("far.ballot")] + c.key("cho"), at: "9999-12-31T00:00:00Z")
        let why = try c.refused(["submit", c.path("far.ballot")], at: "2026-02-03T10:00:00Z")
        #expect(why.contains("claims 9999-12-31T00:00:00Z, later than the ledger time"), "\(why)")
        try c.ok(["vote", m, "yes"] + c.key("ben"), at: "2026-02-03T11:00:00Z")
        // The secretary closes at the ledger's own time, and the secretary's chain is not stuck in 9999.
        let closed = try c.ok(["motion", "close", m] + c.key("ada"), at: "2026-02-04T10:00:00Z")
        #expect(closed.contains("closed; passes"), "\(closed)")
        try c.ok(["note", "Minutes kept."] + c.key("ada"), at: "2026-02-04T10:05:00Z")
        #expect(try c.verify().status == 0)
    }

    @Test func aPastPaymentKeepsItsOwnDateAndNothingIsClampedSilently() throws {
        let c = try IntegrityCoop()
        c.time = "2027-01-16T10:00:00Z"
        try c.ok(["note", "January's meeting."] + c.key("ada"))
        // A check dated December 28th found in January: entered with its effective date.
        try c.ok(["dues", "pay", "m4", "120.00", "--effective", "2026-12-28", "--ref", "CHK-88"] + c.key("ben"))
        let statement = try c.ok(["dues", "statement", "m4", "--json"])
        #expect(statement.contains("\"date\":\"2026-12-28\""), "\(statement)")
        #expect(try c.ok(["dues", "statement", "m4", "--as-of", "2026-12-31", "--json"]).contains("\"credited_cents\":12000"))
        // A clock set back to the check's date is refused, not bent into the ledger's last time.
        let behind = try c.refused(["dues", "pay", "m4", "120.00"] + c.key("ben"), at: "2026-12-28T10:00:00Z")
        #expect(behind.contains("set this machine's clock right") && behind.contains("nothing was written"), "\(behind)")
        // Nothing takes effect before the member was admitted, or in the future.
        let early = try c.refused(["dues", "pay", "m4", "120.00", "--effective", "2026-01-02"] + c.key("ben"))
        #expect(early.contains("before m4 was admitted (2026-01-15)"), "\(early)")
        let future = try c.refused(["dues", "pay", "m4", "120.00", "--effective", "2027-02-01"] + c.key("ben"))
        #expect(future.contains("after this entry's ledger date"), "\(future)")
        // Once the treasurer closes 2026, no record may be dated into it.
        try c.ok(["books", "close", "--through", "2026-12-31"] + c.key("ben"))
        let closed = try c.refused(["dues", "pay", "m4", "120.00", "--effective", "2026-12-30"] + c.key("ben"))
        #expect(closed.contains("the books are closed through 2026-12-31"), "\(closed)")
        #expect(try c.verify().status == 0)
    }
}
