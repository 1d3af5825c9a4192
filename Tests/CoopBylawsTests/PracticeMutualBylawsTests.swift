import CoopBylaws
import CoopModel
import CoopPatronage
import Foundation
import Testing

/// The second example, examples/practice-mutual: clinicians sharing a value-based contract's
/// savings by aggregate measures (attributed patients, visits, quality points).
@Suite("Bylaws: the practice mutual example")
struct PracticeMutualBylawsTests {
    static var folder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/practice-mutual").path
    }

    static func patronage() throws -> PatronageBylaws {
        try #require(try BylawsReader.read(try BylawsFiles.load(folder: folder)).rules.patronage)
    }

    static func member(_ n: Int64) throws -> MemberID { try #require(MemberID(number: n)) }

    /// Each clinician's aggregates: attributed patients, visits, quality points.
    static func inputs(_ rows: [(Int64, Int64, Int64)]) throws -> [PatronageInput] {
        try rows.enumerated().map { i, r in
            PatronageInput(
                member: try member(Int64(i + 1)), quantities: ["attributed_patients": r.0, "visits": r.1, "quality": r.2], qualified: true)
        }
    }

    @Test func theExampleSaysWhatArticleVISays() throws {
        let p = try Self.patronage()
        #expect(p.rules.measures.map(\.name) == ["attributed_patients", "visits", "quality"])
        #expect(p.rules.measures.map(\.weight) == [Ratio("1/2"), Ratio("1/5"), Ratio("3/10")])
        #expect(p.rules.reserve == Ratio("3/20") && p.rules.cashPercent == Ratio("4/5"))
        #expect(p.rules.lossPolicy == .reserve)
        #expect(p.consent == [.bylaw, .written] && p.bylawConsent == "Article VI.4")
        let text = try String(contentsOfFile: Self.folder + "/bylaws.md", encoding: .utf8)
        #expect(text.contains("4. **Consent.** Each member, by accepting or keeping membership"))
    }

    /// $941.17 of savings: 15% reserve is ⌊141.1755⌋ = $141.17, leaving $800.00. Totals are 4
    /// patients, 4 visits, 4 points; clinician 1 (2, 1, 1) weighs 1/2·2/4 + 1/5·1/4 + 3/10·1/4 =
    /// 3/8, clinician 2 (1, 1, 1) 1/4, clinician 3 (1, 2, 2) 3/8: $300.00, $200.00, $300.00,
    /// 80% of each in cash.
    @Test func aSmallYearAllocatesExactlyToTheCent() throws {
        let a = try PatronageAllocator.allocate(
            rules: try Self.patronage().rules, surplus: Money(cents: 94_117), members: try Self.inputs([(2, 1, 1), (1, 1, 1), (1, 2, 2)]))
        #expect(a.reserve == Money(cents: 14_117) && a.pool == Money(cents: 80_000))
        #expect(a.members.map(\.allocation) == [Money(cents: 30_000), Money(cents: 20_000), Money(cents: 30_000)])
        #expect(a.members.map(\.cash) == [Money(cents: 24_000), Money(cents: 16_000), Money(cents: 24_000)])
        #expect(a.members.map(\.allocation).sum() + a.reserve == Money(cents: 94_117))
    }

    /// A pool that does not divide evenly still adds up exactly: every cent of the savings is
    /// either allocated or in the reserve, and no one is more than a cent from their exact share.
    @Test(arguments: [Int64(100_001), 18_642_037, 7, 333_333_333])
    func everyCentOfTheSavingsIsAllocatedOrReserved(_ cents: Int64) throws {
        let rows: [(Int64, Int64, Int64)] = [(1240, 3100, 625), (860, 2650, 580), (410, 1980, 712), (990, 2400, 540)]
        let a = try PatronageAllocator.allocate(rules: try Self.patronage().rules, surplus: Money(cents: cents), members: try Self.inputs(rows))
        #expect(a.reserve == Money(cents: cents * 3 / 20))
        #expect(a.members.map(\.allocation).sum() + a.reserve == Money(cents: cents))
        #expect(a.members.map { $0.cash + $0.retained } == a.members.map(\.allocation))
    }
}
