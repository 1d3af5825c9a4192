import CoopCrypto
import CoopGovernance
import CoopModel

/// A 32-byte draw seed made from `label`.
func drawSeed(_ label: String = "motion open entry") -> [UInt8] { SHA256.hash(Array(label.utf8)).bytes }

/// Ballots from `(papers, "A B C")` pairs: `papers` copies of the ranking of the named
/// candidates ("" is an abstention).
func rankedBallots(_ groups: [(Int, String)], candidates: [String]) throws -> [RankedBallot] {
    var ballots: [RankedBallot] = []
    for (papers, ranking) in groups {
        let names = ranking.split(separator: " ").map(String.init)
        let ballot = try RankedBallot(names: names, candidates: candidates)
        ballots += Array(repeating: ballot, count: papers)
    }
    return ballots
}

/// Counts `(papers, ranking)` groups.
func rankedCount(
    _ candidates: [String], _ groups: [(Int, String)], _ method: RankedMethod, seed: [UInt8] = drawSeed()
) throws -> RankedResult {
    try RankedCount.count(candidates: candidates, ballots: rankedBallots(groups, candidates: candidates), method: method, seed: seed)
}

/// The draw computed here from its definition, independently of the library: candidates
/// ascending by SHA-256(seed ‖ UTF-8 name).
func lotOrder(_ names: [String], seed: [UInt8]) -> [String] {
    names.sorted { SHA256.hash(seed + Array($0.utf8)).hex < SHA256.hash(seed + Array($1.utf8)).hex }
}

extension RankedRound {
    /// name → votes as text.
    var votes: [String: String] { Dictionary(uniqueKeysWithValues: tallies.map { ($0.name, $0.votes.description) }) }
    /// name → keep factor as text.
    var keepFactors: [String: String] {
        Dictionary(uniqueKeysWithValues: tallies.compactMap { t in t.keepFactor.map { (t.name, $0.description) } })
    }
    /// Sum of every candidate's votes, in units.
    var totalUnits: Int64 { tallies.reduce(0) { $0 + $1.votes.units } }
}

extension RankedResult {
    /// Every round's votes, exhausted and loss add up to the valid ballots, exactly.
    var conservesVotes: Bool {
        let valid = validBallots * VoteValue.scale(decimalPlaces)
        return rounds.allSatisfy { $0.totalUnits + $0.exhausted.units + $0.lossToFractions.units == valid }
    }
}

/// Random small elections for properties: a seeded generator, so a failure names its seed.
func randomElection(seed: UInt64, maxCandidates: Int = 6, maxBallots: Int = 40) -> (candidates: [String], ballots: [RankedBallot]) {
    var rng = SplitMix64(seed: seed)
    let n = 1 + Int(rng.next() % UInt64(maxCandidates))
    let candidates = (0..<n).map { String(UnicodeScalar(UInt8(65 + $0))) }
    let count = Int(rng.next() % UInt64(maxBallots + 1))
    var ballots: [RankedBallot] = []
    for _ in 0..<count {
        var pool = Array(0..<n)
        let length = Int(rng.next() % UInt64(n + 1))
        var ranking: [Int] = []
        for _ in 0..<length {
            ranking.append(pool.remove(at: Int(rng.next() % UInt64(pool.count))))
        }
        ballots.append(RankedBallot(ranking))
    }
    return (candidates, ballots)
}
