import CoopModel
import CoopPatronage
import Testing

/// Loss years under each policy, and losses carried between years.
@Suite("Losses and carried losses")
struct LossAndCarryTests {
    let members = [member(1, ["purchases": 1]), member(2, ["purchases": 2])]

    @Test func lossToReserve() throws {
        // −$10.00: the reserve absorbs 1000¢; nobody is charged, nothing is carried.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], loss: .reserve), surplus: cents(-1000), members: members)
        #expect(r.loss == cents(1000) && r.lossToReserve == cents(1000))
        #expect(r.lossToCapitalAccounts == .zero && r.lossCarriedForward == .zero && r.carriedLossOut == .zero)
        #expect(r.members.isEmpty && r.allocated == .zero && r.reserve == .zero && r.pool == .zero)
        #expect(r.reconciles)
    }

    @Test func lossToCapitalAccounts() throws {
        // 1000¢ by purchases 1 : 2: 333.33… and 666.66…; floors 333 + 666 = 999, the last cent
        // to m2 (remainder ⅔ > ⅓): charges −333 and −667, all retained (no cash), sum −1000.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], minimum: cents(500), loss: .capitalAccounts), surplus: cents(-1000),
            members: members)
        #expect(r.members.map(\.allocation) == [cents(-333), cents(-667)])
        #expect(r.members.map(\.cash) == [.zero, .zero])
        #expect(r.members.map(\.retained) == [cents(-333), cents(-667)])
        #expect(r.members.map { $0.factors.map(\.portion) } == [[cents(-333)], [cents(-667)]])
        // The minimum allocation waives no charge: −333 is kept although 333 < 500.
        #expect(r.belowMinimum == .zero)
        #expect(r.allocated == cents(-1000) && r.lossToCapitalAccounts == cents(1000))
        #expect(r.reconciles)
    }

    @Test func lossCarriedForward() throws {
        // 250¢ already carried, plus this year's 1000¢ loss: 1250¢ carried out.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], loss: .carryForward), surplus: cents(-1000), carriedLoss: cents(250),
            members: members)
        #expect(r.lossCarriedForward == cents(1000))
        #expect(r.carriedLossOffset == .zero && r.carriedLossOut == cents(1250))
        #expect(r.members.isEmpty)
        #expect(r.reconciles)
    }

    @Test func aCarriedLossIsOffsetBeforeTheReserve() throws {
        // 300¢ carried against a 1000¢ surplus: distributable 700; reserve ⌊10% × 700⌋ = 70;
        // pool 630, all to the only patron; nothing carried out.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], reserve: "10%"), surplus: cents(1000), carriedLoss: cents(300),
            members: [member(1, ["purchases": 9])])
        #expect(r.carriedLossOffset == cents(300) && r.carriedLossOut == .zero)
        #expect(r.distributable == cents(700) && r.reserveByRate == cents(70) && r.pool == cents(630))
        #expect(r.members.map(\.allocation) == [cents(630)])
        #expect(r.netSurplus == r.carriedLossOffset + r.reserve + r.allocated)
        #expect(r.reconciles)
    }

    @Test func aCarriedLossLargerThanTheSurplusAbsorbsItAll() throws {
        // 1500¢ carried against 1000¢: all 1000 offset, 500 carried on, nothing to allocate.
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], reserve: "10%"), surplus: cents(1000), carriedLoss: cents(1500),
            members: [member(1, ["purchases": 9])])
        #expect(r.carriedLossOffset == cents(1000) && r.carriedLossOut == cents(500))
        #expect(r.distributable == .zero && r.reserve == .zero && r.members.isEmpty)
        #expect(r.reconciles)
    }

    @Test func aCarriedLossIsNotOffsetInALossYear() throws {
        let r = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], loss: .reserve), surplus: cents(-10), carriedLoss: cents(400),
            members: members)
        #expect(r.carriedLossOffset == .zero && r.carriedLossOut == cents(400) && r.lossToReserve == cents(10))
    }

    @Test func aZeroSurplusNeedsNoPatronage() throws {
        let r = try PatronageAllocator.allocate(rules: rules([("purchases", "1")]), surplus: .zero, members: [])
        #expect(r.members.isEmpty && r.allocated == .zero && r.loss == .zero && r.reconciles)
    }

    @Test func aLossToTheReserveNeedsNoPatronageButACapitalChargeDoes() throws {
        let reserve = try PatronageAllocator.allocate(
            rules: rules([("purchases", "1")], loss: .reserve), surplus: cents(-5), members: [])
        #expect(reserve.lossToReserve == cents(5))
        #expect(throws: PatronageError.noPatronage) {
            try PatronageAllocator.allocate(
                rules: rules([("purchases", "1")], loss: .capitalAccounts), surplus: cents(-5), members: [])
        }
    }
}
