import CoopModel

/// One measure of patronage (purchases in cents, hours worked) and its share of the allocation.
///
/// Bylaws weigh several kinds of use of the cooperative; each member's share of a measure counts
/// toward their allocation in proportion to the measure's weight.
public struct PatronageMeasureRule: Hashable, Sendable, Codable {
    /// The key members' quantities are reported under (`purchases`, `hours`); unique in the rules.
    public var name: String
    /// The measure's share of the allocation; all weights together sum to exactly 1.
    public var weight: Ratio
    /// What one unit of the quantity is (`cents`, `hours`), for notices; never used in arithmetic.
    public var unit: String

    public init(name: String, weight: Ratio, unit: String) {
        self.name = name
        self.weight = weight
        self.unit = unit
    }
}

/// What happens to a net patronage loss (a year whose patronage-sourced surplus is negative).
public enum LossPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// The unallocated reserve absorbs the whole loss.
    case reserve
    /// The loss is charged to members' capital accounts by the year's patronage weights.
    case capitalAccounts = "capital-accounts"
    /// The loss is carried forward and offset against later years' surplus before anything else.
    case carryForward = "carry-forward"
}

/// The bylaws' year-end patronage rules (Subchapter T): how surplus is weighed, reserved, paid.
public struct PatronageRules: Hashable, Sendable, Codable {
    /// The least cash part a qualified written notice allows: 20% (IRC §1388(c)(1)(A)).
    public static let minimumCashPercent = Ratio.fraction(1, 5)

    /// The measures and their weights, in the order notices list them.
    public var measures: [PatronageMeasureRule]
    /// The share of net patronage surplus kept in the unallocated collective reserve (0...1).
    public var reserve: Ratio
    /// The share of each allocation paid in cash (at least 20%, at most 100%); the rest is retained.
    public var cashPercent: Ratio
    /// Allocations below this amount are not made: they go to the reserve instead, because a
    /// notice and a capital lot for a few cents cost more than they are worth. Zero disables it.
    public var minimumAllocation: Money
    /// How a loss year is charged.
    public var lossPolicy: LossPolicy

    enum CodingKeys: String, CodingKey {
        case measures, reserve
        case cashPercent = "cash"
        case minimumAllocation = "minimum_allocation"
        case lossPolicy = "losses"
    }

    public init(
        measures: [PatronageMeasureRule], reserve: Ratio, cashPercent: Ratio,
        minimumAllocation: Money = .zero, lossPolicy: LossPolicy = .reserve
    ) {
        self.measures = measures
        self.reserve = reserve
        self.cashPercent = cashPercent
        self.minimumAllocation = minimumAllocation
        self.lossPolicy = lossPolicy
    }

    /// Every problem with the rules, each a sentence saying what to change; empty when valid.
    public func validate() -> [String] {
        var problems: [String] = []
        if measures.isEmpty {
            problems.append("no patronage measures: add at least one (for example purchases in cents, weight 1)")
        }
        var seen: Set<String> = []
        for measure in measures {
            if measure.name.isEmpty {
                problems.append("a measure has an empty name: give every measure a name")
            } else if !seen.insert(measure.name).inserted {
                problems.append("measure '\(measure.name)' is listed twice: keep one and merge their weights")
            }
            if measure.weight == .zero {
                problems.append("measure '\(measure.name)' has weight 0: remove it or give it a positive weight")
            }
        }
        if !measures.isEmpty {
            switch Self.sum(measures.map(\.weight)) {
            case let .some((n, d)) where n != d:
                problems.append("the measure weights sum to \(Self.text(n, d)), not 1: adjust them so they add up to exactly 1")
            case .none:
                problems.append("the measure weights' denominators are too large to add exactly: use simpler fractions or percentages")
            default:
                break
            }
        }
        if reserve > .one {
            problems.append("reserve is \(reserve), more than 100% of the surplus: use a share between 0 and 100%")
        }
        if cashPercent < Self.minimumCashPercent {
            problems.append("cash part is \(cashPercent), below the 20% a qualified notice requires: pay at least 20% in cash")
        }
        if cashPercent > .one {
            problems.append("cash part is \(cashPercent), more than 100% of the allocation: use a share between 20% and 100%")
        }
        if minimumAllocation < .zero || minimumAllocation.cents >= Money.limit {
            problems.append("minimum allocation \(minimumAllocation) is out of range: use 0 or a positive amount")
        }
        return problems
    }

    /// The exact sum of the weights in lowest terms, or nil when it does not fit 128 bits.
    static func sum(_ ratios: [Ratio]) -> (Int128, Int128)? {
        var n: Int128 = 0
        var d: Int128 = 1
        for r in ratios {
            // n/d + a/b = (n·(b/g) + a·(d/g)) / (d/g·b), g = gcd(d, b)
            let g = ExactMath.gcd(d, Int128(r.denominator))
            let b = Int128(r.denominator) / g
            guard let left = ExactMath.multiply(n, b), let right = ExactMath.multiply(Int128(r.numerator), d / g),
                let top = ExactMath.add(left, right), let bottom = ExactMath.multiply(d, b)
            else { return nil }
            let h = ExactMath.gcd(top, bottom)
            (n, d) = (top / h, bottom / h)
        }
        return (n, d)
    }

    private static func text(_ n: Int128, _ d: Int128) -> String { d == 1 ? "\(n)" : "\(n)/\(d)" }
}

extension Ratio {
    /// `n/d` for constants known to be valid (non-negative `n`, positive `d`).
    static func fraction(_ n: Int64, _ d: Int64) -> Ratio { Ratio(reducing: n, d) ?? .zero }
}
