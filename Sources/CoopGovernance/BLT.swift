/// The BLT ballot file (Hill, Wichmann and Woodall, Algorithm 123, 1987), read by ERS,
/// OpenSTV, Droop and most STV tools, so anyone can re-count an election with another tool.
///
/// ```
/// 4 2          candidates, seats
/// 3 1 3 4 0    weight, then candidate numbers (from 1) in order of preference, then 0
/// 1 2 0
/// 0            end of ballots
/// "Adam"       one quoted name per candidate, in number order
/// "Basil"
/// "Charlotte"
/// "Donald"
/// "Title"      the election's title
/// ```
///
/// coop writes no withdrawn-candidate line, no voter or ballot ids, and no abstentions (empty
/// rankings are not valid votes and would change another tool's quota). Identical rankings are
/// one line with their count as its weight; lines are sorted by ranking, so the file keeps
/// nothing of the order ballots were cast in.
public enum BLT {
    /// The BLT text of an election. Throws for a name or title BLT cannot carry (a double quote
    /// or a control character) or a ballot that is not valid for `candidates`.
    public static func write(title: String, candidates: [String], ballots: [RankedBallot], seats: Int) throws -> String {
        guard !isUnusable(title) else { throw RankedBallotError.unusableTitle(title) }
        guard seats >= 1 else { throw RankedBallotError.invalidSeats(seats) }
        guard !candidates.isEmpty else { throw RankedBallotError.noCandidates }
        for name in candidates where name.isEmpty || isUnusable(name) {
            throw RankedBallotError.unusableCandidateName(name)
        }
        var weights: [[Int]: Int64] = [:]
        for (i, ballot) in ballots.enumerated() where !ballot.isAbstention {
            try ballot.validate(candidates: candidates, ballot: i)
            weights[ballot.ranking, default: 0] += 1
        }
        var text = "\(candidates.count) \(seats)\n"
        for ranking in weights.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            text += "\(weights[ranking] ?? 0) " + ranking.map { String($0 + 1) }.joined(separator: " ") + " 0\n"
        }
        text += "0\n"
        for name in candidates { text += "\"\(name)\"\n" }
        text += "\"\(title)\"\n"
        return text
    }

    /// True when `text` holds a double quote or a control character.
    public static func isUnusable(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\"" || $0.properties.generalCategory == .control }
    }
}
