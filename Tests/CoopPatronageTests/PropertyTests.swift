import CoopModel
import Testing

@testable import CoopPatronage

/// Seeded random cases checked against exact arithmetic done independently here.
@Suite("Properties")
struct PropertyTests {
    /// One random year: rules, members (some without patronage), figures.
    struct Case {
        var rules: PatronageRules
        var inputs: [PatronageInput]
        var surplus: Money
        var carriedLoss: Money

        init(
            _ random: inout TestRandom, maxQuantity: Int64 = 1000, measures: ClosedRange<Int64> = 1...3,
            surplus: ClosedRange<Int64> = -50_000...200_000
        ) {
            let k = Int(random.int(measures))
            let parts = (0..<k).map { _ in random.int(1...20) }
            let whole = parts.reduce(0, +)
            let names = ["purchases", "hours", "deliveries"]
            rules = PatronageRules(
                measures: (0..<k).map { PatronageMeasureRule(name: names[$0], weight: Ratio(reducing: parts[$0], whole)!, unit: "u") },
                reserve: Ratio(reducing: random.int(0...30), 100)!,
                cashPercent: Ratio(reducing: random.int(20...100), 100)!,
                minimumAllocation: random.chance(30) ? cents(random.int(1...300)) : .zero,
                lossPolicy: LossPolicy.allCases[Int(random.next() % 3)])
            var numbers = Array(Int64(1)...200)
            random.shuffle(&numbers)
            let n = Int(random.int(1...30))
            inputs = numbers.prefix(n).map { number in
                var quantities: [String: Int64] = [:]
                for name in names.prefix(k) where !random.chance(25) {
                    quantities[name] = random.chance(10) ? 0 : random.int(1...maxQuantity)
                }
                return PatronageInput(member: id(number), quantities: quantities, qualified: random.chance(80))
            }
            // Every measure used by someone, or the case is an error case (tested elsewhere).
            for name in names.prefix(k) where !inputs.contains(where: { ($0.quantities[name] ?? 0) > 0 }) {
                inputs[Int(random.next() % UInt64(n))].quantities[name] = random.int(1...maxQuantity)
            }
            self.surplus = cents(random.int(surplus))
            carriedLoss = random.chance(30) ? cents(random.int(0...50_000)) : .zero
        }

        func allocate() throws -> PatronageAllocation {
            try PatronageAllocator.allocate(rules: rules, surplus: surplus, carriedLoss: carriedLoss, members: inputs)
        }
    }

