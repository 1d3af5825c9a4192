import CoopModel
import CoopPatronage
import Testing

/// Small allocations worked by hand; the arithmetic is in the comments.
@Suite("Worked examples")
struct WorkedExampleTests {
    @Test func oneFactorLeftoverCentGoesToLargestRemainder() throws {
        // Pool $100.00 = 10000¢, no reserve. Purchases m1 1, m2 2 (total 3).
        // Quotas 10000·1/3 = 3333.33…, 10000·2/3 = 6666.66…; floors 3333 + 6666 = 9999, 1¢ left:
        // remainders 1/3 < 2/3, so m2 gets it: 3333 and 6667.
        // Cash 20%: ⌈666.6⌉ = 667, ⌈1333.4⌉ = 1334; retained 2666 and 5333.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")]), surplus: cents(10_000),
            members: [member(1, ["purchases": 1]), member(2, ["purchases": 2])])
        #expect(r.members.map(\.member) == [id(1), id(2)])
        #expect(r.members.map(\.allocation) == [cents(3333), cents(6667)])
        #expect(r.members.map(\.cash) == [cents(667), cents(1334)])
        #expect(r.members.map(\.retained) == [cents(2666), cents(5333)])
        #expect(r.members.map { $0.factors.map(\.portion) } == [[cents(3333)], [cents(6667)]])
        #expect(r.pool == cents(10_000) && r.allocated == cents(10_000) && r.reserve == .zero)
        #expect(r.cash == cents(2001) && r.retained == cents(7999))
        #expect(r.reconciles)
    }

    @Test func twoFactorsSixtyFortyWithTenPercentReserve() throws {
        // Surplus 10001¢; reserve ⌊10% × 10001⌋ = ⌊1000.1⌋ = 1000 (the odd cent stays with members);
        // pool 9001.
        // Purchases: m1 3000, m2 1000 (Q 4000); hours: m1 10, m2 30 (Q 40).
        // w1 = 0.6·3000/4000 + 0.4·10/40 = 0.45 + 0.10 = 0.55; w2 = 0.15 + 0.30 = 0.45.
        // Quotas 9001·0.55 = 4950.55, 9001·0.45 = 4050.45; floors 9000, 1¢ to m1 (.55 > .45).
        // Cash: ⌈990.2⌉ = 991, ⌈810⌉ = 810. Retained 3960, 3240.
        // m1's factors: 4951·(0.45/0.55) = 4050.81…, 4951·(0.10/0.55) = 900.18…; 1¢ left to
        // purchases (.81 > .18): 4051 + 900. m2's: 4050·(0.15/0.45) = 1350, ·(0.30/0.45) = 2700.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "60%"), ("hours", "40%")], reserve: "10%"), surplus: cents(10_001),
            members: [member(1, ["purchases": 3000, "hours": 10]), member(2, ["purchases": 1000, "hours": 30])])
        #expect(r.reserveByRate == cents(1000) && r.reserve == cents(1000))
        #expect(r.pool == cents(9001))
        #expect(r.measures.map(\.name) == ["purchases", "hours"] && r.measures.map(\.total) == [4000, 40])
        #expect(r.members.map(\.allocation) == [cents(4951), cents(4050)])
        #expect(r.members.map(\.cash) == [cents(991), cents(810)])
        #expect(r.members.map(\.retained) == [cents(3960), cents(3240)])
        #expect(r.members[0].factors.map(\.portion) == [cents(4051), cents(900)])
        #expect(r.members[1].factors.map(\.portion) == [cents(1350), cents(2700)])
        #expect(r.members[0].factors.map(\.quantity) == [3000, 10])
        #expect(r.netSurplus == r.reserve + r.allocated)
        #expect(r.reconciles)
    }

    @Test func cashPartRoundsUp() throws {
        // One member takes the whole pool of 1001¢. 20% of 1001 = 200.2 → 201; retained 800.
        let twenty = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")]), surplus: cents(1001), members: [member(1, ["purchases": 5])])
        #expect(twenty.members[0].allocation == cents(1001))
        #expect(twenty.members[0].cash == cents(201) && twenty.members[0].retained == cents(800))
        // A third: 1001/3 = 333.67 → 334; retained 667. Exactly 100%: all cash.
        let third = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], cash: "1/3"), surplus: cents(1001), members: [member(1, ["purchases": 5])])
        #expect(third.members[0].cash == cents(334) && third.members[0].retained == cents(667))
        let all = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], cash: "100%"), surplus: cents(1001), members: [member(1, ["purchases": 5])])
        #expect(all.members[0].cash == cents(1001) && all.members[0].retained == .zero)
    }

    @Test func consentDecidesWhetherTheNoticeIsQualified() throws {
        // Same split as the one-factor example: m1 3333 (retained 2666), m2 6667 (retained 5333).
        // m2 has no consent in force: still paid its cash part, its retained part is non-qualified.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")]), surplus: cents(10_000),
            members: [member(1, ["purchases": 1]), member(2, ["purchases": 2], qualified: false)])
        #expect(r.members.map(\.qualified) == [true, false])
        #expect(r.members[1].cash == cents(1334))
        #expect(r.nonQualifiedRetained == cents(5333))
        #expect(r.retained == cents(2666 + 5333))
    }

    @Test func tiesGoToTheLargerWeight() throws {
        // Pool 10¢; purchases m1 1, m2 3, m3 16 (Q 20). Quotas 0.5, 1.5, 8: floors 0 + 1 + 8 = 9.
        // m1 and m2 tie on remainder ½; m2's weight 3/20 beats m1's 1/20 although m1's id is lower.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")]), surplus: cents(10),
            members: [member(1, ["purchases": 1]), member(2, ["purchases": 3]), member(3, ["purchases": 16])])
        #expect(r.members.map(\.allocation) == [cents(0), cents(2), cents(8)])
        // m1 had patronage, so it keeps a row, with nothing in it.
        #expect(r.members[0].cash == .zero && r.members[0].belowMinimum == .zero)
    }

    @Test func equalWeightsGoByMemberIDNumerically() throws {
        // Pool 101¢ among m2, m7, m10 with 5 each: quotas 33.66… each, floors 99, 2¢ left. All
        // remainders and weights tie, so the lowest ids win: m2 and m7 (numeric order, not text:
        // "m10" < "m2" as text). Given in scrambled order; rows come back sorted.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")]), surplus: cents(101),
            members: [member(10, ["purchases": 5]), member(7, ["purchases": 5]), member(2, ["purchases": 5])])
        #expect(r.members.map(\.member) == [id(2), id(7), id(10)])
        #expect(r.members.map(\.allocation) == [cents(34), cents(34), cents(33)])
    }

    @Test func membersWithoutPatronageHaveNoRow() throws {
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "60%"), ("hours", "40%")]), surplus: cents(1000),
            members: [member(1, ["purchases": 10, "hours": 1]), member(2, [:]), member(3, ["purchases": 0, "hours": 0])])
        #expect(r.members.map(\.member) == [id(1)])
        #expect(r.members.row(for: id(2)) == nil)
        #expect(r.members.row(for: id(1))?.allocation == cents(1000))
    }

    @Test func allocationsBelowTheMinimumGoToTheReserve() throws {
        // Minimum $5.00. Pool 10000¢; purchases m1 1, m2 99, m3 5, m4 895 (Q 1000):
        // m1 10000·1/1000 = 10 < 500 → 0, moved to the reserve; m3 = 50 < 500 → moved too;
        // m2 990, m4 8950 stay. A 10% reserve on 11111¢: ⌊1111.1⌋ = 1111 → pool 10000.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], reserve: "10%", minimum: cents(500)), surplus: cents(11_111),
            members: [
                member(1, ["purchases": 1]), member(2, ["purchases": 99]),
                member(3, ["purchases": 5]), member(4, ["purchases": 895]),
            ])
        #expect(r.pool == cents(10_000))
        #expect(r.members.map(\.allocation) == [cents(0), cents(990), cents(0), cents(8950)])
        #expect(r.members.map(\.belowMinimum) == [cents(10), .zero, cents(50), .zero])
        #expect(r.members[0].cash == .zero && r.members[0].factors.map(\.portion) == [.zero])
        #expect(r.belowMinimum == cents(60))
        #expect(r.reserve == cents(1111 + 60))
        #expect(r.allocated == cents(9940))
        #expect(r.netSurplus == r.reserve + r.allocated)
        #expect(r.reconciles)
    }

    @Test func anAllocationEqualToTheMinimumIsKept() throws {
        // 10000¢ by purchases 5 : 95 → 500 and 9500; 500 is not below the $5.00 minimum.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], minimum: cents(500)), surplus: cents(10_000),
            members: [member(1, ["purchases": 5]), member(2, ["purchases": 95])])
        #expect(r.members.map(\.allocation) == [cents(500), cents(9500)])
        #expect(r.belowMinimum == .zero)
    }

    @Test func nonPatronageIncomeIsRecordedNotAllocated() throws {
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")]), surplus: cents(1000), nonPatronage: cents(50_000),
            members: [member(1, ["purchases": 1])])
        #expect(r.nonPatronageIncome == cents(50_000))
        #expect(r.allocated == cents(1000))
        // A loss year leaves it untouched too: the loss is not offset against it.
        let loss = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], loss: .carryForward), surplus: cents(-700), nonPatronage: cents(50_000),
            members: [member(1, ["purchases": 1])])
        #expect(loss.nonPatronageIncome == cents(50_000) && loss.lossCarriedForward == cents(700))
    }

    @Test func realisticMillionMemberScaleFitsExactArithmetic() throws {
        // Totals of a cooperative of a million members: purchases ≈ 2.5·10^13¢ ($250 billion),
        // hours ≈ 1.25·10^9, 60/40, pool $100 million. Checked against the plain formula
        // quotaᵢ = pool·(3·pᵢ·H + 2·hᵢ·P) / (5·P·H), floor or ceiling.
        let inputs = [
            member(1, ["purchases": 12_345_678_901_234, "hours": 600_000_001]),
            member(2, ["purchases": 12_654_321_098_767, "hours": 649_999_999]),
        ]
        let pool: Int128 = 10_000_000_000
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "60%"), ("hours", "40%")]), surplus: cents(Int64(pool)), members: inputs)
        let (p, h): (Int128, Int128) = (12_345_678_901_234 + 12_654_321_098_767, 600_000_001 + 649_999_999)
        let denominator = 5 * p * h
        for (input, row) in zip(inputs, r.members) {
            let numerator = 3 * Int128(input.quantities["purchases"]!) * h + 2 * Int128(input.quantities["hours"]!) * p
            let difference = Int128(row.allocation.cents) * denominator - pool * numerator
            #expect(difference > -denominator && difference < denominator)
        }
        #expect(r.reconciles)
    }
}

