/// A ranked election decided from its resolved ballots: the quorum as for every election, then
/// the ranked count (`RankedCount`) of the ballots that count.
///
/// Why here and not in the ledger: the box knows which ballot counts for whom; this turns those
/// into the count's input the same way for the close, the tally and the BLT export.
public struct RankedElectionResult: Hashable, Sendable {
    /// The election's common result: quorum, first preferences as `ranking`, winners, explanation.
    public var election: ElectionResult
    /// The full count, round by round; nil when the quorum was not met (nothing was counted).
    public var ranked: RankedResult?
}

extension ResolvedBallots {
    /// The counted ballots as rankings of `candidates`, in member order (no voter ids survive).
    /// Abstentions are empty rankings; a ballot that is not a ranking is an abstention too (the
    /// box refuses those in a ranked election, so none reach here).
    public func rankedBallots(candidates: [String]) throws -> [RankedBallot] {
        try ballots.enumerated().map { i, b in
            guard case .ranking(let names) = b.choice else { return RankedBallot([]) }
            return try RankedBallot(names: names, candidates: candidates, ballot: i)
        }
    }
}

extension ElectionResult {
    /// Decides a ranked election: quorum on ballots (abstentions included), then the count of
    /// `ballots` under `method` with the draw seeded by `seed` (the open entry's 32-byte hash).
    public static func decideRanked(
        _ tally: ElectionTally, method: RankedMethod, candidates: [String], ballots: [RankedBallot], quorum: Quorum,
        seed: [UInt8]
    ) throws -> RankedElectionResult {
        let needed = quorum.needed(electorate: tally.electorate)
        let met = tally.ballots >= needed
        let ranking = tally.counts.sorted {
            $0.votes != $1.votes ? $0.votes > $1.votes : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
        }
        var result = ElectionResult(
            method: tally.method, quorumMet: met, quorumNeeded: needed, ranking: ranking, winners: [], tieBreak: nil,
            vacantSeats: method.seats,
            explanation: [
                "electorate \(tally.electorate); ballots \(tally.ballots) (abstentions \(tally.abstentions))",
                quorumLine(quorum, ballots: tally.ballots, needed: needed, electorate: tally.electorate),
            ])
        guard met else {
            result.explanation.append("result: quorum not met → no one is elected; the ballots are not counted")
            return RankedElectionResult(election: result, ranked: nil)
        }
        let ranked = try RankedCount.count(candidates: candidates, ballots: ballots, method: method, seed: seed)
        result.winners = ranked.winners
        result.vacantSeats = ranked.vacantSeats
        result.explanation += RankedExplanation.lines(for: ranked)
        return RankedElectionResult(election: result, ranked: ranked)
    }

    /// The quorum's evidence, worded as for plurality and approval elections.
    static func quorumLine(_ quorum: Quorum, ballots: Int64, needed: Int64, electorate: Int64) -> String {
        let met = ballots >= needed
        let op = met ? "≥" : "<", verdict = met ? "met" : "not met"
        switch quorum {
        case .none: return "quorum: none required → met"
        case .count: return "quorum: \(ballots) \(op) \(needed) (fixed count) → \(verdict)"
        case .fraction(let r): return "quorum: \(ballots) \(op) \(needed) = ⌈\(r) · \(electorate)⌉ → \(verdict)"
        }
    }
}