    /// Checks one case's result against the independent weights.
    static func check(_ c: Case, _ r: PatronageAllocation) {
        #expect(r.reconciles)
        let plain = PlainWeights(rules: c.rules, inputs: c.inputs)
        let den = plain.denominator
        let byMember = Dictionary(uniqueKeysWithValues: c.inputs.map { ($0.member, $0) })
        let shared: Int128 = r.loss > .zero ? Int128(r.lossToCapitalAccounts.cents) : Int128(r.pool.cents)

        // Figures of the year.
        if c.surplus > .zero {
            let offset = min(c.carriedLoss, c.surplus)
            let distributable = c.surplus - offset
            #expect(r.carriedLossOffset == offset && r.distributable == distributable)
            // ⌊reserve × distributable⌋ by cross-multiplication.
            let reserve = Int128(r.reserveByRate.cents), d = Int128(distributable.cents)
            let (rn, rd) = (Int128(c.rules.reserve.numerator), Int128(c.rules.reserve.denominator))
            #expect(reserve * rd <= rn * d && (reserve + 1) * rd > rn * d)
            #expect(c.surplus == offset + r.reserve + r.members.map(\.allocation).sum())
        } else {
            #expect(r.distributable == .zero && r.reserve == .zero)
            #expect(r.loss == -c.surplus)
        }

        // Rows: exactly the members with patronage when something is shared, sorted by id.
        let patrons = c.inputs.filter { plain.numerators[$0.member]! > 0 }.map(\.member).sorted()
        let sharing = r.distributable > .zero || (r.loss > .zero && c.rules.lossPolicy == .capitalAccounts)
        #expect(r.members.map(\.member) == (sharing ? patrons : []))
        guard sharing else { return }

        // Hamilton: amount before the minimum, as a magnitude.
        let amount = Dictionary(uniqueKeysWithValues: r.members.map { ($0.member, Int128($0.allocation.cents.magnitude) + Int128($0.belowMinimum.cents)) })
        #expect(amount.values.reduce(0, +) == shared)
        var roundedUp: [(remainder: Int128, weight: Int128, member: MemberID)] = []
        var roundedDown: [(remainder: Int128, weight: Int128, member: MemberID)] = []
        for row in r.members {
            let num = plain.numerators[row.member]!
            let exact = shared * num  // quota = exact / den
            let a = amount[row.member]!
            // Floor or ceiling of the exact quota.
            #expect(a * den > exact - den && a * den < exact + den, "member \(row.member)")
            let remainder = exact % den
            if remainder > 0 {
                if a * den > exact { roundedUp.append((remainder, num, row.member)) } else { roundedDown.append((remainder, num, row.member)) }
            }
            // Factor portions: floor or ceiling of amount × contributionₖ / weight, summing to the allocation.
            let allocation = Int128(row.allocation.cents.magnitude)
            #expect(row.factors.map(\.portion).sum() == row.allocation)
            for (share, part) in zip(row.factors, plain.contributions[row.member]!) {
                let portion = Int128(share.portion.cents.magnitude)
                #expect(portion * num > allocation * part - num && portion * num < allocation * part + num)
            }
            let given = byMember[row.member]!.quantities
            #expect(row.factors.map(\.quantity) == c.rules.measures.map { given[$0.name] ?? 0 })
            // Cash ⌈cashPercent × allocation⌉ in a surplus year; none on a charge.
            if c.surplus > .zero {
                let (cn, cd) = (Int128(c.rules.cashPercent.numerator), Int128(c.rules.cashPercent.denominator))
                let cash = Int128(row.cash.cents)
                #expect(cash * cd >= cn * allocation && (cash - 1) * cd < cn * allocation)
                // The minimum: kept allocations reach it; what fell short went to the reserve whole.
                #expect(row.allocation == .zero || row.allocation >= c.rules.minimumAllocation)
                #expect(row.belowMinimum == .zero || (row.allocation == .zero && row.belowMinimum < c.rules.minimumAllocation))
            } else {
                #expect(row.cash == .zero && row.allocation <= .zero && row.belowMinimum == .zero)
            }
            #expect(row.retained == row.allocation - row.cash)
        }
        // Every cent handed up outranks every share rounded down: larger remainder, then larger
        // weight, then lower member id.
        func outranks(_ a: (remainder: Int128, weight: Int128, member: MemberID), _ b: (remainder: Int128, weight: Int128, member: MemberID)) -> Bool {
            (a.remainder, a.weight, b.member) > (b.remainder, b.weight, a.member)
        }
        if let weakestUp = roundedUp.min(by: { outranks($1, $0) }), let strongestDown = roundedDown.min(by: outranks) {
            #expect(outranks(weakestUp, strongestDown))
        }
    }

    @Test func randomYearsAreExactAndFair() throws {
        var random = TestRandom(seed: 20_260_101)
        for _ in 0..<400 {
            let c = Case(&random)
            Self.check(c, try c.allocate())
        }
    }

    @Test func largeFiguresTakeTheWideDivisionPathAndStayExact() throws {
        // Quantities up to 5·10^10 and pools up to 10^10: common denominators above 2^64.
        var random = TestRandom(seed: 77)
        for _ in 0..<150 {
            let c = Case(&random, maxQuantity: 50_000_000_000, measures: 2...2, surplus: 1...10_000_000_000)
            Self.check(c, try c.allocate())
        }
    }

    @Test func inputOrderChangesNothing() throws {
        var random = TestRandom(seed: 4242)
        for _ in 0..<100 {
            var c = Case(&random)
            let first = try c.allocate()
            random.shuffle(&c.inputs)
            #expect(try c.allocate() == first)
        }
    }

