import CoopModel

/// The inputs checked once and laid out for the hot path: members sorted by id, quantities in
/// one flat row-major array indexed by measure position, so no dictionary is read per member
/// after this.
struct PatronageTable {
    let measureNames: [String]
    /// Sorted ascending, no duplicates.
    let members: [MemberID]
    let qualified: [Bool]
    /// `quantities[i * measureCount + k]`: member i's quantity of measure k.
    let quantities: [Int64]
    /// Per measure, Σ over members; each below `Money.limit`.
    let totals: [Int64]

    var measureCount: Int { measureNames.count }

    init(measureNames: [String], inputs: [PatronageInput]) throws(PatronageError) {
        self.measureNames = measureNames
        let k = measureNames.count
        let order = try Self.sortedOrder(inputs)
        // Few measures (the usual one to three): comparing names beats hashing them.
        let lookup: [String: Int]? =
            k > 8
            ? Dictionary(measureNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) : nil

        var members: [MemberID] = []
        var qualified: [Bool] = []
        var quantities = [Int64](repeating: 0, count: inputs.count * k)
        var totals = [Int64](repeating: 0, count: k)
        members.reserveCapacity(inputs.count)
        qualified.reserveCapacity(inputs.count)
        for (row, index) in order.enumerated() {
            let input = inputs[index]
            members.append(input.member)
            qualified.append(input.qualified)
            for (name, quantity) in input.quantities {
                let position: Int? = if let lookup { lookup[name] } else { measureNames.firstIndex(of: name) }
                guard let position else { throw .unknownMeasure(member: input.member, measure: name) }
                guard quantity >= 0 else {
                    throw .negativeQuantity(member: input.member, measure: name, quantity: quantity)
                }
                quantities[row * k + position] = quantity
                let (sum, overflow) = totals[position].addingReportingOverflow(quantity)
                guard !overflow, sum < Money.limit else { throw .measureTotalTooLarge(measure: name) }
                totals[position] = sum
            }
        }
        self.members = members
        self.qualified = qualified
        self.quantities = quantities
        self.totals = totals
    }

    /// Input positions in member-id order; refuses a member listed twice. Already-sorted input
    /// (the usual case, from a register) is detected in one pass and not sorted again.
    private static func sortedOrder(_ inputs: [PatronageInput]) throws(PatronageError) -> [Int] {
        var sorted = true
        for i in inputs.indices.dropFirst() where !(inputs[i - 1].member < inputs[i].member) {
            sorted = false
            break
        }
        if sorted { return Array(inputs.indices) }
        let order = inputs.indices.sorted { inputs[$0].member < inputs[$1].member }
        for i in order.indices.dropFirst() where inputs[order[i - 1]].member == inputs[order[i]].member {
            throw .duplicateMember(inputs[order[i]].member)
        }
        return order
    }
}
