import CoopModel
import CoopPatronage
import Testing

/// Rule validation and every refusal, with messages that say what to do.
@Suite("Rules and errors")
struct RulesAndErrorTests {
    let sixtyForty = rules([("purchases", "60%"), ("hours", "40%")])

    @Test func validRulesHaveNoProblems() {
        #expect(sixtyForty.validate().isEmpty)
        #expect(rules([("a", "1/3"), ("b", "1/3"), ("c", "1/3")]).validate().isEmpty)
    }

    @Test func weightsMustSumToOne() throws {
        let bad = rules([("purchases", "60%"), ("hours", "30%")])
        let problems = bad.validate()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("9/10") == true)
        #expect(throws: PatronageError.invalidRules(problems)) {
            try PatronageAllocator.allocate(rules: bad, surplus: cents(100), members: [member(1, ["purchases": 1, "hours": 1])])
        }
        // Over 1 is as wrong as under.
        #expect(rules([("a", "2/3"), ("b", "2/3")]).validate().count == 1)
    }

    @Test func eachKindOfProblemIsListed() {
        #expect(rules([]).validate().count == 1)
        #expect(rules([("purchases", "1")], cash: "19.99%").validate().count == 1)
        #expect(rules([("purchases", "1")], cash: "20%").validate().isEmpty)
        #expect(rules([("purchases", "1")], cash: "101%").validate().count == 1)
        #expect(rules([("purchases", "1")], reserve: "100%").validate().isEmpty)
        #expect(rules([("purchases", "1")], reserve: "101%").validate().count == 1)
        #expect(rules([("purchases", "1")], minimum: cents(-1)).validate().count == 1)
        // Duplicate names (weights 1/2 + 1/2 do sum to 1, so that is the only problem).
        #expect(rules([("purchases", "1/2"), ("purchases", "1/2")]).validate().count == 1)
        #expect(rules([("purchases", "1"), ("hours", "0")]).validate().count == 1)
        // Several at once: all listed.
        #expect(rules([("a", "1/2"), ("a", "1/4")], reserve: "200%", cash: "10%").validate().count == 4)
    }

    @Test func aMeasureNobodyUsedIsNamed() {
        #expect(throws: PatronageError.zeroTotal(measure: "hours")) {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(100),
                members: [member(1, ["purchases": 5, "hours": 0]), member(2, ["purchases": 7])])
        }
    }

    @Test func noPatronageAtAllIsRefused() {
        #expect(throws: PatronageError.noPatronage) {
            try PatronageAllocator.allocate(rules: sixtyForty, surplus: cents(100), members: [])
        }
        #expect(throws: PatronageError.noPatronage) {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(100),
                members: [member(1, ["purchases": 0, "hours": 0]), member(2, [:])])
        }
    }

    @Test func badInputsAreRefused() {
        #expect(throws: PatronageError.unknownMeasure(member: id(2), measure: "hourz")) {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(100),
                members: [member(1, ["purchases": 1, "hours": 1]), member(2, ["hourz": 3])])
        }
        #expect(throws: PatronageError.negativeQuantity(member: id(1), measure: "hours", quantity: -4)) {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(100),
                members: [member(1, ["purchases": 1, "hours": -4])])
        }
        #expect(throws: PatronageError.duplicateMember(id(3))) {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(100),
                members: [member(3, ["purchases": 1]), member(1, ["hours": 1]), member(3, ["hours": 2])])
        }
        #expect(throws: PatronageError.measureTotalTooLarge(measure: "purchases")) {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(100),
                members: [
                    member(1, ["purchases": Money.limit - 1, "hours": 1]),
                    member(2, ["purchases": 1, "hours": 1]),
                ])
        }
        #expect(throws: PatronageError.negativeCarriedLoss(cents(-1))) {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(100), carriedLoss: cents(-1),
                members: [member(1, ["purchases": 1, "hours": 1])])
        }
        #expect(throws: PatronageError.amountOutOfRange(field: "net surplus", amount: cents(Money.limit))) {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(Money.limit),
                members: [member(1, ["purchases": 1, "hours": 1])])
        }
    }

    @Test func figuresBeyondExactRangeAreRefusedNotRounded() {
        // Weights with a 12-digit denominator and two large coprime totals: the common
        // denominator b·P·H ≈ 10^12 · 10^14 · 10^14 exceeds 128 bits.
        let fine = PatronageRules(
            measures: [
                PatronageMeasureRule(name: "purchases", weight: Ratio(reducing: 1, 999_999_999_989)!, unit: "cents"),
                PatronageMeasureRule(name: "hours", weight: Ratio(reducing: 999_999_999_988, 999_999_999_989)!, unit: "hours"),
            ],
            reserve: .zero, cashPercent: ratio("20%"))
        let huge = [
            member(1, ["purchases": 99_999_999_999_997, "hours": 99_999_999_999_989]),
            member(2, ["purchases": 2, "hours": 2]),
        ]
        expectExceedsRange { try PatronageAllocator.allocate(rules: fine, surplus: cents(100), members: huge) }
        // 60/40 over totals near 10^15 keeps D ≈ 5·10^30, but a pool near 10^15 times that does not fit.
        expectExceedsRange {
            try PatronageAllocator.allocate(
                rules: sixtyForty, surplus: cents(Money.limit - 1),
                members: [
                    member(1, ["purchases": 999_999_999_999_989, "hours": 3]),
                    member(2, ["purchases": 2, "hours": 999_999_999_999_994]),
                ])
        }
    }

    private func expectExceedsRange(
        _ body: () throws -> PatronageAllocation,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try body()
            Issue.record("expected exceedsExactRange", sourceLocation: sourceLocation)
        } catch {
            guard case .exceedsExactRange? = error as? PatronageError else {
                Issue.record("wrong error: \(error)", sourceLocation: sourceLocation)
                return
            }
        }
    }

    @Test func messagesSayWhatToDo() {
        #expect(PatronageError.zeroTotal(measure: "hours").description.contains("hours"))
        #expect(PatronageError.noPatronage.description.contains("record"))
        #expect(PatronageError.invalidRules(["x", "y"]).description.contains("2 problems"))
        #expect(PatronageError.exceedsExactRange("d").description.contains("coarser units"))
    }
}
