/// One round of a ranked count (a "stage" in the Scottish rules): what was done and the
/// state at its end.
public struct RankedRound: Hashable, Sendable, Codable {
    /// What a round does.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Scottish rule 45: first preferences counted.
        case firstPreferences = "first-preferences"
        /// Scottish rules 48-49: one elected candidate's surplus transferred.
        case surplus
        /// Scottish rules 50-51: the lowest candidate excluded and all their papers transferred.
        case exclusion
        /// Meek: votes distributed and keep factors iterated until a candidate is elected or the
        /// surplus is below omega (then the lowest candidate is excluded).
        case meek
        /// Meek: one last distribution after the last exclusion, before the remaining
        /// candidates are elected.
        case final
    }

    /// 1, 2, 3, ...
    public var number: Int
    public var kind: Kind
    /// The candidate whose surplus is transferred or who is excluded (Scottish rounds).
    public var candidate: String?
    public var quota: VoteValue
    /// Every candidate's votes and status at the end of the round, in candidate-list order.
    public var tallies: [CandidateTally]
    /// Candidates reaching the quota this round, in order of election.
    public var elected: [String]
    /// Candidates elected without the quota because no more continuing candidates than
    /// vacancies remained (Scottish rule 52, Meek step C.1).
    public var electedRemaining: [String]
    public var excluded: [String]
    /// The papers moved this round (Scottish surplus and exclusion rounds).
    public var transfer: RankedTransfer?
    /// Votes on exhausted ballots so far.
    public var exhausted: VoteValue
    /// Votes lost to truncation so far.
    public var lossToFractions: VoteValue
    /// Meek: the total surplus of the elected candidates after the round's last iteration.
    public var surplus: VoteValue?
    /// Meek: how many times votes were distributed this round.
    public var iterations: Int?
    public var tieBreaks: [RankedTieBreak]

    enum CodingKeys: String, CodingKey {
        case number, kind, candidate, quota, tallies, elected, excluded, transfer, exhausted, surplus, iterations
        case electedRemaining = "elected_remaining"
        case lossToFractions = "loss_to_fractions"
        case tieBreaks = "tie_breaks"
    }

    public init(
        number: Int, kind: Kind, candidate: String?, quota: VoteValue, tallies: [CandidateTally], elected: [String],
        electedRemaining: [String], excluded: [String], transfer: RankedTransfer?, exhausted: VoteValue,
        lossToFractions: VoteValue, surplus: VoteValue?, iterations: Int?, tieBreaks: [RankedTieBreak]
    ) {
        self.number = number
        self.kind = kind
        self.candidate = candidate
        self.quota = quota
        self.tallies = tallies
        self.elected = elected
        self.electedRemaining = electedRemaining
        self.excluded = excluded
        self.transfer = transfer
        self.exhausted = exhausted
        self.lossToFractions = lossToFractions
        self.surplus = surplus
        self.iterations = iterations
        self.tieBreaks = tieBreaks
    }
}

/// One candidate's standing at the end of a round.
public struct CandidateTally: Hashable, Sendable, Codable {
    /// Where a candidate stands; a candidate still continuing when the count ends was not elected.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Neither elected nor excluded ("hopeful" in Meek's terms).
        case continuing, elected, excluded
    }

    public var name: String
    public var votes: VoteValue
    public var status: Status
    /// Meek: the fraction of each vote reaching this candidate that it keeps.
    public var keepFactor: VoteValue?

    enum CodingKeys: String, CodingKey {
        case name, votes, status
        case keepFactor = "keep_factor"
    }

    public init(name: String, votes: VoteValue, status: Status, keepFactor: VoteValue? = nil) {
        self.name = name
        self.votes = votes
        self.status = status
        self.keepFactor = keepFactor
    }
}
