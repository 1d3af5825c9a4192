import CoopBylaws
import CoopModel
import CoopPatronage
import Foundation
import Testing

/// The `patronage` section of rules.yaml: what the shipped bylaws say (Article VI), that the
/// section is optional, and every bad value reported where it is.
@Suite("Bylaws: patronage rules")
struct PatronageRulesTests {
    /// The shipped rules with each `(old, new)` replacement made (each `old` must occur once),
    /// the problems found, and the 1-based line of the first line containing a needle.
    static func problems(_ edits: [(String, String)]) throws -> (problems: [BylawsProblem], line: (String) -> Int?) {
        var files = try BylawsReaderTests.shipped()
        var text = try #require(files.files[BylawsFiles.rulesFile])
        for (old, new) in edits {
            #expect(text.components(separatedBy: old).count == 2, "\(old) must occur once")
            text = text.replacingOccurrences(of: old, with: new)
        }
        files.files[BylawsFiles.rulesFile] = text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (BylawsReaderTests.problems(files), { needle in lines.firstIndex { $0.contains(needle) }.map { $0 + 1 } })
    }

    static func ratio(_ text: String) throws -> Ratio { try #require(Ratio(text)) }

    @Test func theShippedRulesSayWhatArticleVISays() throws {
        let p = try #require(try BylawsReader.read(try BylawsReaderTests.shipped()).rules.patronage)
        let revenue = PatronageMeasureRule(name: "revenue", weight: try Self.ratio("3/5"), unit: "cents")
        let hours = PatronageMeasureRule(name: "hours", weight: try Self.ratio("2/5"), unit: "hours")
        #expect(p.rules.measures == [revenue, hours])
        #expect(p.rules.reserve == (try Self.ratio("1/10")))
        #expect(p.rules.cashPercent == (try Self.ratio("1/5")))
        #expect(p.rules.minimumAllocation == .zero)
        #expect(p.rules.lossPolicy == .reserve)
        #expect(p.consent == [.bylaw, .written, .qualifiedCheck])
        #expect(
            p.rules
                == PatronageRules(
                    measures: [revenue, hours], reserve: try Self.ratio("10%"), cashPercent: try Self.ratio("20%"),
                    minimumAllocation: .zero, lossPolicy: .reserve))
        #expect(p.rules.validate().isEmpty)
    }

    @Test func withoutTheSectionTheCooperativeMakesNoAllocations() throws {
        var files = try BylawsReaderTests.shipped()
        let text = try #require(files.files[BylawsFiles.rulesFile])
        let start = try #require(text.range(of: "# Article VI: patronage"))
        files.files[BylawsFiles.rulesFile] = String(text[..<start.lowerBound])
        #expect(try BylawsReader.read(files).rules.patronage == nil)
    }

    @Test func optionalKeysAndOtherSpellingsAreRead() throws {
        var files = try BylawsReaderTests.shipped()
        var text = try #require(files.files[BylawsFiles.rulesFile])
        text = text.replacingOccurrences(of: "  minimum_allocation: \"0.00\"\n", with: "")
        text = text.replacingOccurrences(of: "  losses: reserve", with: "  losses: carry-forward")
        text = text.replacingOccurrences(
            of: "  consent: [bylaw, written, qualified-check]\n  bylaw_consent: Article VI.3", with: "  consent:\n    - qualified-check")
        files.files[BylawsFiles.rulesFile] = text
        let p = try #require(try BylawsReader.read(files).rules.patronage)
        #expect(p.rules.minimumAllocation == .zero)
        #expect(p.rules.lossPolicy == .carryForward)
        #expect(p.consent == [.qualifiedCheck])
        let capital = try Self.problems([
            ("  losses: reserve", "  losses: capital-accounts"), ("  minimum_allocation: \"0.00\"", "  minimum_allocation: \"5.00\""),
        ])
        #expect(capital.problems.isEmpty, "\(capital.problems)")
    }

    @Test func weightsThatDoNotSumToOneAreReportedOnTheMeasures() throws {
        let (problems, line) = try Self.problems([("      weight: \"40%\"", "      weight: \"30%\"")])
        #expect(problems.count == 1, "\(problems)")
        let p = try #require(problems.first)
        #expect(p.path == "patronage.measures" && p.message.contains("sum to 9/10") && p.message.contains("exactly 1"))
        #expect(p.line == line("- name: revenue"))
    }

    @Test func aCashPartBelowTwentyPercentIsReportedOnCash() throws {
        let (problems, line) = try Self.problems([("  cash: \"20%\"", "  cash: \"10%\"")])
        #expect(problems.count == 1, "\(problems)")
        let p = try #require(problems.first)
        #expect(p.path == "patronage.cash" && p.line == line("  cash: \"10%\"") && p.message.contains("at least 20%"))
    }

