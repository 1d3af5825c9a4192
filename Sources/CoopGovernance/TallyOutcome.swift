import CoopModel

/// Whether a motion passed under a rule, with the arithmetic written out so any member can check
/// it by hand.
///
/// A motion passes when the quorum is met, the base is not zero, and yes clears the threshold.
/// A zero base fails: with no one for or against (or an empty electorate) there is no decision
/// to record, and "0 > 0" would otherwise hinge on the comparison chosen.
public struct TallyOutcome: Hashable, Sendable, Codable {
    public var passed: Bool
    public var quorumMet: Bool
    /// Ballots (abstentions included) the quorum required.
    public var quorumNeeded: Int64
    /// The number the threshold was a fraction of.
    public var base: Int64
    /// One line per step: the counts, the quorum, the base, the threshold inequality, the result.
    public var explanation: [String]

    public init(passed: Bool, quorumMet: Bool, quorumNeeded: Int64, base: Int64, explanation: [String]) {
        self.passed = passed
        self.quorumMet = quorumMet
        self.quorumNeeded = quorumNeeded
        self.base = base
        self.explanation = explanation
    }

    enum CodingKeys: String, CodingKey {
        case passed, base, explanation
        case quorumMet = "quorum_met"
        case quorumNeeded = "quorum_needed"
    }

    /// Decides `tally` under `rule` with exact integer arithmetic (Int128 products):
    /// yes/base ⋛ n/d is tested as d·yes ⋛ n·base, never by dividing.
    public static func evaluate(rule: VotingRule, tally: Tally) -> TallyOutcome {
        var lines = [
            "electorate \(tally.electorate); ballots \(tally.ballots) (yes \(tally.yes), no \(tally.no), abstain \(tally.abstain))"
        ]
        if let problem = tally.inconsistency {
            lines.append("tally inconsistent: \(problem) → fails")
            return TallyOutcome(passed: false, quorumMet: false, quorumNeeded: 0, base: 0, explanation: lines)
        }

        let needed = rule.quorum.needed(electorate: tally.electorate)
        let quorumMet = tally.ballots >= Int128(needed)
        lines.append(quorumLine(rule.quorum, ballots: tally.ballots, needed: needed, electorate: tally.electorate, met: quorumMet))

        let base: Int128
        switch rule.base {
        case .votesCast:
            base = tally.votesCast
            lines.append("base: votes cast (yes + no) = \(base)")
        case .ballotsCast:
            base = tally.ballots
            lines.append("base: ballots cast (yes + no + abstain) = \(base)")
        case .electorate:
            base = Int128(tally.electorate)
            lines.append("base: electorate = \(base)")
        }

        let clears: Bool
        if base == 0 {
            clears = false
            lines.append("threshold: base is 0 → fails (a motion with no votes on its base is not adopted)")
        } else {
            let d = Int128(rule.threshold.denominator), n = Int128(rule.threshold.numerator)
            let lhs = d * Int128(tally.yes), rhs = n * base
            let op = rule.comparison == .strict ? ">" : "≥"
            clears = rule.comparison == .strict ? lhs > rhs : lhs >= rhs
            lines.append(
                "threshold: \(d)·\(tally.yes) \(op) \(n)·\(base) → \(lhs) \(op) \(rhs)"
                    + (clears ? " → passes" : " is false → fails"))
        }

        let passed = quorumMet && clears
        let reason: String
        if passed {
            reason = "passes"
        } else if !quorumMet {
            reason = "fails (quorum not met)"
        } else if base == 0 {
            reason = "fails (no votes on the base)"
        } else {
            reason = "fails (threshold not reached)"
        }
        lines.append("result: motion \(reason)")
        // The base fits Int64: it is at most the electorate or a sum checked against it.
        return TallyOutcome(
            passed: passed, quorumMet: quorumMet, quorumNeeded: needed,
            base: Int64(clamping: base), explanation: lines)
    }

    private static func quorumLine(_ quorum: Quorum, ballots: Int128, needed: Int64, electorate: Int64, met: Bool) -> String {
        let verdict = met ? "met" : "not met"
        let op = met ? "≥" : "<"
        switch quorum {
        case .none:
            return "quorum: none required → met"
        case .count:
            return "quorum: \(ballots) \(op) \(needed) (fixed count) → \(verdict)"
        case .fraction(let r):
            return "quorum: \(ballots) \(op) \(needed) = ⌈\(r) · \(electorate)⌉ → \(verdict)"
        }
    }
}

extension VotingRule {
    /// `TallyOutcome.evaluate(rule: self, tally:)`.
    public func evaluate(_ tally: Tally) -> TallyOutcome { TallyOutcome.evaluate(rule: self, tally: tally) }
}
