import CoopBylaws
import CoopCanonicalJSON
import CoopLedger
import CoopModel
import Foundation
import Testing

@Suite("Equity: shares, instalments, leaving, reconciliation")
struct EquityTests {
    func share(_ coop: RulesCoop, _ member: MemberID, _ cents: Int64) throws {
        try coop.officer(.equityShare, ["member": .string(member.description), "amount": .integer(cents)])
    }

    @Test func sharesArePaidAtOnceOrInInstalmentsNeverBeyondThePrice() throws {
        var coop = try RulesCoop()
        let ben = try coop.admit("Ben", class: "prescriber")
        try share(coop, ben, 5000)  // one instalment of $50.00
        #expect(throws: LedgerError.self) { try share(coop, ben, 4999) }  // less than an instalment
        try share(coop, ben, 40000)  // eight more at once
        #expect(throws: LedgerError.self) { try share(coop, ben, 5001) }  // beyond the price
        try share(coop, ben, 5000)  // the last
        let account = try #require(try coop.ledger.state().registers.equity[ben])
        #expect(account.balance(.share) == Money("500.00"))
        #expect(throws: LedgerError.self) { try share(coop, ben, 5000) }  // paid in full
        let dev = try coop.admit("Dev", class: "supporter")
        #expect(throws: LedgerError.self) { try share(coop, dev, 5000) }  // supporters buy none
    }

    @Test func theShareIsRedeemedOnlyAfterLeavingAndTotalsReconcile() throws {
        var coop = try RulesCoop()
        let ben = try coop.admit("Ben", class: "prescriber")
        let cho = try coop.admit("Cho", class: "therapist")
        try share(coop, ben, 50000)
        try share(coop, cho, 10000)
        let redeem: [String: JSONValue] = ["member": .string(ben.description), "component": .string("share"), "amount": .integer(50000)]
        #expect(throws: LedgerError.self) { try coop.officer(.equityRedeem, redeem) }
        try coop.officer(.memberWithdraw, ["member": .string(ben.description), "reason": .string("moving away")])
        try coop.officer(.equityRedeem, redeem)
        let state = try coop.ledger.state()
        #expect(state.registers.equity[ben]?.total == .zero)
        #expect(state.registers.equity[cho]?.total == Money("100.00"))
        #expect(state.registers.totalEquity == Money("100.00"))
        #expect(state.registers.totalEquity == state.registers.equity.values.map(\.total).sum() + state.registers.reserve.balance)
    }

    @Test func bylawsCanSendTheShareToTheReserveOnExpulsion() throws {
        var files = try BylawsFilesFixture.shipped()
        files.files["rules.yaml"] = files.files["rules.yaml"]?.replacingOccurrences(of: "on_expulsion: refund", with: "on_expulsion: reserve")
        var coop = try RulesCoop(bylaws: files)
        let ben = try coop.admit("Ben", class: "prescriber")
        try share(coop, ben, 20000)
        try coop.officer(.memberExpel, ["member": .string(ben.description), "reason": .string("cause")])
        let state = try coop.ledger.state()
        #expect(state.registers.equity[ben]?.balance(.share) == .zero)
        #expect(state.registers.reserve.balance == Money("200.00"))
        #expect(state.members[ben]?.status == .expelled)
    }

    @Test func registersSurviveSnapshotsAndReplay() throws {
        var coop = try RulesCoop()
        let ben = try coop.admit("Ben", class: "prescriber")
        try share(coop, ben, 5000)
        try coop.pay(ben, "120.00")
        let state = try coop.ledger.state()
        let restored = try LedgerState(snapshotBytes: try state.canonicalBytes())
        #expect(restored == state)
        #expect(try restored.canonicalBytes() == state.canonicalBytes())
        #expect(try Verifier().verify(coop.ledger.store).ok)
    }
}

@Suite("Equity: voiding a share payment recorded by mistake")
struct EquityVoidTests {
    @Test func aSharePaymentEnteredTwiceIsVoidedOnceAndTheControlTotalFollows() throws {
        var coop = try RulesCoop()
        let ben = try coop.admit("Ben", class: "prescriber")
        coop.clock.set("2026-02-01")
        let share = ["member": JSONValue.string(ben.description), "amount": .integer(5_000)]
        try coop.officer(.equityShare, share)
        let twice = try coop.officer(.equityShare, share)
        #expect(try coop.ledger.state().registers.equity[ben]?.sharePaidIn == Money("100.00"))
        let void = try coop.officer(.equityVoid, ["entry": .integer(Int64(twice.index)), "reason": .string("entered twice")])
        let state = try coop.ledger.state()
        #expect(state.registers.equity[ben]?.sharePaidIn == Money("50.00"))
        #expect(state.registers.equity[ben]?.balance(.share) == Money("50.00"))
        #expect(state.registers.memberEquity == Money("50.00"))
        #expect(state.registers.equity[ben]?.movements.last?.voids == twice.index)
        for (entry, code) in [(twice.index, EntryRefusal.Code.duplicate), (void.index, .notFound), (0, .notFound)] {
            let error = try #require(throws: LedgerError.self) {
                try coop.officer(.equityVoid, ["entry": .integer(Int64(entry)), "reason": .string("again")])
            }
            #expect(error.refusal?.code == code && error.refusal?.field == "entry", "\(error)")
        }
        // The instalment rule counts what is paid in after the void.
        try coop.officer(.equityShare, share)
        #expect(try coop.ledger.state().registers.equity[ben]?.sharePaidIn == Money("100.00"))
        #expect(try Verifier(catalog: .cooperative).verify(coop.ledger.store).ok)
    }
}
