import CoopCanonicalJSON
import CoopCrypto

/// Counts ranked ballots under a named rule set: a pure function of the candidates, the
/// ballots, the method and the seed of the draw.
///
/// The seed (32 bytes, normally the SHA-256 of the motion's open entry) is used only for the
/// draw that settles a tie no earlier round settles; `docs/RANKED.md` defines every rule.
public enum RankedCount {
    /// The most valid ballots a count takes: 10^9 votes at 9 decimal places still fit in Int64.
    public static let maxValidBallots: Int64 = 1_000_000_000

    /// Counts `ballots` for `candidates` under `method`, refusing an unusable candidate list,
    /// seat count or seed, and any ballot ranking an unknown candidate or one candidate twice.
    public static func count(
        candidates: [String], ballots: [RankedBallot], method: RankedMethod, seed: [UInt8]
    ) throws -> RankedResult {
        try validate(candidates: candidates, method: method, seed: seed)
        var seen = [Int](repeating: -1, count: candidates.count)
        var valid: [(ranking: [Int], weight: Int64)] = []
        valid.reserveCapacity(ballots.count)
        for (b, ballot) in ballots.enumerated() {
            for c in ballot.ranking {
                guard c >= 0, c < candidates.count else {
                    throw RankedBallotError.unknownCandidate(ballot: b, position: c, candidates: candidates.count)
                }
                guard seen[c] != b else { throw RankedBallotError.duplicateCandidate(ballot: b, name: candidates[c]) }
                seen[c] = b
            }
            if !ballot.ranking.isEmpty { valid.append((ballot.ranking, 1)) }
        }
        return try count(candidates: candidates, valid: valid, total: Int64(ballots.count), method: method, seed: seed)
    }

    /// Refuses an empty candidate list, an empty, repeated or unusable name (a double quote or a
    /// control character, which BLT cannot carry), a seat count below 1 (not 1 for IRV), or a
    /// seed that is not 32 bytes. The ledger can call this when nominations close.
    public static func validate(candidates: [String], method: RankedMethod, seed: [UInt8]) throws {
        guard !candidates.isEmpty else { throw RankedBallotError.noCandidates }
        var names = Set<String>()
        for (i, name) in candidates.enumerated() {
            guard !name.isEmpty else { throw RankedBallotError.emptyCandidateName(index: i) }
            guard !BLT.isUnusable(name) else { throw RankedBallotError.unusableCandidateName(name) }
            guard UnicodeNormalization.isNFC(name) else { throw RankedBallotError.unnormalizedCandidateName(name) }
            guard names.insert(name).inserted else { throw RankedBallotError.duplicateCandidateName(name) }
        }
        guard method.seats >= 1 else { throw RankedBallotError.invalidSeats(method.seats) }
        guard seed.count == 32 else { throw RankedBallotError.invalidSeed(length: seed.count) }
    }

    /// Counts already-validated non-empty rankings with weights; `total` includes abstentions.
    static func count(
        candidates: [String], valid: [(ranking: [Int], weight: Int64)], total: Int64, method: RankedMethod, seed: [UInt8]
    ) throws -> RankedResult {
        let groups = RankingGroups(valid)
        guard groups.papers <= maxValidBallots else {
            throw RankedBallotError.tooManyBallots(groups.papers, limit: maxValidBallots)
        }
        let places = method.decimalPlaces
        let tie = RankedTieBreaker(names: candidates, seed: seed, places: places)
        let rounds: [RankedRound], winners: [Int]
        switch method {
        case .instantRunoff, .scottishSTV:
            var count = ScottishCount(names: candidates, seats: method.seats, groups: groups, tie: tie)
            count.run()
            (rounds, winners) = (count.rounds, count.winners)
        case .meekSTV:
            var count = MeekCount(names: candidates, seats: method.seats, groups: groups, tie: tie)
            count.run()
            (rounds, winners) = (count.rounds, count.winners)
        }
        let last = rounds.last
        return RankedResult(
            method: method, candidates: candidates, seats: method.seats, ballots: total, abstentions: total - groups.papers,
            validBallots: groups.papers, decimalPlaces: places, quota: last?.quota ?? .zero(places: places),
            seedHex: Hex.encode(seed), winners: winners.map { candidates[$0] }, vacantSeats: method.seats - winners.count,
            exhausted: last?.exhausted ?? .zero(places: places), lossToFractions: last?.lossToFractions ?? .zero(places: places),
            rounds: rounds)
    }
}
