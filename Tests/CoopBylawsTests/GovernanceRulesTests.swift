import CoopBylaws
import CoopGovernance
import CoopModel
import Foundation
import Testing

/// The `governance` section of rules.yaml: what the shipped bylaws say, and every bad value
/// reported where it is.
@Suite("Bylaws: governance rules")
struct GovernanceRulesTests {
    @Test func theShippedRulesSayWhatArticleVSays() throws {
        let g = try BylawsReader.read(try BylawsReaderTests.shipped()).rules.governance
        let clinicians = ["therapist", "prescriber", "staff"]
        #expect(g.resolution == VotingRule.majority.with(quorum: .fraction(Ratio("1/5")!)).with(eligible: clinicians))
        #expect(g.rule(for: .resolution).threshold == Ratio("1/2") && g.resolution.comparison == .strict)
        #expect(g.bylawsAmendment.threshold == Ratio("2/3") && g.bylawsAmendment.comparison == .inclusive)
        #expect(g.bylawsAmendment.noticeDays == 14)
        #expect(g.bylawsAmendment.eligibleClasses == nil && g.election.eligibleClasses == nil)  // supporters vote
        for kind in [MotionKind.resolution, .patronageApproval, .duesChange] {
            #expect(g.rule(for: kind).eligibleClasses == clinicians)
        }
        #expect(MotionKind.allCases.allSatisfy { g.rule(for: $0).proxies == nil && g.rule(for: $0).proposers == .board })
        #expect(g.electionMethod == .pluralityAtLarge(seats: 5))
    }

    @Test func proxiesSecondsAndCountsAreReadWhenTheBylawsUseThem() throws {
        let files = try BylawsReaderTests.editing(
            "    proxies: none\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:",
            "    voting_days: 7\n    proxies:\n      per_holder_limit: 2\n    eligible_classes: [therapist, prescriber, staff]\n"
                + "    proposers:\n      any_member:\n        seconds: 2\n  bylaws-amendment:")
        let r = try BylawsReader.read(files).rules.governance.resolution
        #expect(r.proxies == ProxyRule(perHolderLimit: 2))
        #expect(r.proposers == .anyMember(seconds: 2))
        #expect(r.votingDays == 7)
    }

    @Test func ballotSecrecyIsReadAndSecretProxiesNeedProxiesAndASecretBallot() throws {
        let shipped = try BylawsReader.read(try BylawsReaderTests.shipped()).rules.governance
        #expect(shipped.election.ballot == .onRequest && shipped.resolution.ballot == .open && !shipped.election.secretProxies)
        let secret = try BylawsReaderTests.editing(
            "    proxies: none\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:",
            "    proxies: {per_holder_limit: 1}\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n"
                + "    ballot: secret\n    secret_proxies: true\n  bylaws-amendment:")
        let r = try BylawsReader.read(secret).rules.governance.resolution
        #expect(r.ballot == .secret && r.secretProxies)
        let noProxies = try BylawsReaderTests.editing(
            "    proposers: board\n  bylaws-amendment:", "    proposers: board\n    ballot: secret\n    secret_proxies: true\n  bylaws-amendment:")
        #expect(throws: (any Error).self) { try BylawsReader.read(noProxies) }
        let unknown = try BylawsReaderTests.editing(
            "    proposers: board\n  bylaws-amendment:", "    proposers: board\n    ballot: sealed\n  bylaws-amendment:")
        #expect(throws: (any Error).self) { try BylawsReader.read(unknown) }
    }

    @Test func badValuesAreReportedWithLineAndPath() throws {
        var files = try BylawsReaderTests.editing("    threshold: \"2/3\"", "    threshold: \"3/2\"")
        var text = try #require(files.files[BylawsFiles.rulesFile])
        text = text.replacingOccurrences(of: "    notice_days: 14", with: "    notice_days: fortnight")
        text = text.replacingOccurrences(of: "    method: plurality-at-large", with: "    method: borda")
        text = text.replacingOccurrences(of: "  dues-change:\n    quorum: \"1/5\"", with: "  dues-change:\n    quorum: most")
        text = text.replacingOccurrences(of: "    seats: 5", with: "    seats: 5\n    seat: 4")
        text = text.replacingOccurrences(
            of:
                "  patronage-approval:\n    quorum: \"1/5\"\n    threshold: \"1/2\"\n    base: votes-cast\n    comparison: strict\n    notice_days: 0\n    proxies: none\n    eligible_classes: [therapist, prescriber, staff]",
            with:
                "  patronage-approval:\n    quorum: \"1/5\"\n    threshold: \"1/2\"\n    base: votes-cast\n    comparison: strict\n    notice_days: 0\n    proxies: none\n    eligible_classes: [therapist, dentist]"
        )
        files.files[BylawsFiles.rulesFile] = text
        let problems = BylawsReaderTests.problems(files)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of needle: String) -> Int? { lines.firstIndex { $0.contains(needle) }.map { $0 + 1 } }
        #expect(problems.count == 6, "\(problems)")
        #expect(problems.contains { $0.path == "governance.bylaws-amendment.threshold" && $0.line == line(of: "\"3/2\"") && $0.message.contains("at most 1") })
        #expect(problems.contains { $0.path == "governance.bylaws-amendment.notice_days" && $0.line == line(of: "fortnight") })
        #expect(problems.contains { $0.path == "governance.election.method" && $0.message.contains("borda") })
        #expect(problems.contains { $0.path == "governance.election.seat" && $0.message.contains("unknown rule") })
        #expect(problems.contains { $0.path == "governance.dues-change.quorum" && $0.line == line(of: "quorum: most") })
        #expect(problems.contains { $0.path == "governance.patronage-approval.eligible_classes" && $0.message.contains("\"dentist\" is not a member class") })
        #expect(problems.allSatisfy { $0.description.hasPrefix("rules.yaml:") && $0.column != nil })
    }

    @Test func anElectionMethodMayBeRanked() throws {
        let stv = try BylawsReaderTests.editing("    method: plurality-at-large\n    seats: 5", "    method: scottish-stv\n    seats: 3")
        #expect(try BylawsReader.read(stv).rules.governance.electionMethod == .ranked(.scottishSTV(seats: 3)))
        let meek = try BylawsReaderTests.editing("    method: plurality-at-large\n    seats: 5", "    method: meek-stv\n    seats: 2")
        #expect(try BylawsReader.read(meek).rules.governance.electionMethod == .ranked(.meekSTV(seats: 2)))
        let irv = try BylawsReaderTests.editing("    method: plurality-at-large\n    seats: 5", "    method: irv\n    seats: 1")
        #expect(try BylawsReader.read(irv).rules.governance.electionMethod == .ranked(.instantRunoff))
        // irv fills one seat: more is a problem on the method, named where it is.
        let wide = BylawsReaderTests.problems(try BylawsReaderTests.editing("    method: plurality-at-large", "    method: irv"))
        #expect(wide.contains { $0.path == "governance.election.method" && $0.message.contains("irv fills exactly 1 seat") })
    }

    @Test func theSectionAndEveryKindAreRequired() throws {
        let missing = BylawsReaderTests.problems(try BylawsReaderTests.editing("  election:\n    quorum: \"1/5\"", "  elections:\n    quorum: \"1/5\""))
        #expect(missing.contains { $0.path == "governance" && $0.message == "missing \"election\"" })
        #expect(missing.contains { $0.path == "governance.elections" && $0.message.contains("unknown rule") })
    }
}

extension VotingRule {
    func with(eligible classes: [String]) -> VotingRule {
        var copy = self
        copy.eligibleClasses = classes
        return copy
    }
}
