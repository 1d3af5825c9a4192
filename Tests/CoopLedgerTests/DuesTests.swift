import CoopBylaws
import CoopCanonicalJSON
import CoopLedger
import CoopModel
import Testing

@Suite("Dues: accrual, payments, arrears and good standing")
struct DuesTests {
    @Test func duesAccrueMonthlyFromAdmissionAcrossTheYearEnd() throws {
        var coop = try RulesCoop()
        coop.clock.set("2026-11-03")
        let dev = try coop.admit("Dev", class: "supporter")  // $17.00 a month from November
        let p = try coop.position(dev, "2027-02")
        #expect(p.charges.map(\.month.description) == ["2026-11", "2026-12", "2027-01", "2027-02"])
        #expect(p.charged == Money("68.00"))  // 4 × 17.00
        #expect(p.balance == Money("68.00"))
        #expect(p.paidThrough == nil)
        #expect(p.monthsInArrears == 4 && !p.goodStanding)  // more than 3 months behind
        #expect(try coop.position(dev, "2027-01").goodStanding)  // exactly 3: still in good standing
        #expect(try coop.position(dev, "2026-10").charges.isEmpty)  // before admission nothing accrues
    }

    @Test func paymentsApplyToTheOldestOpenMonthsFirstIncludingPartialOnes() throws {
        var coop = try RulesCoop()
        coop.clock.set("2026-02-01")
        let cho = try coop.admit("Cho", class: "therapist")  // clinician: $85.00
        try coop.pay(cho, "100.00", on: "2026-04-10")
        var p = try coop.position(cho, "2026-04")
        #expect(p.charged == Money("255.00") && p.credited == Money("100.00") && p.balance == Money("155.00"))
        #expect(p.paidThrough == YearMonth("2026-02"))  // 85 covers Feb, 15 left toward March
        #expect(p.monthsInArrears == 2)
        try coop.pay(cho, "70.00")  // 15 + 70 = March paid
        p = try coop.position(cho, "2026-04")
        #expect(p.paidThrough == YearMonth("2026-03") && p.monthsInArrears == 1)
        try coop.pay(cho, "170.00")  // April and May paid ahead
        p = try coop.position(cho, "2026-04")
        #expect(p.balance == Money("-85.00") && p.monthsInArrears == 0 && p.paidThrough == YearMonth("2026-04"))
    }

