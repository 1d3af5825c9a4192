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
    public static func allocate(
        rules: PatronageRules, surplus: Money, nonPatronage: Money = .zero,
        carriedLoss: Money = .zero,
        members inputs: [PatronageInput]
    ) throws(PatronageError) -> PatronageAllocation {
        let problems = rules.validate()
        guard problems.isEmpty else { throw .invalidRules(problems) }
        for (field, amount) in [("net surplus", surplus), ("non-patronage income", nonPatronage), ("carried loss", carriedLoss)]
        where amount.cents.magnitude >= Money.limit {
            throw .amountOutOfRange(field: field, amount: amount)
        }
        guard carriedLoss >= .zero else { throw .negativeCarriedLoss(carriedLoss) }
        let table = try PatronageTable(measureNames: rules.measures.map(\.name), inputs: inputs)

        var y = YearFigures(surplus: surplus, carriedLossIn: carriedLoss)
        var rows = MemberPatronageList.empty
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
        return y.result(rules: rules, table: table, nonPatronage: nonPatronage, rows: rows)
    }

    /// Shares `amount` (≥ 0) among members with patronage by exact weight; `sign` −1 makes the
    /// rows loss charges (negative, all retained, no minimum).
    private static func share(
        _ amount: Money, sign: Int64, rules: PatronageRules,
        table: PatronageTable
    ) throws(PatronageError) -> MemberPatronageList {
        let weights = try ExactWeights(weights: rules.measures.map(\.weight), table: table)
        try weights.checkScale(amount.cents, what: sign > 0 ? "the pool" : "the loss")
        let amounts = HamiltonRounding.apportion(amount.cents, weights: weights.numerators, denominator: weights.denominator)
        let k = table.measureCount
        let minimum = sign > 0 ? rules.minimumAllocation.cents : 0
        let cashRate = (numerator: Int128(rules.cashPercent.numerator), divisor: Divisor(Int128(rules.cashPercent.denominator)))
        let rows = weights.numerators.reduce(0) { $1 > 0 ? $0 + 1 : $0 }
        var ids: [MemberID] = [], allocations: [Int64] = [], cash: [Int64] = [], belowMinimum: [Int64] = []
        var qualified: [Bool] = [], quantities: [Int64] = [], portions: [Int64] = []
        // Usually every member has patronage: then the table's columns are the rows' columns
        // (shared, not copied); otherwise they are filtered below.
        let everyone = rows == table.members.count
        if everyone {
            ids = table.members
            qualified = table.qualified
            quantities = table.quantities
        } else {
            ids.reserveCapacity(rows)
            qualified.reserveCapacity(rows)
            quantities.reserveCapacity(rows * k)
        }
        allocations.reserveCapacity(rows)
        cash.reserveCapacity(rows)
        belowMinimum.reserveCapacity(rows)
        portions.reserveCapacity(rows * k)
        for i in amounts.indices where weights.numerators[i] > 0 {
            let rounded = amounts[i]
            let kept = rounded < minimum ? 0 : rounded
            if !everyone {
                ids.append(table.members[i])
                qualified.append(table.qualified[i])
                for j in i * k..<(i + 1) * k { quantities.append(table.quantities[j]) }
            }
            allocations.append(sign * kept)
            if sign > 0 {
                // ⌈rate × kept⌉ = ⌊(rate.n × kept + rate.d − 1) / rate.d⌋
                let (q, _) = cashRate.divisor.divide(cashRate.numerator * Int128(kept) + cashRate.divisor.value - 1)
                cash.append(q)
            } else {
                cash.append(0)
            }
            belowMinimum.append(rounded - kept)
            appendFactorPortions(kept, sign: sign, row: i, k: k, table: table, weights: weights, to: &portions)
        }
        return MemberPatronageList(
            ids: ids, allocations: allocations, cash: cash, belowMinimum: belowMinimum,
            qualified: qualified, quantities: quantities, portions: portions)
    }

    /// Splits one member's allocation by each factor's exact contribution mₖ·qᵢₖ to Nᵢ, with the
    /// same largest-remainder rule (ties: larger contribution, then rules order), so a notice's
    /// factor lines add up to its total. One pass; the general rounding only when two or more
    /// cents are left over (possible with three or more measures).
    private static func appendFactorPortions(
        _ amount: Int64, sign: Int64, row i: Int, k: Int, table: PatronageTable,
        weights: ExactWeights, to portions: inout [Int64]
    ) {
        let base = i * k
        if k == 1 || amount == 0 {
            portions.append(sign * amount)
            for _ in 1..<k { portions.append(0) }
            return
        }
        let start = portions.count
        let divisor = Divisor(weights.numerators[i])
        var given: Int64 = 0
        var best: (remainder: Int128, part: Int128, index: Int)?
        for j in 0..<k {
            let part = weights.multipliers[j] * Int128(table.quantities[base + j])
            let (q, r) = divisor.divide(Int128(amount) * part)
            given += q
            portions.append(sign * q)
            // Strict order: larger remainder, then larger contribution; an equal one keeps the earlier measure.
            if r > 0, best.map({ r > $0.remainder || (r == $0.remainder && part > $0.part) }) ?? true {
                best = (r, part, j)
            }
        }
        switch amount - given {
        case 0:
            break
        case 1:
            if let best { portions[start + best.index] += sign }
        default:
            let parts = (0..<k).map { weights.multipliers[$0] * Int128(table.quantities[base + $0]) }
            let split = HamiltonRounding.apportion(amount, weights: parts, denominator: weights.numerators[i])
            for j in 0..<k { portions[start + j] = sign * split[j] }
        }
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

    func result(
        rules: PatronageRules, table: PatronageTable, nonPatronage: Money,
        rows: MemberPatronageList
    ) -> PatronageAllocation {
        var allocated: Int64 = 0, cash: Int64 = 0, nonQualified: Int64 = 0, belowMinimum: Int64 = 0
        for i in rows.indices {
            allocated += rows.allocations[i]
            cash += rows.cash[i]
            belowMinimum += rows.belowMinimum[i]
            if !rows.qualified[i] { nonQualified += rows.allocations[i] - rows.cash[i] }
        }
        return PatronageAllocation(
            rules: rules,
            measures: zip(table.measureNames, table.totals).map { MeasureTotal(name: $0, total: $1) },
            netSurplus: surplus, nonPatronageIncome: nonPatronage,
            carriedLossIn: carriedLossIn, carriedLossOffset: carriedLossOffset,
            carriedLossOut: carriedLossIn - carriedLossOffset + lossCarriedForward,
            distributable: distributable, reserveByRate: reserveByRate, pool: pool,
            belowMinimum: Money(cents: belowMinimum), reserve: reserveByRate + Money(cents: belowMinimum),
            allocated: Money(cents: allocated), cash: Money(cents: cash), retained: Money(cents: allocated - cash),
            nonQualifiedRetained: Money(cents: nonQualified),
            loss: loss, lossToReserve: lossToReserve, lossToCapitalAccounts: lossToCapitalAccounts,
            lossCarriedForward: lossCarriedForward, members: rows)
    }
}
