import CoopModel

/// The year-end patronage result: what was reserved, allocated, paid, retained or charged.
///
/// Deterministic content for hashing: `members` is sorted by member id, `measures` and every
/// row's `factors` follow the rules' measure order, amounts are integer cents, and no field is
/// a dictionary. Every integer (cents, quantities, totals) stays below `Money.limit` (10^15),
/// inside canonical JSON's 2^53 range. Members without patronage have no row (they are
/// allocated and charged nothing).
///
/// Identities (checked by `reconciles`):
/// - `netSurplus == carriedLossOffset + reserve + allocated − lossToReserve − lossCarriedForward`
///   (in a loss year `allocated` is the negative capital-account charge);
/// - `distributable == reserveByRate + pool` and `pool == allocated + belowMinimum` (surplus year);
/// - `reserve == reserveByRate + belowMinimum`;
/// - `allocated == Σ members.allocation == cash + retained`; each row's factor portions sum to its allocation.
public struct PatronageAllocation: Hashable, Sendable, Codable {
    /// The rules the allocation was made under.
    public let rules: PatronageRules
    /// Each measure's total over all members (0s in a year that needed no weights).
    public let measures: [MeasureTotal]
    /// Net patronage-sourced surplus as given; negative in a loss year.
    public let netSurplus: Money
    /// Non-patronage income, recorded for the report only: never allocated, never offset by losses.
    public let nonPatronageIncome: Money
    /// Loss carried in from prior years.
    public let carriedLossIn: Money
    /// The part of `carriedLossIn` offset against this year's surplus (before the reserve).
    public let carriedLossOffset: Money
    /// Loss carried out to next year: what was not offset, plus this year's loss under `.carryForward`.
    public let carriedLossOut: Money
    /// Surplus left after the carried-loss offset; 0 in a loss year.
    public let distributable: Money
    /// ⌊reserve × distributable⌋: the reserve's share by rate.
    public let reserveByRate: Money
    /// `distributable − reserveByRate`: what the largest-remainder rounding shares among members.
    public let pool: Money
    /// Allocations under `rules.minimumAllocation`, moved to the reserve instead.
    public let belowMinimum: Money
    /// Everything added to the reserve this year: `reserveByRate + belowMinimum`.
    public let reserve: Money
    /// Σ of members' allocations: positive in a surplus year, the negative charge under
    /// `.capitalAccounts` in a loss year, otherwise 0.
    public let allocated: Money
    /// Σ of cash parts.
    public let cash: Money
    /// Σ of retained parts (qualified and non-qualified).
    public let retained: Money
    /// The part of `retained` in non-qualified notices (members without consent in force).
    public let nonQualifiedRetained: Money
    /// This year's net patronage loss as a positive amount; 0 unless `netSurplus < 0`.
    public let loss: Money
    /// How much of `loss` the reserve absorbs.
    public let lossToReserve: Money
    /// How much of `loss` is charged to capital accounts (`−allocated` in such a year).
    public let lossToCapitalAccounts: Money
    /// How much of `loss` is carried forward.
    public let lossCarriedForward: Money
    /// One row per member with patronage, sorted by member id.
    public let members: MemberPatronageList

    enum CodingKeys: String, CodingKey {
        case rules, measures, pool, reserve, allocated, cash, retained, loss, members
        case netSurplus = "net_surplus"
        case nonPatronageIncome = "non_patronage_income"
        case carriedLossIn = "carried_loss_in"
        case carriedLossOffset = "carried_loss_offset"
        case carriedLossOut = "carried_loss_out"
        case distributable
        case reserveByRate = "reserve_by_rate"
        case belowMinimum = "below_minimum"
        case nonQualifiedRetained = "non_qualified_retained"
        case lossToReserve = "loss_to_reserve"
        case lossToCapitalAccounts = "loss_to_capital_accounts"
        case lossCarriedForward = "loss_carried_forward"
    }

    /// This allocation with no member rows: for a writer that writes the rows itself (the
    /// ledger's result document, where encoding 100,000 rows one `Codable` value at a time was
    /// most of a year end's close, preview and commit).
    public var withoutMemberRows: PatronageAllocation {
        PatronageAllocation(
            rules: rules, measures: measures, netSurplus: netSurplus, nonPatronageIncome: nonPatronageIncome,
            carriedLossIn: carriedLossIn, carriedLossOffset: carriedLossOffset, carriedLossOut: carriedLossOut,
            distributable: distributable, reserveByRate: reserveByRate, pool: pool, belowMinimum: belowMinimum,
            reserve: reserve, allocated: allocated, cash: cash, retained: retained, nonQualifiedRetained: nonQualifiedRetained,
            loss: loss, lossToReserve: lossToReserve, lossToCapitalAccounts: lossToCapitalAccounts,
            lossCarriedForward: lossCarriedForward, members: .empty)
    }

    /// True when every identity above holds; a guard for callers and tests.
    public var reconciles: Bool {
        // 128-bit sums: a decoded (possibly hostile) result must not trap here.
        func total(_ values: some Sequence<Int64>) -> Int128 { values.reduce(0) { $0 + Int128($1) } }
        let rows = members
        let k = rows.factorCount
        let rowsBalance = rows.indices.allSatisfy { i in
            total(rows.portions[i * k..<(i + 1) * k]) == Int128(rows.allocations[i])
        }
        return rowsBalance
            && total(rows.allocations) == Int128(allocated.cents)
            && total(rows.cash) == Int128(cash.cents)
            && total(rows.belowMinimum) == Int128(belowMinimum.cents)
            && cash + retained == allocated
            && reserve == reserveByRate + belowMinimum
            && distributable == reserveByRate + pool
            && (loss > .zero || pool == allocated + belowMinimum)
            && lossToReserve + lossToCapitalAccounts + lossCarriedForward == loss
            && (loss == .zero || lossToCapitalAccounts == -allocated)
            && netSurplus == carriedLossOffset + reserve + allocated - lossToReserve - lossCarriedForward
            && carriedLossOut == carriedLossIn - carriedLossOffset + lossCarriedForward
    }
}

/// A measure's total over all members: the denominator of every member's share of it.
public struct MeasureTotal: Hashable, Sendable, Codable {
    public let name: String
    public let total: Int64
}

/// One member's allocation (or loss charge) and how it is paid.
public struct MemberPatronage: Hashable, Sendable, Codable {
    public let member: MemberID
    /// Signed: a surplus allocation is positive; a loss charged to capital accounts is negative.
    public let allocation: Money
    /// ⌈cashPercent × allocation⌉: rounded up so the cash part never falls below the rule; 0 for a loss.
    public let cash: Money
    /// `allocation − cash`: retained in the member's capital account (negative for a loss charge).
    public let retained: Money
    /// What the largest-remainder rounding gave this member but the minimum sent to the reserve
    /// (then `allocation` is 0); 0 otherwise.
    public let belowMinimum: Money
    /// The member's consent was in force: the notice is qualified.
    public let qualified: Bool
    /// Per measure, in rules order: the member's quantity and that factor's part of `allocation`.
    public let factors: [FactorShare]

    enum CodingKeys: String, CodingKey {
        case member, allocation, cash, retained, qualified, factors
        case belowMinimum = "below_minimum"
    }
}

/// One factor of a member's allocation, for the written notice.
///
/// `portion` splits the member's own allocation by the factor's exact contribution to their
/// weight (weightₖ × qₖ / Qₖ), with the same largest-remainder rounding (ties: larger
/// contribution, then rules order), so a notice's lines add up to its total exactly.
public struct FactorShare: Hashable, Sendable, Codable {
    public let quantity: Int64
    public let portion: Money
}
