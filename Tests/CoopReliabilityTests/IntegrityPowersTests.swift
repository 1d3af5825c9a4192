import Foundation
import GRDB
import Testing

/// Integrity, part 2: who may vote is judged at a record date and signed by the officer who opens
/// the vote; an officer alone can neither take over a member's key nor pay out retained
/// patronage. Each attack went through the CLI before format 2 and is refused or caught now.
@Suite("Integrity: the electorate and officers' powers, through coop")
struct IntegrityPowersTests {
    @Test func reorderingAPaymentBeforeTheProposalIsCaughtByTheElectorateTheOpenSigned() throws {
        let c = try IntegrityCoop()
        // May: Dev owes five months (more than the three the bylaws allow).
        c.time = "2026-05-10T10:00:00Z"
        let m = try c.propose("Buy a scanner")
        try c.ok(["dues", "pay", "m4", "600.00"] + c.key("ben"))  // after the proposal: too late to vote
        try c.ok(["motion", "open", m] + c.key("ada"))
        #expect(try c.electorate(m) == ["m1", "m2", "m3"])
        #expect(try c.verify().status == 0)
        // An insider moves the payment (Ben's entry) before the proposal (Ada's), same second:
        // each author's chain still holds, and the tree nodes are rewritten to match.
        try c.editFile { db in
            let rows = try Row.fetchAll(db, sql: "SELECT idx, type FROM entries WHERE type IN ('motion.propose', 'dues.pay') ORDER BY idx DESC LIMIT 2")
            let (pay, propose) = (rows[0]["idx"] as Int64, rows[1]["idx"] as Int64)
            try db.execute(sql: "UPDATE entries SET idx = -1 WHERE idx = ?", arguments: [pay])
            try db.execute(sql: "UPDATE entries SET idx = ? WHERE idx = ?", arguments: [pay, propose])
            try db.execute(sql: "UPDATE entries SET idx = ? WHERE idx = -1", arguments: [propose])
            try db.execute(sql: "DELETE FROM nodes WHERE ((idx + 1) << level) > ?", arguments: [propose])
        }
        let problems = try c.problems()
        #expect(problems.first?.contains("invalid motion.open: the entry states an electorate of 3") == true, "\(problems)")
    }

    @Test func theTreasurerCannotChooseTheElectorateAfterTheRecordDate() throws {
        let c = try IntegrityCoop()
        c.time = "2026-05-10T10:00:00Z"
        let m = try c.propose("Buy a scanner")
        // Cho's dues refunded just before the open (and paid again after); a payment for Dev,
        // five months behind, recorded after the proposal and refunded after the open.
        try c.ok(["dues", "refund", "m3", "300.00", "--reason", "error"] + c.key("ben"))
        try c.ok(["dues", "pay", "m4", "600.00"] + c.key("ben"))
        try c.ok(["motion", "open", m] + c.key("ada"))
        try c.ok(["dues", "pay", "m3", "300.00"] + c.key("ben"))
        try c.ok(["dues", "refund", "m4", "600.00", "--reason", "bounced"] + c.key("ben"))
        #expect(try c.electorate(m) == ["m1", "m2", "m3"])
        let shown = try c.ok(["motion", "show", m])
        #expect(shown.contains("record date 2026-05-10"), "\(shown)")
        #expect(shown.contains("not voting m4: 5 months of dues unpaid at the record date 2026-05-10"), "\(shown)")
        let dev = try c.refused(["vote", m, "yes"] + c.key("dev"))
        #expect(dev.contains("m4"), "\(dev)")
        try c.ok(["vote", m, "no"] + c.key("cho"))
    }