    @Test func morePatronageInEveryMeasureNeverGetsLess() throws {
        var random = TestRandom(seed: 9)
        var compared = 0
        for _ in 0..<300 {
            var c = Case(&random, maxQuantity: 40)
            // Add a member dominating a random existing one, to be sure pairs exist.
            let base = c.inputs[Int(random.next() % UInt64(c.inputs.count))]
            var bigger = base.quantities
            for m in c.rules.measures where random.chance(50) || bigger[m.name] == nil {
                bigger[m.name, default: 0] += random.int(1...5)
            }
            c.inputs.append(PatronageInput(member: id(1000), quantities: bigger, qualified: true))
            let r = try c.allocate()
            for a in c.inputs {
                for b in c.inputs where a.member != b.member {
                    let qa = c.rules.measures.map { a.quantities[$0.name] ?? 0 }
                    let qb = c.rules.measures.map { b.quantities[$0.name] ?? 0 }
                    guard zip(qa, qb).allSatisfy(>=), qa != qb,
                        let ra = r.members.row(for: a.member)
                    else { continue }
                    let rb = r.members.row(for: b.member)
                    let amountA = ra.allocation.cents.magnitude + ra.belowMinimum.cents.magnitude
                    let amountB = (rb?.allocation.cents.magnitude ?? 0) + (rb?.belowMinimum.cents.magnitude ?? 0)
                    #expect(amountA >= amountB)
                    if c.surplus > .zero { #expect(ra.allocation >= rb?.allocation ?? .zero) }
                    compared += 1
                }
            }
        }
        #expect(compared > 300)
    }

    @Test func manyMembersExerciseTheSelection() throws {
        // Thousands of members with tiny quantities: many equal remainders, so ties by weight
        // and id decide most leftover cents; the checks above apply unchanged.
        var random = TestRandom(seed: 5)
        for size in [500, 3000] {
            var inputs: [PatronageInput] = []
            for n in 1...Int64(size) {
                inputs.append(member(n, ["purchases": random.int(1...6), "hours": random.int(0...3)], qualified: random.chance(50)))
            }
            random.shuffle(&inputs)
            let c = Case(
                rules: rules([("purchases", "2/3"), ("hours", "1/3")], reserve: "5%", cash: "25%"),
                inputs: inputs, surplus: cents(random.int(1...2_000_000)), carriedLoss: .zero)
            Self.check(c, try c.allocate())
        }
    }

    @Test func wideDivisionMatchesTheGenericOne() {
        var random = TestRandom(seed: 1)
        for _ in 0..<20_000 {
            let bits = Int(random.int(1...120))
            var d = Int128(random.next()) << 64 | Int128(random.next())
            d = (d & ((Int128(1) << bits) - 1)) | (Int128(1) << (bits - 1))
            // Quotients below 2^50 (amounts under Money.limit), kept within 127 bits overall.
            let qBits = min(50, 126 - bits)
            let q = Int128(random.next() % (UInt64(1) << max(qBits, 1)))
            let r = ((Int128(random.next()) << 64 | Int128(random.next())) & Int128.max) % d
            let n = q * d + r
            let (quotient, remainder) = Divisor(d).divide(n)
            let expected = n.quotientAndRemainder(dividingBy: d)
            #expect(Int128(quotient) == expected.quotient && remainder == expected.remainder, "n \(n) d \(d)")
        }
    }

    @Test func wideDivisionCorrectsItsOvershoot() {
        // The estimate overshoots by one exactly when the cut-off low bits of D matter most:
        // D = 2^63·2^s + (2^s − 1) (smallest top, all low bits set), a large quotient and the
        // largest remainder. Each of these must still come out exact.
        var overshoots = 0
        for s in [1, 8, 20, 40, 63] {
            let d = (Int128(1) << (63 + s)) | ((Int128(1) << s) - 1)
            for q in [Int128(1), 12_345, (Int128(1) << 50) - 1, (Int128(1) << (126 - 64 - s)) - 1] where q > 0 {
                for r in [Int128(0), 1, d / 2, d - 1] {
                    guard let n = ExactMath.add(ExactMath.multiply(q, d) ?? Int128.max, r), n < Int128.max else { continue }
                    let (quotient, remainder) = Divisor(d).divide(n)
                    #expect(Int128(quotient) == q && remainder == r, "q \(q) r \(r) d \(d)")
                    let top = d >> s
                    if (n >> s) / top != q { overshoots += 1 }
                }
            }
        }
        #expect(overshoots > 0)  // the cases do reach the correction step
    }

    @Test func tiesFollowWeightThenMemberID() throws {
        // One measure, odd quantities, an even total Q and a pool of Q/2 + m·Q: every quota
        // pool·q/Q = m·q + q/2 has remainder exactly ½, so every leftover cent is decided by the
        // tie rules alone: the largest quantities first, then the lowest ids.
        var random = TestRandom(seed: 31)
        for _ in 0..<60 {
            let n = 2 * random.int(1...40)
            var inputs = (1...n).map { member($0, ["purchases": 2 * random.int(0...3) + 1]) }
            random.shuffle(&inputs)
            let total = inputs.reduce(0) { $0 + $1.quantities["purchases"]! }
            let pool = total / 2 + random.int(0...5) * total
            let r = try PatronageAllocator.allocate(rules: rules([("purchases", "1")]), surplus: cents(pool), members: inputs)
            // Expected winners: sort by (quantity desc, id asc), the first (n/2) get ⌈quota⌉.
            let ranked = inputs.sorted { ($0.quantities["purchases"]!, $1.member) > ($1.quantities["purchases"]!, $0.member) }
            let winners = Set(ranked.prefix(Int(n / 2)).map(\.member))  // Σ ½ over n members = n/2 cents
            for row in r.members {
                let q = inputs.first { $0.member == row.member }!.quantities["purchases"]!
                let floor = pool * q / total
                #expect(row.allocation.cents == floor + (winners.contains(row.member) ? 1 : 0))
            }
        }
    }
}

extension PropertyTests.Case {
    init(rules: PatronageRules, inputs: [PatronageInput], surplus: Money, carriedLoss: Money) {
        self.rules = rules
        self.inputs = inputs
        self.surplus = surplus
        self.carriedLoss = carriedLoss
    }
}