/// How one member's allocation is split across factors for the notice.
@Suite("Factor portions")
struct FactorPortionTests {
    @Test func factorTiesGoToTheLargerContributionThenRulesOrder() throws {
        // A lone member's factor contributions are the weights themselves.
        // 25/75, pool 2¢: 0.5 and 1.5, floors 0 + 1, remainders tie at ½; hours contributes
        // more, so it takes the cent: [0, 2].
        let uneven = try PatronageAllocator.allocate(
            rules: rules([("purchases", "25%"), ("hours", "75%")]), surplus: cents(2),
            members: [member(1, ["purchases": 4, "hours": 9])])
        #expect(uneven.members[0].factors.map(\.portion) == [.zero, cents(2)])
        // 50/50, pool 3¢: 1.5 and 1.5, equal contributions: rules order, purchases first: [2, 1].
        let even = try PatronageAllocator.allocate(
            rules: rules([("purchases", "50%"), ("hours", "50%")]), surplus: cents(3),
            members: [member(1, ["purchases": 4, "hours": 9])])
        #expect(even.members[0].factors.map(\.portion) == [cents(2), cents(1)])
    }

    @Test func threeFactorsCanLeaveTwoCentsToPlace() throws {
        // Thirds, lone member, pool 5¢: 1.66… each, floors 3, 2¢ left, all remainders and
        // contributions equal: rules order, so the first two measures: [2, 2, 1].
        let r = try PatronageAllocator.allocate(
            rules: rules([("a", "1/3"), ("b", "1/3"), ("c", "1/3")]), surplus: cents(5),
            members: [member(1, ["a": 1, "b": 2, "c": 3])])
        #expect(r.members[0].factors.map(\.portion) == [cents(2), cents(2), cents(1)])
    }
}
