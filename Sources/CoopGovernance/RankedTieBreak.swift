/// How one tie in a ranked count was broken, with what decided it.
///
/// Earlier rounds are consulted first, most recent first: at each, only the tied candidates
/// with the fewest votes (for an exclusion) or the most (for an order of precedence) stay in.
/// When one is left, that round decided. When the first round is passed with several left,
/// the draw decides: candidates ordered by SHA-256(seed ‖ UTF-8 name), ascending; the first in
/// that order is favoured (goes first, or survives an exclusion, where the last is excluded).
public struct RankedTieBreak: Hashable, Sendable, Codable {
    /// What the tie decides.
    public enum Purpose: String, Hashable, Sendable, Codable {
        /// Who is excluded among candidates tied lowest (Scottish rule 51, Meek step B.3).
        case exclusion
        /// Whose equal surplus is transferred first (Scottish rule 49(2)-(3)).
        case surplusOrder = "surplus-order"
        /// Who among candidates elected in the same round with equal votes is elected first.
        case electionOrder = "election-order"
    }

    /// What decided the tie.
    public enum Rule: String, Hashable, Sendable, Codable {
        case earlierRound = "earlier-round"
        case draw
    }

    /// One earlier round that narrowed the tie.
    public struct Step: Hashable, Sendable, Codable {
        public var round: Int
        /// The tied candidates still in after this round, in candidate-list order.
        public var remaining: [String]

        public init(round: Int, remaining: [String]) {
            self.round = round
            self.remaining = remaining
        }
    }

    /// One candidate's place in the draw.
    public struct Lot: Hashable, Sendable, Codable {
        public var name: String
        /// SHA-256(seed ‖ UTF-8 name), lowercase hex.
        public var hashHex: String

        enum CodingKeys: String, CodingKey {
            case name
            case hashHex = "hash_hex"
        }

        public init(name: String, hashHex: String) {
            self.name = name
            self.hashHex = hashHex
        }
    }

    public var purpose: Purpose
    /// The tied candidates, in candidate-list order.
    public var tied: [String]
    /// Their (equal, or under Meek within the surplus) current votes, in the same order.
    public var votes: [VoteValue]
    /// Earlier rounds that narrowed the tie, most recent first.
    public var earlierRounds: [Step]
    /// The draw among those still tied, ascending by hash; nil when an earlier round decided.
    public var draw: [Lot]?
    public var decidedBy: Rule
    /// The candidate excluded (`.exclusion`) or taken first (otherwise).
    public var chosen: String

    enum CodingKeys: String, CodingKey {
        case purpose, tied, votes, draw, chosen
        case earlierRounds = "earlier_rounds"
        case decidedBy = "decided_by"
    }

    public init(
        purpose: Purpose, tied: [String], votes: [VoteValue], earlierRounds: [Step], draw: [Lot]?, decidedBy: Rule,
        chosen: String
    ) {
        self.purpose = purpose
        self.tied = tied
        self.votes = votes
        self.earlierRounds = earlierRounds
        self.draw = draw
        self.decidedBy = decidedBy
        self.chosen = chosen
    }
}
