/// The outcome of a ranked count with every round written out as data.
///
/// Everything here is numbers, names and fixed codes (no floating point, no prose), so the
/// ledger can hash it into a signed digest; `RankedExplanation.lines(for:)` renders English.
/// Keys are snake_case.
public struct RankedResult: Hashable, Sendable, Codable {
    public var method: RankedMethod
    /// The candidate list, in the order ballots refer to it.
    public var candidates: [String]
    public var seats: Int
    /// Every ballot given, abstentions included.
    public var ballots: Int64
    /// Empty rankings.
    public var abstentions: Int64
    /// Non-empty rankings: what the quota is computed from.
    public var validBallots: Int64
    /// Decimal places of every value in this result.
    public var decimalPlaces: Int
    /// The quota in force at the last round (the Scottish quota never changes; Meek's does).
    public var quota: VoteValue
    /// The draw's seed (the SHA-256 of the motion's open entry), lowercase hex.
    public var seedHex: String
    /// Those elected, in order of election.
    public var winners: [String]
    /// Seats no one filled: too few candidates, or every continuing candidate held no vote.
    public var vacantSeats: Int
    /// Votes set aside with ballots that ranked no further continuing candidate, at the end.
    public var exhausted: VoteValue
    /// Votes lost by truncating transfer values, at the end (always 0 under Meek).
    public var lossToFractions: VoteValue
    public var rounds: [RankedRound]

    enum CodingKeys: String, CodingKey {
        case method, candidates, seats, ballots, abstentions, quota, winners, exhausted, rounds
        case validBallots = "valid_ballots"
        case decimalPlaces = "decimal_places"
        case seedHex = "seed_hex"
        case vacantSeats = "vacant_seats"
        case lossToFractions = "loss_to_fractions"
    }

    public init(
        method: RankedMethod, candidates: [String], seats: Int, ballots: Int64, abstentions: Int64, validBallots: Int64,
        decimalPlaces: Int, quota: VoteValue, seedHex: String, winners: [String], vacantSeats: Int, exhausted: VoteValue,
        lossToFractions: VoteValue, rounds: [RankedRound]
    ) {
        self.method = method
        self.candidates = candidates
        self.seats = seats
        self.ballots = ballots
        self.abstentions = abstentions
        self.validBallots = validBallots
        self.decimalPlaces = decimalPlaces
        self.quota = quota
        self.seedHex = seedHex
        self.winners = winners
        self.vacantSeats = vacantSeats
        self.exhausted = exhausted
        self.lossToFractions = lossToFractions
        self.rounds = rounds
    }
}
