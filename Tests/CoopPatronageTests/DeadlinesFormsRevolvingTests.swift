import CoopModel
import CoopPatronage
import Testing

/// The payment period, Form 1099-PATR rows and revolving redemptions.
@Suite("Deadlines, 1099-PATR and revolving")
struct DeadlinesFormsRevolvingTests {
    @Test(arguments: [
        ("2026-12-31", "2027-09-15"), ("2026-06-30", "2027-03-15"),
        ("2027-03-31", "2027-12-15"), ("2026-02-28", "2026-11-15"), ("2024-04-30", "2025-01-15"),
    ])
    func paymentPeriodEndsOnThe15thOfTheNinthMonthAfter(_ yearEnd: String, _ expected: String) throws {
        let end = try #require(CivilDate(yearEnd))
        #expect(PatronageDeadlines.paymentPeriodEnd(fiscalYearEnd: end) == CivilDate(expected))
    }

    @Test func form1099PATRRows() throws {
        let rows = try Form1099PATR.rows([
            PatronagePayments(member: id(5), cashPatronage: cents(600)),
            PatronagePayments(member: id(1), cashPatronage: cents(800), qualifiedNotices: cents(200)),  // box 1 = $10.00
            PatronagePayments(member: id(2), cashPatronage: cents(999)),  // $9.99: no form
            PatronagePayments(member: id(3), qualifiedNotices: cents(500), nonQualifiedRedemptions: cents(500)),  // 5 + 5
            PatronagePayments(member: id(4), cashPatronage: cents(100), backupWithholding: cents(24)),  // withheld: form
            PatronagePayments(member: id(5), qualifiedNotices: cents(400)),  // m5 adds to $10.00
            PatronagePayments(member: id(6)),
        ])
        #expect(rows.map(\.member) == [id(1), id(3), id(4), id(5)])
        #expect(rows.map(\.box1) == [cents(1000), cents(500), cents(100), cents(1000)])
        #expect(rows.map(\.box5) == [.zero, cents(500), .zero, .zero])
        #expect(rows.map(\.box4) == [.zero, .zero, cents(24), .zero])
        #expect(throws: PatronageError.negativePayment(member: id(7), field: "cash patronage")) {
            try Form1099PATR.rows([PatronagePayments(member: id(7), cashPatronage: cents(-1))])
        }
    }

    @Test func revolvingRedeemsTheYearAndAnyOlderFirst() {
        let lots = [
            EquityLot(member: id(2), year: 2020, equityClass: .qualified, amount: cents(100)),
            EquityLot(member: id(1), year: 2020, equityClass: .nonQualified, amount: cents(50)),
            EquityLot(member: id(1), year: 2021, equityClass: .qualified, amount: cents(70)),
            EquityLot(member: id(1), year: 2020, equityClass: .nonQualified, amount: cents(25)),  // same key: 75
            EquityLot(member: id(3), year: 2019, equityClass: .qualified, amount: cents(10)),  // older: first
            EquityLot(member: id(3), year: 2020, equityClass: .qualified, amount: cents(-5)),  // a loss charge stays
            EquityLot(member: id(4), year: 2020, equityClass: .qualified, amount: .zero),  // dropped
        ]
        let r = RevolvingPlan.redeem(lots: lots, year: 2020)
        #expect(
            r.redeemed == [
                EquityLot(member: id(3), year: 2019, equityClass: .qualified, amount: cents(10)),
                EquityLot(member: id(1), year: 2020, equityClass: .nonQualified, amount: cents(75)),
                EquityLot(member: id(2), year: 2020, equityClass: .qualified, amount: cents(100)),
            ])
        #expect(
            r.remaining == [
                EquityLot(member: id(3), year: 2020, equityClass: .qualified, amount: cents(-5)),
                EquityLot(member: id(1), year: 2021, equityClass: .qualified, amount: cents(70)),
            ])
        #expect(r.total == cents(185) && r.nonQualifiedTotal == cents(75))
        #expect(RevolvingPlan.redeem(lots: lots, year: 2018).redeemed.isEmpty)
    }
}
