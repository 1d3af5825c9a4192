/// The counted ballots on one motion: how many could vote and how each counted ballot went.
///
/// Counts only; who voted is in `ResolvedBallots`. A tally built by hand (a paper meeting
/// entered afterwards) is checked by `evaluate`: negative counts or more ballots than voters fail
/// the motion with an explanation instead of trapping.
public struct Tally: Hashable, Sendable, Codable {
    /// Members eligible to vote, frozen when voting opened.
    public var electorate: Int64
    public var yes: Int64
    public var no: Int64
    public var abstain: Int64

    public init(electorate: Int64, yes: Int64, no: Int64, abstain: Int64 = 0) {
        self.electorate = electorate
        self.yes = yes
        self.no = no
        self.abstain = abstain
    }

    /// Yes + no + abstain, what quorum is counted on (Int128: hand-built counts may be huge).
    public var ballots: Int128 { Int128(yes) + Int128(no) + Int128(abstain) }

    /// Yes + no: the votes for and against, Robert's base for a majority.
    public var votesCast: Int128 { Int128(yes) + Int128(no) }

    /// Why this tally cannot be real, or nil when it can.
    public var inconsistency: String? {
        if electorate < 0 || yes < 0 || no < 0 || abstain < 0 { return "a count is negative" }
        if ballots > Int128(electorate) { return "\(ballots) ballots exceed the electorate of \(electorate)" }
        return nil
    }
}
