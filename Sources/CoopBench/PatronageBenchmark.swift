import CoopModel
import CoopPatronage

/// Times `PatronageAllocator.allocate` on synthetic two-factor inputs (purchases in cents, hours).
public enum PatronageBenchmark {
    /// Builds `members` seeded inputs (purchases up to $500,000, hours up to 2,500, one in
    /// sixteen without consent), then times one `allocate` call only, with `ContinuousClock`.
    /// `seconds` is for reporting (the only floating point in this module); `checksum` mixes
    /// every member's allocation, cash and factor portions so runs can be compared.
    public static func run(members: Int, seed: UInt64) throws(PatronageError) -> (seconds: Double, checksum: UInt64) {
        let rules = PatronageRules(
            measures: [
                PatronageMeasureRule(name: "purchases", weight: .bench(3, 5), unit: "cents"),
                PatronageMeasureRule(name: "hours", weight: .bench(2, 5), unit: "hours"),
            ],
            reserve: .bench(1, 10), cashPercent: .bench(1, 5), minimumAllocation: Money(cents: 500))
        var random = SplitMix64(seed: seed)
        var inputs: [PatronageInput] = []
        inputs.reserveCapacity(members)
        for number in 0..<Int64(max(members, 0)) {
            guard let id = MemberID(number: number + 1) else { continue }
            let purchases = Int64(random.next() % 50_000_001)
            let hours = Int64(random.next() % 2_501)
            inputs.append(
                PatronageInput(
                    member: id, quantities: ["purchases": purchases, "hours": hours],
                    qualified: random.next() % 16 != 0))
        }
        // About $80 per member of surplus, so allocations straddle the $5 minimum.
        let surplus = Money(cents: Int64(members) * 8_000 + Int64(random.next() % 1_000_000))

        let clock = ContinuousClock()
        let start = clock.now
        let result = try PatronageAllocator.allocate(rules: rules, surplus: surplus, members: inputs)
        let elapsed = start.duration(to: clock.now)

        var checksum: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: Int64) {
            checksum = (checksum ^ UInt64(bitPattern: value)) &* 0x0000_0100_0000_01b3
        }
        for row in result.members {
            mix(row.member.number)
            mix(row.allocation.cents)
            mix(row.cash.cents)
            for factor in row.factors { mix(factor.portion.cents) }
        }
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) + Double(attoseconds) / 1e18, checksum)
    }
}
