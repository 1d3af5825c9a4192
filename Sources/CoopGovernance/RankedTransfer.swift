/// The papers one Scottish round moved: from whom, at what values, to whom.
public struct RankedTransfer: Hashable, Sendable, Codable {
    /// Papers of one value as received by the transferring candidate and the value they carry on.
    public struct Parcel: Hashable, Sendable, Codable {
        /// The value of each paper when the transferring candidate received it (1 for a first preference).
        public var received: VoteValue
        /// Its value now: `surplus × received / votes` truncated (a surplus), or `received` (an exclusion).
        public var transferValue: VoteValue
        public var papers: Int64

        enum CodingKeys: String, CodingKey {
            case received, papers
            case transferValue = "transfer_value"
        }

        public init(received: VoteValue, transferValue: VoteValue, papers: Int64) {
            self.received = received
            self.transferValue = transferValue
            self.papers = papers
        }
    }

    /// Papers and votes credited to one continuing candidate.
    public struct Credit: Hashable, Sendable, Codable {
        public var name: String
        public var papers: Int64
        public var votes: VoteValue

        public init(name: String, papers: Int64, votes: VoteValue) {
            self.name = name
            self.papers = papers
            self.votes = votes
        }
    }

    public var from: String
    /// The transferring candidate's votes before the transfer (B in rule 48(3)).
    public var votesBefore: VoteValue
    /// The surplus transferred (A's first factor in rule 48(3)); nil for an exclusion.
    public var surplus: VoteValue?
    /// Parcels by received value, highest value first.
    public var parcels: [Parcel]
    /// Continuing candidates credited, in candidate-list order.
    public var to: [Credit]
    /// Papers with no further continuing preference, and their value.
    public var exhaustedPapers: Int64
    public var exhaustedVotes: VoteValue
    /// What truncating the transfer values lost in this transfer.
    public var lossToFractions: VoteValue

    enum CodingKeys: String, CodingKey {
        case from, surplus, parcels, to
        case votesBefore = "votes_before"
        case exhaustedPapers = "exhausted_papers"
        case exhaustedVotes = "exhausted_votes"
        case lossToFractions = "loss_to_fractions"
    }

    public init(
        from: String, votesBefore: VoteValue, surplus: VoteValue?, parcels: [Parcel], to: [Credit], exhaustedPapers: Int64,
        exhaustedVotes: VoteValue, lossToFractions: VoteValue
    ) {
        self.from = from
        self.votesBefore = votesBefore
        self.surplus = surplus
        self.parcels = parcels
        self.to = to
        self.exhaustedPapers = exhaustedPapers
        self.exhaustedVotes = exhaustedVotes
        self.lossToFractions = lossToFractions
    }
}
