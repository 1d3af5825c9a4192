import CoopModel

/// The members' rows of an allocation, sorted by member id, stored by column.
///
/// A cooperative can have a million members; one row struct with its own factor array each
/// would be a million small heap blocks to allocate, hash and free. Columns are a few flat
/// arrays; each row is assembled when read. It encodes exactly as an array of
/// `MemberPatronage`, so the JSON (and its hash) is what the rows say.
public struct MemberPatronageList: RandomAccessCollection, Hashable, Sendable, Codable {
    let ids: [MemberID]
    let allocations: [Int64]
    let cash: [Int64]
    let belowMinimum: [Int64]
    let qualified: [Bool]
    /// Row-major, `factorCount` per row.
    let quantities: [Int64]
    /// Row-major, `factorCount` per row.
    let portions: [Int64]

    init(
        ids: [MemberID], allocations: [Int64], cash: [Int64], belowMinimum: [Int64], qualified: [Bool],
        quantities: [Int64], portions: [Int64]
    ) {
        self.ids = ids
        self.allocations = allocations
        self.cash = cash
        self.belowMinimum = belowMinimum
        self.qualified = qualified
        self.quantities = quantities
        self.portions = portions
    }

    static let empty = MemberPatronageList(
        ids: [], allocations: [], cash: [], belowMinimum: [], qualified: [],
        quantities: [], portions: [])

    /// Measures per row (0 when there are no rows).
    var factorCount: Int { ids.isEmpty ? 0 : quantities.count / ids.count }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ids.count }

    public subscript(position: Int) -> MemberPatronage {
        let k = factorCount
        let allocation = Money(cents: allocations[position])
        let cashPart = Money(cents: cash[position])
        return MemberPatronage(
            member: ids[position], allocation: allocation, cash: cashPart, retained: allocation - cashPart,
            belowMinimum: Money(cents: belowMinimum[position]), qualified: qualified[position],
            factors: (position * k..<(position + 1) * k).map {
                FactorShare(quantity: quantities[$0], portion: Money(cents: portions[$0]))
            })
    }

    /// The row of `member`, found by binary search; nil when the member had no patronage.
    public func row(for member: MemberID) -> MemberPatronage? {
        var lo = 0
        var hi = ids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ids[mid] < member { lo = mid + 1 } else { hi = mid }
        }
        return lo < ids.count && ids[lo] == member ? self[lo] : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for row in self { try container.encode(row) }
    }

    /// Reads the rows back, refusing what `allocate` cannot produce: rows out of id order,
    /// differing factor counts, or a retained part that is not allocation − cash.
    public init(from decoder: any Decoder) throws {
        let rows = try [MemberPatronage](from: decoder)
        let k = rows.first?.factors.count ?? 0
        for (i, row) in rows.enumerated() {
            guard row.factors.count == k, row.retained == row.allocation - row.cash,
                i == 0 || rows[i - 1].member < row.member
            else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "member row \(row.member) is inconsistent (order, factor count or retained part)"))
            }
        }
        self.init(
            ids: rows.map(\.member), allocations: rows.map(\.allocation.cents), cash: rows.map(\.cash.cents),
            belowMinimum: rows.map(\.belowMinimum.cents), qualified: rows.map(\.qualified),
            quantities: rows.flatMap { $0.factors.map(\.quantity) },
            portions: rows.flatMap { $0.factors.map(\.portion.cents) })
    }
}
