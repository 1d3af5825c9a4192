import CoopGovernance
import CoopModel
import Testing

@Suite("Tally outcomes under Robert's Rules")
struct TallyOutcomeTests {
    let fifth = Ratio("1/5")!

    @Test func tieFailsForMajority() {
        let outcome = VotingRule.majority.evaluate(Tally(electorate: 50, yes: 20, no: 20, abstain: 0))
        #expect(!outcome.passed)
        #expect(outcome.explanation.contains("threshold: 2·20 > 1·40 → 40 > 40 is false → fails"))
        #expect(outcome.explanation.last == "result: motion fails (threshold not reached)")
    }

    @Test func oneVoteOverATiePassesMajority() {
        let outcome = VotingRule.majority.evaluate(Tally(electorate: 50, yes: 21, no: 20))
        #expect(outcome.passed)
        #expect(outcome.explanation.contains("threshold: 2·21 > 1·41 → 42 > 41 → passes"))
    }

    @Test func exactlyTwoThirdsPassesAndOneShortFails() {
        let exact = VotingRule.twoThirds.evaluate(Tally(electorate: 100, yes: 40, no: 20))
        #expect(exact.passed)
        #expect(exact.explanation.contains("threshold: 3·40 ≥ 2·60 → 120 ≥ 120 → passes"))
        let short = VotingRule.twoThirds.evaluate(Tally(electorate: 100, yes: 39, no: 21))
        #expect(!short.passed)
        #expect(short.explanation.contains("threshold: 3·39 ≥ 2·60 → 117 ≥ 120 is false → fails"))
    }

