import CoopBylaws
import CoopModel
import Foundation
import Testing

/// The shipped example and the reader's error reporting.
@Suite("Bylaws as data")
struct BylawsReaderTests {
    static var shippedFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Bylaws").path
    }

    static func shipped() throws -> BylawsFiles { try BylawsFiles.load(folder: shippedFolder) }

    /// The shipped rules with `old` replaced by `new` (which must occur exactly once).
    static func editing(_ old: String, _ new: String) throws -> BylawsFiles {
        var files = try shipped()
        let text = try #require(files.files[BylawsFiles.rulesFile])
        #expect(text.components(separatedBy: old).count == 2, "\(old) must occur once")
        files.files[BylawsFiles.rulesFile] = text.replacingOccurrences(of: old, with: new)
        return files
    }

    static func problems(_ files: BylawsFiles) -> [BylawsProblem] {
        do {
            _ = try BylawsReader.read(files)
            return []
        } catch let BylawsError.invalid(problems) {
            return problems
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func theShippedBylawsReadAndSayWhatTheTextSays() throws {
        let bylaws = try BylawsReader.read(try Self.shipped())
        let r = bylaws.rules
        #expect(r.cooperative.name == "Riverbend Behavioral Health Cooperative")
        #expect(r.dues.tiers["supporter"]?.monthly == Money("17.00"))
        #expect(r.dues.tiers["prescriber"]?.monthly == Money("120.00"))
        #expect(r.dues.tiers["sliding"]?.accepts(own: Money("40.00")) == true)
        #expect(r.dues.tiers["sliding"]?.accepts(own: Money("90.00")) == false)
        #expect(r.dues.maxArrearsMonths == 3)
        #expect(r.dues.treatment == .feeForServices)
        #expect(r.share.price == Money("500.00") && r.share.instalments == 10)
        #expect(r.share.minimumPayment(remaining: Money("500.00")!) == Money("50.00"))
        #expect(r.classes["supporter"]?.shareRequired == false)
        #expect(r.roles(for: .memberAdmit) == [.secretary])
        #expect(r.roles(for: .duesPay) == [.treasurer])
        #expect(bylaws.version == (try BylawsFiles.load(folder: Self.shippedFolder).digest))
    }

    @Test func everyProblemIsListedWithItsLineAndPath() throws {
        let files = try Self.editing("monthly: \"25.00\"", "monthly: \"25.5\"")
        var text = try #require(files.files[BylawsFiles.rulesFile])
        text = text.replacingOccurrences(of: "max_arrears_months: 3", with: "max_arrears_months: three")
        text = text.replacingOccurrences(of: "  instalments: 10\n", with: "  instalments: 10\n  instalmnets: 12\n")
        let problems = Self.problems(BylawsFiles(files.files.merging([BylawsFiles.rulesFile: text]) { $1 }))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of needle: String) -> Int? { lines.firstIndex { $0.contains(needle) }.map { $0 + 1 } }
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.path == "dues.tiers.staff.monthly" && $0.line == line(of: "\"25.5\"") && $0.message.contains("17.00") })
        #expect(problems.contains { $0.path == "dues.max_arrears_months" && $0.line == line(of: "three") })
        #expect(problems.contains { $0.path == "share.instalmnets" && $0.message.contains("unknown rule") })
        #expect(problems.allSatisfy { $0.description.hasPrefix("rules.yaml:") })
    }

    @Test func crossReferencesAreChecked() throws {
        let files = try Self.editing("classes: [supporter]", "classes: [supporters]")
        let problems = Self.problems(files)
        #expect(problems.contains { $0.message.contains("unknown class \"supporters\"") })
        #expect(problems.contains { $0.message.contains("not open to it") })
    }

    @Test func officerActionsMustAllBeAssigned() throws {
        let problems = Self.problems(try Self.editing("    - dues.refund\n", ""))
        #expect(problems.map(\.message) == ["no role may sign dues.refund; give each to some role"])
        let unknown = Self.problems(try Self.editing("  auditor: []", "  auditor: [ledger.genesis]\n  chair: []"))
        #expect(unknown.contains { $0.message.contains("not an entry type officers sign") })
        #expect(unknown.contains { $0.message.contains("unknown officer role \"chair\"") })
    }

    /// `read` remembers bylaws it read well: the same files give the same rules, other files
    /// their own (more versions than it remembers, each read back in turn), and a bad file is
    /// refused every time it is read.
    @Test func rememberedBylawsAreTheFilesOwn() throws {
        let versions = try (1...6).map { try Self.editing("max_arrears_months: 3", "max_arrears_months: \($0)") }
        for round in 0..<2 {
            for (n, files) in versions.enumerated() {
                let bylaws = try BylawsReader.read(files)
                #expect(bylaws.rules.dues.maxArrearsMonths == n + 1, "round \(round), version \(n + 1)")
                #expect(bylaws.version == (try files.digest))
            }
        }
        let bad = try Self.editing("max_arrears_months: 3", "max_arrears_months: many")
        for _ in 0..<2 { #expect(!Self.problems(bad).isEmpty) }
    }

    @Test func yamlTypingDoesNotLeakIn() throws {
        // `no` would be a boolean to YAML 1.1; a rule that wants true/false says so.
        let problems = Self.problems(try Self.editing("    share_required: false\n    patronage: false", "    share_required: no\n    patronage: false"))
        #expect(problems.map(\.message) == ["expected true or false, not \"no\""])
    }

    @Test func brokenYAMLAndMissingFilesAreReported() throws {
        var files = try Self.shipped()
        files.files[BylawsFiles.rulesFile] = "schema: coop-bylaws/1\nclasses: [unclosed\n"
        let problems = Self.problems(files)
        #expect(problems.count == 1 && problems[0].line != nil && problems[0].message.hasPrefix("not valid YAML"))
        files.files[BylawsFiles.rulesFile] = nil
        files.files[BylawsFiles.textFile] = "  \n"
        #expect(Self.problems(files).map(\.file) == ["bylaws.md", "rules.yaml"])
    }

    @Test func anAliasBombIsReadWithoutExpandingIt() throws {
        // Ten levels of aliases name 10^10 scalars. Bylaws files arrive in amendments anyone on
        // the board may propose, so every verifier reads them: reading must stay bounded.
        var bomb = "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...10 { bomb += "x\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        var files = try Self.editing("  consent: [bylaw, written, qualified-check]", "  consent: *a10")
        files.files[BylawsFiles.rulesFile] = bomb + (files.files[BylawsFiles.rulesFile] ?? "")
        let problems = Self.problems(files)
        #expect(problems.count < 40)  // one per top-level item and alias key
        #expect(problems.contains { $0.path == "patronage.consent.0" })
    }

    @Test func aliasesCannotMakeTheRulesLargerThanTheirLimit() throws {
        // One 60 KB description used by twenty classes reads as 1.2 MB of rules: refused, once.
        let long = String(repeating: "a", count: 60_000)
        var classes = "classes:\n"
        for i in 0..<20 {
            classes +=
                "  c\(i):\n    description: \(i == 0 ? "&d " + long : "*d")\n    default_tier: supporter\n"
                + "    share_required: false\n    patronage: false\n"
        }
        let files = try Self.editing("classes:\n", classes)
        let problems = Self.problems(files).filter { $0.message.contains("KiB of text") }
        #expect(problems.count == 1)
    }

    @Test func theVersionHashCoversEveryFile() throws {
        let files = try Self.shipped()
        var changed = files
        changed.files[BylawsFiles.textFile]? += " "
        #expect(try files.digest != changed.digest)
    }
}