    @Test func eachBadValueIsReportedWithItsLineAndPath() throws {
        let cases: [(old: String, new: String, path: String, needle: String, says: String)] = [
            ("  losses: reserve", "  losses: members", "patronage.losses", "losses: members", "reserve, capital-accounts, carry-forward"),
            (
                "  consent: [bylaw, written, qualified-check]", "  consent: [bylaw, handshake]", "patronage.consent.1", "handshake",
                "\"handshake\" is not a consent method"
            ),
            (
                "  consent: [bylaw, written, qualified-check]", "  consent: [bylaw, written, bylaw]", "patronage.consent.2", "consent: [",
                "listed twice"
            ),
            ("    - name: hours", "    - name: Hours", "patronage.measures.1.name", "Hours", "lowercase letter"),
            ("    - name: hours", "    - name: 2nd", "patronage.measures.1.name", "2nd", "lowercase letter"),
            ("      unit: hours\n", "      unit: hours\n      units: hours\n", "patronage.measures.1.units", "units: hours", "unknown rule"),
            ("      weight: \"40%\"", "      weight: \"0\"", "patronage.measures.1.weight", "weight: \"0\"", "above 0"),
            ("      weight: \"40%\"", "      weight: forty", "patronage.measures.1.weight", "forty", "60%"),
            ("      unit: cents\n", "", "patronage.measures.0", "- name: revenue", "missing \"unit\""),
            ("  consent: [bylaw, written, qualified-check]", "  consent: []", "patronage.consent", "consent: []", "at least one"),
            ("  reserve: \"10%\"", "  reserve: \"110%\"", "patronage.reserve", "110%", "more than 100%"),
            ("  minimum_allocation: \"0.00\"", "  minimum_allocation: \"-1.00\"", "patronage.minimum_allocation", "-1.00", "17.00"),
            ("  losses: reserve", "  losses: reserve\n  loses: reserve", "patronage.loses", "loses:", "unknown rule"),
            ("  cash: \"20%\"\n", "", "patronage", "  measures:", "missing \"cash\""),
        ]
        for c in cases {
            let (problems, line) = try Self.problems([(c.old, c.new)])
            #expect(problems.count == 1, "\(c.new): \(problems)")
            let p = try #require(problems.first)
            #expect(p.path == c.path, "\(p)")
            #expect(p.line == line(c.needle), "\(p)")
            #expect(p.message.contains(c.says), "\(p)")
            #expect(p.column != nil && p.description.hasPrefix("rules.yaml:"), "\(p)")
        }
    }

    @Test func aDuplicateMeasureIsReportedOnTheSecondOne() throws {
        let (problems, line) = try Self.problems([("    - name: hours", "    - name: revenue")])
        let p = try #require(problems.first)
        #expect(problems.count == 1 && p.path == "patronage.measures.1.name", "\(problems)")
        #expect(p.line == line("      weight: \"60%\"").map { $0 + 1 })
    }

    @Test func severalProblemsAreAllReportedAtOnce() throws {
        let (problems, line) = try Self.problems([
            ("    - name: hours", "    - name: Hours"), ("  cash: \"20%\"", "  cash: \"10%\""),
            ("  reserve: \"10%\"", "  reserve: \"3/2\""), ("  losses: reserve", "  losses: members"),
            ("  consent: [bylaw, written, qualified-check]", "  consent: [bylaw, handshake]"),
        ])
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.contains { $0.path == "patronage.measures.1.name" && $0.line == line("Hours") })
        #expect(problems.contains { $0.path == "patronage.cash" && $0.line == line("cash: \"10%\"") })
        #expect(problems.contains { $0.path == "patronage.reserve" && $0.line == line("reserve: \"3/2\"") })
        #expect(problems.contains { $0.path == "patronage.losses" && $0.line == line("losses: members") })
        #expect(problems.contains { $0.path == "patronage.consent.1" && $0.line == line("handshake") })
    }

    @Test func theEncodingIsDeterministicAndOlderRulesStillDecode() throws {
        let rules = try BylawsReader.read(try BylawsReaderTests.shipped()).rules
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try #require(String(data: try encoder.encode(rules.patronage), encoding: .utf8))
        #expect(json.contains("\"consent\":[\"written\",\"bylaw\",\"qualified-check\"]"), "\(json)")
        #expect(try JSONDecoder().decode(BylawsRules.self, from: try encoder.encode(rules)) == rules)
        var none = rules
        none.patronage = nil
        let older = try encoder.encode(none)
        #expect(!(String(data: older, encoding: .utf8) ?? "").contains("patronage\":{"))
        #expect(try JSONDecoder().decode(BylawsRules.self, from: older).patronage == nil)
    }

    /// `bylaw_consent` (membership is consent) needs `bylaw` among the consent methods, and names
    /// a provision of the text.
    @Test func consentByMembershipNeedsTheBylawMethodAndAProvision() throws {
        #expect(try #require(try BylawsReader.read(try BylawsReaderTests.shipped()).rules.patronage).bylawConsent == "Article VI.3")
        let (problems, line) = try Self.problems([("consent: [bylaw, written, qualified-check]", "consent: [written]")])
        let p = try #require(problems.first)
        #expect(problems.count == 1 && p.path == "patronage.bylaw_consent" && p.line == line("bylaw_consent:"), "\(problems)")
        #expect(p.message.contains("list bylaw in consent"))
        let blank = try Self.problems([("bylaw_consent: Article VI.3", "bylaw_consent: \"  \"")]).problems
        #expect(blank.map(\.path) == ["patronage.bylaw_consent"] && blank.first?.message.contains("Article VI.3") == true, "\(blank)")
    }
}