    @Test func briefExampleExplanation() {
        let rule = VotingRule.twoThirds.with(quorum: .fraction(fifth))
        let outcome = rule.evaluate(Tally(electorate: 58, yes: 41, no: 4, abstain: 0))
        #expect(outcome.passed && outcome.quorumMet && outcome.quorumNeeded == 12 && outcome.base == 45)
        #expect(
            outcome.explanation == [
                "electorate 58; ballots 45 (yes 41, no 4, abstain 0)",
                "quorum: 45 ≥ 12 = ⌈1/5 · 58⌉ → met",
                "base: votes cast (yes + no) = 45",
                "threshold: 3·41 ≥ 2·45 → 123 ≥ 90 → passes",
                "result: motion passes",
            ])
    }

    @Test func threeQuartersIsInclusive() {
        #expect(VotingRule.threeQuarters.evaluate(Tally(electorate: 10, yes: 6, no: 2)).passed)
        #expect(!VotingRule.threeQuarters.evaluate(Tally(electorate: 10, yes: 5, no: 2)).passed)
    }

    @Test func abstentionsAreOutsideTheBaseButCountForQuorum() {
        // 10 of 58 is below a fifth (12); two abstentions make the quorum without changing the base.
        let rule = VotingRule.majority.with(quorum: .fraction(fifth))
        let without = rule.evaluate(Tally(electorate: 58, yes: 6, no: 4, abstain: 0))
        #expect(!without.quorumMet && !without.passed)
        #expect(without.explanation.contains("quorum: 10 < 12 = ⌈1/5 · 58⌉ → not met"))
        #expect(without.explanation.last == "result: motion fails (quorum not met)")
        let with = rule.evaluate(Tally(electorate: 58, yes: 6, no: 4, abstain: 2))
        #expect(with.quorumMet && with.passed && with.base == 10)
        #expect(with.explanation.contains("base: votes cast (yes + no) = 10"))
        #expect(with.explanation.contains("threshold: 2·6 > 1·10 → 12 > 10 → passes"))
    }

    @Test func quorumExactlyMetAndOneShort() {
        // ⌈1/5 · 60⌉ = 12 exactly; ⌈1/5 · 61⌉ = 13.
        let rule = VotingRule.majority.with(quorum: .fraction(fifth))
        let met = rule.evaluate(Tally(electorate: 60, yes: 7, no: 5))
        #expect(met.quorumMet && met.quorumNeeded == 12 && met.passed)
        #expect(met.explanation.contains("quorum: 12 ≥ 12 = ⌈1/5 · 60⌉ → met"))
        let short = rule.evaluate(Tally(electorate: 61, yes: 7, no: 5))
        #expect(!short.quorumMet && short.quorumNeeded == 13 && !short.passed)
        #expect(short.explanation.contains("quorum: 12 < 13 = ⌈1/5 · 61⌉ → not met"))
    }

    @Test func fixedCountQuorum() {
        let rule = VotingRule.majority.with(quorum: .count(5))
        #expect(rule.evaluate(Tally(electorate: 100, yes: 3, no: 1, abstain: 1)).quorumMet)
        let short = rule.evaluate(Tally(electorate: 100, yes: 3, no: 1))
        #expect(!short.quorumMet && !short.passed)
        #expect(short.explanation.contains("quorum: 4 < 5 (fixed count) → not met"))
    }

    @Test func zeroVotesFail() {
        let noBallots = VotingRule.majority.evaluate(Tally(electorate: 10, yes: 0, no: 0))
        #expect(!noBallots.passed && noBallots.base == 0)
        #expect(noBallots.explanation.contains { $0.hasPrefix("threshold: base is 0 → fails") })
        #expect(noBallots.explanation.last == "result: motion fails (no votes on the base)")
        // Everyone abstained: quorum met, but nobody was for or against. Inclusive 0 ≥ 0 must not pass.
        let allAbstain = VotingRule.twoThirds.evaluate(Tally(electorate: 10, yes: 0, no: 0, abstain: 10))
        #expect(allAbstain.quorumMet && !allAbstain.passed)
    }

    @Test func emptyElectorateFailsOnElectorateBase() {
        let outcome = VotingRule.majorityOfElectorate.evaluate(Tally(electorate: 0, yes: 0, no: 0))
        #expect(!outcome.passed)
        #expect(outcome.explanation.contains("base: electorate = 0"))
    }

    @Test func majorityOfTheElectorateCountsAbsentMembersAgainst() {
        // 30 yes, 2 no would carry an ordinary majority, not a majority of 61 members.
        let rule = VotingRule.majorityOfElectorate
        let short = rule.evaluate(Tally(electorate: 61, yes: 30, no: 2))
        #expect(VotingRule.majority.evaluate(Tally(electorate: 61, yes: 30, no: 2)).passed)
        #expect(!short.passed && short.base == 61)
        #expect(short.explanation.contains("threshold: 2·30 > 1·61 → 60 > 61 is false → fails"))
        let enough = rule.evaluate(Tally(electorate: 61, yes: 31, no: 0))
        #expect(enough.passed)
        #expect(enough.explanation.contains("threshold: 2·31 > 1·61 → 62 > 61 → passes"))
    }

    @Test func ballotsCastBaseCountsAbstentionsAgainst() {
        let rule = VotingRule(threshold: Ratio("1/2")!, base: .ballotsCast, comparison: .strict)
        let outcome = rule.evaluate(Tally(electorate: 20, yes: 6, no: 4, abstain: 3))
        #expect(!outcome.passed && outcome.base == 13)
        #expect(outcome.explanation.contains("base: ballots cast (yes + no + abstain) = 13"))
        #expect(outcome.explanation.contains("threshold: 2·6 > 1·13 → 12 > 13 is false → fails"))
        #expect(VotingRule.majority.evaluate(Tally(electorate: 20, yes: 6, no: 4, abstain: 3)).passed)
    }

    @Test func strictAndInclusiveDifferOnlyAtTheThreshold() {
        let half = Ratio("1/2")!
        let strict = VotingRule(threshold: half, comparison: .strict)
        let inclusive = VotingRule(threshold: half, comparison: .inclusive)
        let tie = Tally(electorate: 10, yes: 5, no: 5)
        #expect(!strict.evaluate(tie).passed)
        #expect(inclusive.evaluate(tie).passed)
        #expect(inclusive.evaluate(tie).explanation.contains("threshold: 2·5 ≥ 1·10 → 10 ≥ 10 → passes"))
        let clear = Tally(electorate: 10, yes: 6, no: 4)
        #expect(strict.evaluate(clear).passed && inclusive.evaluate(clear).passed)
    }

    @Test func hugeCountsUseExactWideArithmetic() {
        // yes/base is exactly 999999999/10^9 here and the products (~4·10^27) overflow Int64.
        let k: Int64 = 4_000_000_000
        let rule = VotingRule(threshold: Ratio(reducing: 999_999_999, 1_000_000_000)!, comparison: .inclusive)
        let exact = rule.evaluate(Tally(electorate: Int64.max, yes: 999_999_999 * k, no: k))
        #expect(exact.passed)
        #expect(
            exact.explanation.contains(
                "threshold: 1000000000·3999999996000000000 ≥ 999999999·4000000000000000000 → "
                    + "3999999996000000000000000000 ≥ 3999999996000000000000000000 → passes"))
        #expect(!rule.evaluate(Tally(electorate: Int64.max, yes: 999_999_999 * k, no: k + 1)).passed)
    }

    @Test func inconsistentTallyFailsWithReason() {
        let outcome = VotingRule.majority.evaluate(Tally(electorate: 3, yes: 3, no: 1))
        #expect(!outcome.passed)
        #expect(outcome.explanation.last == "tally inconsistent: 4 ballots exceed the electorate of 3 → fails")
        #expect(!VotingRule.majority.evaluate(Tally(electorate: 3, yes: -1, no: 0)).passed)
    }
}
