import CoopModel

/// The year-end patronage allocation: pure, exact, deterministic.
public enum PatronageAllocator {
    /// Allocates the year's net patronage surplus, or charges its loss, under `rules`.
    ///
    /// Surplus year (`surplus > 0`), in this order:
    /// 1. `carriedLoss` (prior years' losses carried forward) is offset first, up to the surplus,
    ///    because a carried loss reduces the first surplus that follows it;
    /// 2. the reserve takes ⌊reserve × distributable⌋ — rounded down, so members get the odd cent;
    /// 3. the pool (the rest) is shared by each member's exact combined weight in one
    ///    largest-remainder rounding (ties: larger weight, then lower member id);
    /// 4. allocations below `rules.minimumAllocation` become 0 and go to the reserve instead;
    /// 5. cash = ⌈cashPercent × allocation⌉ (up, so it never falls below the rule), the rest retained.
    ///
    /// Loss year (`surplus < 0`): nothing is allocated; the loss goes to the reserve, to capital
    /// accounts (negative allocations by the same weights and rounding, summing to the loss, all
    /// retained, no minimum), or is carried forward, per `rules.lossPolicy`. `carriedLoss` is not
    /// offset in a loss year; it is carried on. A zero surplus allocates and charges nothing.
    ///
    /// `nonPatronage` income is recorded only: it is never allocated and no loss offsets it.
    /// Member weights are needed only when something is shared among members; then a measure
    /// nobody used is `.zeroTotal` and no patronage at all is `.noPatronage`.
    public static func allocate(rules: PatronageRules, surplus: Money, nonPatronage: Money = .zero,
                                carriedLoss: Money = .zero,
                                members inputs: [PatronageInput]) throws(PatronageError) -> PatronageAllocation {
        let problems = rules.validate()
        guard problems.isEmpty else { throw .invalidRules(problems) }
        for (field, amount) in [("net surplus", surplus), ("non-patronage income", nonPatronage), ("carried loss", carriedLoss)]
        where amount.cents.magnitude >= Money.limit {
            throw .amountOutOfRange(field: field, amount: amount)
        }
        guard carriedLoss >= .zero else { throw .negativeCarriedLoss(carriedLoss) }
        let c = ContinuousClock(); var t0 = c.now
        let table = try PatronageTable(measureNames: rules.measures.map(\.name), inputs: inputs)

        print("table", t0.duration(to: c.now)); t0 = c.now
        var y = YearFigures(surplus: surplus, carriedLossIn: carriedLoss)
        var rows: [MemberPatronage] = []
        if surplus > .zero {
            y.carriedLossOffset = min(carriedLoss, surplus)
            y.distributable = surplus - y.carriedLossOffset
            y.reserveByRate = Money(cents: rules.reserve.floor(of: y.distributable.cents))
            y.pool = y.distributable - y.reserveByRate
            if y.distributable > .zero {
                rows = try share(y.pool, sign: 1, rules: rules, table: table)
            }
        } else if surplus < .zero {
            y.loss = -surplus
            switch rules.lossPolicy {
            case .reserve: y.lossToReserve = y.loss
            case .carryForward:
                y.lossCarriedForward = y.loss
                // Keep the figure carried out within what `Money` decodes, so the result round-trips.
                guard (carriedLoss + y.loss).cents < Money.limit else {
                    throw .amountOutOfRange(field: "loss carried forward", amount: carriedLoss + y.loss)
                }
            case .capitalAccounts:
                y.lossToCapitalAccounts = y.loss
                rows = try share(y.loss, sign: -1, rules: rules, table: table)
            }
        }
        print("share", t0.duration(to: c.now)); t0 = c.now
        defer { print("result", t0.duration(to: c.now)) }
        return y.result(rules: rules, table: table, nonPatronage: nonPatronage, rows: rows)
    }

    /// Shares `amount` (≥ 0) among members with patronage by exact weight; `sign` −1 makes the
    /// rows loss charges (negative, all retained, no minimum).
    private static func share(_ amount: Money, sign: Int64, rules: PatronageRules,
                              table: PatronageTable) throws(PatronageError) -> [MemberPatronage] {
        let c = ContinuousClock(); var t0 = c.now
        let weights = try ExactWeights(weights: rules.measures.map(\.weight), table: table)
        try weights.checkScale(amount.cents, what: sign > 0 ? "the pool" : "the loss")
        print("weights", t0.duration(to: c.now)); t0 = c.now
        let amounts = HamiltonRounding.apportion(amount.cents, weights: weights.numerators, denominator: weights.denominator)
        print("hamilton", t0.duration(to: c.now)); t0 = c.now
        let k = table.measureCount
        let minimum = sign > 0 ? rules.minimumAllocation.cents : 0
        var rows: [MemberPatronage] = []
        rows.reserveCapacity(amounts.count)
        for i in amounts.indices where weights.numerators[i] > 0 {
            let rounded = amounts[i]
            let kept = rounded < minimum ? 0 : rounded
            let allocation = Money(cents: sign * kept)
            let cash = sign > 0 ? Money(cents: rules.cashPercent.ceiling(of: kept)) : .zero
            rows.append(MemberPatronage(
                member: table.members[i], allocation: allocation, cash: cash, retained: allocation - cash,
                belowMinimum: Money(cents: rounded - kept), qualified: table.qualified[i],
                factors: factorShares(kept, sign: sign, row: i, k: k, table: table, weights: weights)))
        }
        print("rows", t0.duration(to: c.now)); t0 = c.now
        return rows
    }