    @Test func theSecretaryAloneCannotTakeOverAMembersKey() throws {
        let c = try IntegrityCoop()
        c.time = "2026-02-01T10:00:00Z"
        let m = try c.propose("Merge with Lakeside")
        try c.ok(["motion", "open", m] + c.key("ada"))
        try c.ok(["vote", m, "no"] + c.key("cho"))
        // Ada makes a key she controls and tries to install it as Cho's.
        let hers = try c.ok(["key", "show", c.path("eve.key")])
        let alone = try c.refused(["key", "revoke", "m3", "--new-pubkey", hers, "--reason", "lost"] + c.key("ada"))
        #expect(alone.contains("second officer"), "\(alone)")
        // With Ben's countersignature the recovery starts, but Cho's own key stays in force for 7 days...
        try c.ok(
            [
                "key", "revoke", "m3", "--new-pubkey", hers, "--reason", "lost", "--countersigner", "m2",
                "--out", c.path("recovery.entry"),
            ] + c.key("ada"))
        try c.ok(["countersign", c.path("recovery.entry"), "--submit"] + c.key("ben"))
        let early = try c.refused(["vote", m, "yes"] + c.key("eve"))
        #expect(early.contains("comes into force at 2026-02-08T10:00:00Z"), "\(early)")
        // ...and once in force, the recovered key may not vote on a motion opened before it.
        c.time = "2026-02-09T10:00:00Z"
        let late = try c.refused(["vote", m, "yes"] + c.key("eve"))
        #expect(late.contains("recovered by an officer") && late.contains("may not vote on a motion opened before"), "\(late)")
        let tally = try c.ok(["motion", "tally", m, "--json"])
        #expect(tally.contains("\"no\":1") && tally.contains("\"yes\":0"), "\(tally)")
        #expect(try c.verify().status == 0)
    }

    @Test func aMemberStopsARecoveryOfTheirKeyWithTheKeyTheyStillHold() throws {
        let c = try IntegrityCoop()
        c.time = "2026-02-01T10:00:00Z"
        let hers = try c.ok(["key", "show", c.path("eve.key")])
        try c.ok(["key", "revoke", "m3", "--new-pubkey", hers, "--countersigner", "m2", "--out", c.path("recovery.entry")] + c.key("ada"))
        try c.ok(["countersign", c.path("recovery.entry"), "--submit"] + c.key("ben"))
        #expect(try c.ok(["member", "show", "m3"]).contains("recovery"))
        try c.ok(["key", "cancel-recovery", "--reason", "I have my key"] + c.key("cho"), at: "2026-02-03T10:00:00Z")
        c.time = "2026-03-01T10:00:00Z"
        #expect(try c.run(["note", "never in force"] + c.key("eve")).ok == false)
        try c.ok(["note", "still mine"] + c.key("cho"))
    }

    @Test func theTreasurerCannotPayOutRetainedPatronageOutsideRevolving() throws {
        let c = try IntegrityCoop()
        c.time = "2026-06-01T10:00:00Z"
        for (member, measure, quantity) in [
            ("m1", "revenue", "6000000"), ("m1", "hours", "1200"),
            ("m3", "revenue", "4000000"), ("m3", "hours", "800"),
        ] {
            try c.ok(["patronage", "record", member, measure, quantity, "--year", "2026"] + c.key("ben"))
        }
        c.time = "2027-01-05T10:00:00Z"
        try c.ok(["dues", "pay", "m1", "1020.00"] + c.key("ben"))
        try c.ok(["dues", "pay", "m3", "300.00"] + c.key("ben"))
        try c.ok(["patronage", "close-year", "2026", "--surplus", "10000.00"] + c.key("ben"))
        let preview = try c.ok(["patronage", "preview", "2026", "--json"])
        let hash = try #require(preview.range(of: "\"result_hash\":\"").map { String(preview[$0.upperBound...].prefix(64)) })
        let text = try c.write("approve.md", "Resolved: approve the 2026 allocation.\n")
        let m = try c.ok(
            [
                "motion", "propose", "--kind", "patronage-approval", "--year", "2026", "--result-hash", hash,
                "--title", "Patronage 2026", "--text", text,
            ] + c.key("ada"))
        try c.ok(["motion", "open", m] + c.key("ada"))
        for who in ["ada", "ben", "cho"] { try c.ok(["vote", m, "yes"] + c.key(who)) }
        try c.ok(["motion", "close", m] + c.key("ada"))
        try c.ok(["patronage", "commit", "2026"] + c.key("ben"))
        // The treasurer pays Cho's retained patronage out to her (or anyone) alone: refused. (Her
        // notice is qualified: the shipped bylaws make membership a consent, Article VI.3.)
        let why = try c.refused(["equity", "redeem", "m3", "100.00", "--component", "patronage:2026:qualified"] + c.key("ben"))
        #expect(why.contains("revolving") && why.contains("passed resolution"), "\(why)")
        let equity = try c.ok(["equity", "show", "m3", "--json"])
        #expect(!equity.contains("redemption"), "\(equity)")
    }
}
