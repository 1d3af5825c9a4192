import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import CoopPatronage
import Testing

@testable import CoopLedger

/// The result document's member rows are built by hand (for speed); the document must stay
/// exactly what `Codable` gives, or every result hash would change.
@Suite("The patronage result document")
struct PatronageDocumentTests {
    func allocation(surplus: String, carriedLoss: String = "0.00", minimum: String = "0.00") throws -> PatronageAllocation {
        let rules = PatronageRules(
            measures: [
                PatronageMeasureRule(name: "revenue", weight: Ratio("70%")!, unit: "cents"),
                PatronageMeasureRule(name: "hours", weight: Ratio("30%")!, unit: "hours"),
            ],
            reserve: Ratio("10%")!, cashPercent: Ratio("25%")!, minimumAllocation: Money(minimum)!)
        let members = (1...60).map { (i: Int) -> PatronageInput in
            let revenue = Int64(1000 + (i * 7919) % 90_000)
            let hours = Int64(i % 7 == 0 ? 0 : i * 3)
            return PatronageInput(member: MemberID(number: Int64(i))!, quantities: ["revenue": revenue, "hours": hours], qualified: i % 3 != 0)
        }
        return try PatronageAllocator.allocate(
            rules: rules, surplus: Money(surplus)!, nonPatronage: Money("125.00")!, carriedLoss: Money(carriedLoss)!, members: members)
    }

    @Test(arguments: [("25000.00", "0.00", "0.00"), ("25000.00", "1000.00", "300.00"), ("-3000.00", "0.00", "0.00")])
    func theHandBuiltDocumentIsTheCodableOne(surplus: String, carriedLoss: String, minimum: String) throws {
        let a = try allocation(surplus: surplus, carriedLoss: carriedLoss, minimum: minimum)
        let fiscal = FiscalYear(year: 2026, end: MonthDay("12-31")!)
        let document = PatronageComputation.Document(
            year: 2026, start: fiscal.start, end: fiscal.end, rulesVersion: SHA256.hash(Array("v".utf8)).hex, allocation: a)
        #expect(try PatronageComputation.documentTree(document) == (try JSONValue(encoding: document)))
        var encoder = CanonicalJSONEncoder()
        encoder.options = LedgerState.snapshotLimits
        let computed = try PatronageComputation(fiscal: fiscal, rulesVersion: SHA256.hash(Array("v".utf8)), allocation: a)
        #expect(computed.document == (try encoder.encode(document)))
        if minimum != "0.00" { #expect(a.belowMinimum > .zero) }
        if surplus.hasPrefix("-") { #expect(a.loss > .zero) }
    }
}