    /// Splits one member's allocation by each factor's exact contribution mₖ·qᵢₖ to Nᵢ, with the
    /// same largest-remainder rule (ties: larger contribution, then rules order), so a notice's
    /// factor lines add up to its total. One pass; the general rounding only when two or more
    /// cents are left over (possible with three or more measures).
    private static func factorShares(_ amount: Int64, sign: Int64, row i: Int, k: Int,
                                     table: PatronageTable, weights: ExactWeights) -> [FactorShare] {
        let base = i * k
        if k == 1 { return [FactorShare(quantity: table.quantities[base], portion: Money(cents: sign * amount))] }
        let whole = weights.numerators[i]
        let divisor = Divisor(whole)
        var shares: [FactorShare] = []
        shares.reserveCapacity(k)
        var given: Int64 = 0
        var best: HamiltonRounding.Candidate?
        for j in 0..<k {
            let quantity = table.quantities[base + j]
            let part = weights.multipliers[j] * Int128(quantity)
            let (q, r) = amount == 0 ? (0, 0) : divisor.divide(Int128(amount) * part)
            given += q
            shares.append(FactorShare(quantity: quantity, portion: Money(cents: q)))
            let candidate = HamiltonRounding.Candidate(remainder: r, weight: part, index: j)
            if r > 0, best.map({ HamiltonRounding.outranks(candidate, $0) }) ?? true { best = candidate }
        }
        switch amount - given {
        case 0:
            break
        case 1:
            if let best { shares[best.index] = FactorShare(quantity: shares[best.index].quantity, portion: shares[best.index].portion + Money(cents: 1)) }
        default:
            let parts = (0..<k).map { weights.multipliers[$0] * Int128(table.quantities[base + $0]) }
            let split = HamiltonRounding.apportion(amount, weights: parts, denominator: whole)
            shares = (0..<k).map { FactorShare(quantity: table.quantities[base + $0], portion: Money(cents: split[$0])) }
        }
        if sign < 0 { shares = shares.map { FactorShare(quantity: $0.quantity, portion: -$0.portion) } }
        return shares
    }
}

/// The year's money figures while they are worked out; every unset figure is 0.
private struct YearFigures {
    let surplus: Money
    let carriedLossIn: Money
    var carriedLossOffset = Money.zero
    var distributable = Money.zero
    var reserveByRate = Money.zero
    var pool = Money.zero
    var loss = Money.zero
    var lossToReserve = Money.zero
    var lossToCapitalAccounts = Money.zero
    var lossCarriedForward = Money.zero

    init(surplus: Money, carriedLossIn: Money) {
        self.surplus = surplus
        self.carriedLossIn = carriedLossIn
    }

    func result(rules: PatronageRules, table: PatronageTable, nonPatronage: Money,
                rows: [MemberPatronage]) -> PatronageAllocation {
        var allocated = Money.zero, cash = Money.zero, retained = Money.zero
        var nonQualified = Money.zero, belowMinimum = Money.zero
        for row in rows {
            allocated += row.allocation
            cash += row.cash
            retained += row.retained
            belowMinimum += row.belowMinimum
            if !row.qualified { nonQualified += row.retained }
        }
        return PatronageAllocation(
            rules: rules,
            measures: zip(table.measureNames, table.totals).map { MeasureTotal(name: $0, total: $1) },
            netSurplus: surplus, nonPatronageIncome: nonPatronage,
            carriedLossIn: carriedLossIn, carriedLossOffset: carriedLossOffset,
            carriedLossOut: carriedLossIn - carriedLossOffset + lossCarriedForward,
            distributable: distributable, reserveByRate: reserveByRate, pool: pool,
            belowMinimum: belowMinimum, reserve: reserveByRate + belowMinimum,
            allocated: allocated, cash: cash, retained: retained, nonQualifiedRetained: nonQualified,
            loss: loss, lossToReserve: lossToReserve, lossToCapitalAccounts: lossToCapitalAccounts,
            lossCarriedForward: lossCarriedForward, members: rows)
    }
}