    @Test func tierChangesTakeEffectFromTheirMonth() throws {
        var coop = try RulesCoop()
        coop.clock.set("2026-03-20")
        let eve = try coop.admit("Eve", class: "staff")  // staff: $25.00
        coop.clock.set("2026-05-02")
        try coop.officer(
            .memberChange,
            [
                "member": .string(eve.description), "tier": .string("sliding"),
                "dues_amount": .integer(4000), "from": .string("2026-06"),
            ])
        let p = try coop.position(eve, "2026-07")
        #expect(p.charges.map(\.amount.description) == ["25.00", "25.00", "25.00", "40.00", "40.00"])
        #expect(p.charges.map(\.tier) == ["staff", "staff", "staff", "sliding", "sliding"])
        #expect(try coop.ledger.state().members[eve]?.tier == "sliding")
        // Outside the sliding range, and a tier closed to the class, are refused.
        #expect(throws: LedgerError.self) {
            try coop.officer(.memberChange, ["member": .string(eve.description), "dues_amount": .integer(9000), "from": .string("2026-08")])
        }
        #expect(throws: LedgerError.self) {
            try coop.officer(.memberChange, ["member": .string(eve.description), "tier": .string("prescriber"), "from": .string("2026-08")])
        }
    }

    @Test func waiversCountAsCreditAndRefundsCannotExceedIt() throws {
        var coop = try RulesCoop()
        let dev = try coop.admit("Dev", class: "supporter")
        coop.clock.set("2026-03-01")
        try coop.officer(.duesWaive, ["member": .string(dev.description), "amount": .integer(3400), "reason": .string("hardship")])
        #expect(try coop.position(dev, "2026-03").paidThrough == YearMonth("2026-02"))
        try coop.pay(dev, "17.00")
        try coop.officer(.duesRefund, ["member": .string(dev.description), "amount": .integer(1700), "reason": .string("paid twice")])
        #expect(try coop.position(dev, "2026-03").balance == Money("17.00"))
        #expect(throws: LedgerError.self) {
            try coop.officer(.duesRefund, ["member": .string(dev.description), "amount": .integer(3500)])
        }
        #expect(throws: LedgerError.self) {  // a waiver says why
            try coop.officer(.duesWaive, ["member": .string(dev.description), "amount": .integer(100)])
        }
    }

    @Test(arguments: [
        (["amount": JSONValue.integer(0)], EntryRefusal.Code.amount, "amount"),
        (["amount": JSONValue.integer(-1700)], .amount, "amount"),
        (["amount": JSONValue.string("17.00")], .field, "amount"),
        (["amount": JSONValue.integer(1700), "member": JSONValue.string("m99")], .notFound, "member"),
        (["amount": JSONValue.integer(1700), "period": JSONValue.string("2025-12")], .tooEarly, "period"),
    ])
    func badPaymentsAreRefusedAndWriteNothing(_ fields: [String: JSONValue], _ code: EntryRefusal.Code, _ field: String) throws {
        var coop = try RulesCoop()
        let dev = try coop.admit("Dev", class: "supporter")
        let size = try coop.ledger.state().size
        let body = ["member": JSONValue.string(dev.description)].merging(fields) { $1 }
        let error = try #require(throws: LedgerError.self) { try coop.officer(.duesPay, body) }
        #expect(error.refusal?.code == code && error.refusal?.field == field, "\(error)")
        #expect(error.refusal?.index == size)
        #expect(try coop.ledger.state().size == size)
    }

    @Test func onlyTheTreasurerRecordsDuesAndWithdrawnMembersPayNoMore() throws {
        var coop = try RulesCoop()
        let dev = try coop.admit("Dev", class: "supporter")
        let key = try #require(coop.keys[dev])
        let error = try #require(throws: LedgerError.self) {
            try coop.ledger.append(type: .duesPay, body: .object(["member": .string(dev.description), "amount": .integer(1700)]), author: dev, key: key)
        }
        #expect(error.refusal?.code == .unauthorized && error.refusal?.author == dev.description)
        #expect(error.refusal?.reason.contains("treasurer") == true)
        coop.clock.set("2026-04-10")
        try coop.ledger.append(type: .memberWithdraw, body: .object(["member": .string(dev.description)]), author: dev, key: key)
        #expect(try coop.position(dev, "2026-12").charges.last?.month == YearMonth("2026-04"))  // accrual stops
        #expect(throws: LedgerError.self) { try coop.pay(dev, "17.00") }
        #expect(!(try coop.ledger.state().inGoodStanding(dev, asOf: YearMonth("2026-04")!)))
    }

    @Test func admissionChecksClassTierAndSlidingAmountAgainstTheBylaws() throws {
        var coop = try RulesCoop()
        #expect(throws: LedgerError.self) { try coop.admit("X", class: "surgeon") }
        #expect(throws: LedgerError.self) { try coop.admit("X", class: "supporter", tier: "clinician") }
        #expect(throws: LedgerError.self) { try coop.admit("X", class: "therapist", tier: "sliding") }  // needs an amount
        #expect(throws: LedgerError.self) { try coop.admit("X", class: "therapist", tier: "sliding", own: "12.00") }
        let ok = try coop.admit("Fay", class: "therapist", tier: "sliding", own: "30.00")
        #expect(try coop.position(ok, "2026-01").charged == Money("30.00"))
    }
}

