/// One voter's ranking of candidates in a ranked-choice election, most preferred first.
///
/// Candidates are positions in the election's candidate list (0 is the first candidate). A
/// ranking may name some or all candidates (a truncated ranking is allowed); it may not name a
/// candidate twice or a position outside the list. An empty ranking is an abstention: it is
/// counted among the ballots but not among the valid votes, so it does not change the quota.
///
/// Encoded as `{"ranking": [2, 0, 1]}`.
public struct RankedBallot: Hashable, Sendable, Codable {
    /// Candidate positions, most preferred first.
    public var ranking: [Int]

    /// A ballot ranking `ranking` (positions, most preferred first); checked when counted.
    public init(_ ranking: [Int]) {
        self.ranking = ranking
    }

    /// The ranking of `names`, each looked up in `candidates`; refuses an unknown or repeated name.
    /// `ballot` is the position reported in an error.
    public init(names: [String], candidates: [String], ballot: Int = 0) throws {
        var positions: [Int] = []
        positions.reserveCapacity(names.count)
        for name in names {
            guard let i = candidates.firstIndex(of: name) else {
                throw RankedBallotError.unknownCandidateName(ballot: ballot, name: name)
            }
            guard !positions.contains(i) else { throw RankedBallotError.duplicateCandidate(ballot: ballot, name: name) }
            positions.append(i)
        }
        ranking = positions
    }

    /// True for the empty ranking.
    public var isAbstention: Bool { ranking.isEmpty }

    /// Refuses a position outside `candidates` or a candidate ranked twice. `ballot` is the
    /// position reported in an error.
    public func validate(candidates: [String], ballot: Int = 0) throws {
        var seen = [Bool](repeating: false, count: candidates.count)
        for c in ranking {
            guard c >= 0, c < candidates.count else {
                throw RankedBallotError.unknownCandidate(ballot: ballot, position: c, candidates: candidates.count)
            }
            guard !seen[c] else { throw RankedBallotError.duplicateCandidate(ballot: ballot, name: candidates[c]) }
            seen[c] = true
        }
    }
}