@Suite("Dues: voiding a movement recorded by mistake")
struct DuesVoidTests {
    @Test func aPaymentEnteredTwiceIsVoidedExactlyOnceAndVerifies() throws {
        var coop = try RulesCoop()
        coop.clock.set("2026-02-01")
        let cho = try coop.admit("Cho", class: "therapist")  // $85.00 a month
        try coop.pay(cho, "85.00")
        let twice = try coop.pay(cho, "85.00")
        #expect(try coop.position(cho, "2026-03").paidThrough == YearMonth("2026-03"))
        coop.clock.set("2026-03-05")
        let void = try coop.officer(.duesVoid, ["entry": .integer(Int64(twice.index)), "reason": .string("entered twice")])
        let p = try coop.position(cho, "2026-03")
        #expect(p.credited == Money("85.00") && p.paidThrough == YearMonth("2026-02"))
        let movements = try #require(try coop.ledger.state().registers.dues[cho]?.movements)
        let last = try #require(movements.last)
        #expect(last.kind == .void && last.voids == twice.index && last.index == void.index && last.reverses == .payment)
        #expect(last.date == CivilDate("2026-02-01"))  // as of the voided payment's own date
        // Once only; a void is not voided; a non-dues entry is not a dues movement.
        for (entry, code) in [(twice.index, EntryRefusal.Code.duplicate), (void.index, .field), (0, .notFound)] {
            let error = try #require(throws: LedgerError.self) {
                try coop.officer(.duesVoid, ["entry": .integer(Int64(entry)), "reason": .string("again")])
            }
            #expect(error.refusal?.code == code && error.refusal?.field == "entry", "\(error)")
        }
        #expect(try Verifier(catalog: .cooperative).verify(coop.ledger.store).ok)
    }

    @Test func aRefundIsVoidedBackAndAPaymentCannotBeVoidedBelowWhatWasRefunded() throws {
        var coop = try RulesCoop()
        let dev = try coop.admit("Dev", class: "supporter")
        coop.clock.set("2026-03-01")
        let payment = try coop.pay(dev, "17.00")
        let refund = try coop.officer(.duesRefund, ["member": .string(dev.description), "amount": .integer(1700)])
        let error = try #require(throws: LedgerError.self) {
            try coop.officer(.duesVoid, ["entry": .integer(Int64(payment.index)), "reason": .string("bounced")])
        }
        #expect(error.refusal?.code == .balance)
        try coop.officer(.duesVoid, ["entry": .integer(Int64(refund.index)), "reason": .string("refund not sent")])
        #expect(try coop.position(dev, "2026-03").credited == Money("17.00"))
        try coop.officer(.duesVoid, ["entry": .integer(Int64(payment.index)), "reason": .string("bounced")])
        #expect(try coop.position(dev, "2026-03").credited == .zero)
        #expect(try Verifier(catalog: .cooperative).verify(coop.ledger.store).ok)
    }

    @Test func onlyTheOfficerWhoRecordsItVoidsItAndNeverInsideClosedBooks() throws {
        var coop = try RulesCoop()
        let dev = try coop.admit("Dev", class: "supporter")
        coop.clock.set("2026-03-01")
        let payment = try coop.pay(dev, "17.00")
        let key = try #require(coop.keys[dev])
        let body = JSONValue.object(["entry": .integer(Int64(payment.index)), "reason": .string("mine")])
        let unauthorized = try #require(throws: LedgerError.self) { try coop.ledger.append(type: .duesVoid, body: body, author: dev, key: key) }
        #expect(unauthorized.refusal?.code == .unauthorized)
        coop.clock.set("2026-04-02")
        try coop.officer(.booksClose, ["through": .string("2026-03-31")])
        let closed = try #require(throws: LedgerError.self) {
            try coop.officer(.duesVoid, ["entry": .integer(Int64(payment.index)), "reason": .string("late")])
        }
        #expect(closed.refusal?.code == .closedPeriod)
        #expect(closed.refusal?.reason.contains("record the opposite movement") == true)
    }
}
