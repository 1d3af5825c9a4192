import CoopCrypto

/// Breaks ties in a ranked count: earlier rounds first, then the draw (see `RankedTieBreak`).
///
/// The draw's lot order is fixed once per count: candidates ascending by SHA-256(seed ‖ UTF-8
/// name), comparing the 32 digest bytes as unsigned numbers (the same as comparing lowercase
/// hex). The first in lot order is favoured; an exclusion by lot takes the last.
struct RankedTieBreaker: Sendable {
    let names: [String]
    let digests: [SHA256Digest]
    let places: Int

    init(names: [String], seed: [UInt8], places: Int) {
        self.names = names
        self.places = places
        digests = names.map { SHA256.hash(seed + Array($0.utf8)) }
    }

    /// True when candidate `a` comes before `b` in lot order.
    func lotPrecedes(_ a: Int, _ b: Int) -> Bool {
        digests[a] != digests[b] ? digests[a] < digests[b] : names[a].utf8.lexicographicallyPrecedes(names[b].utf8)
    }

    /// Chooses among `tied` (two or more candidates): the one to exclude for `.exclusion`, the
    /// one to take first otherwise. `history[i]` holds every candidate's votes at the end of
    /// round i + 1, for the rounds before the current one.
    func choose(
        _ tied: [Int], purpose: RankedTieBreak.Purpose, current: [Int64], history: ArraySlice<[Int64]>
    ) -> (chosen: Int, record: RankedTieBreak) {
        let lowest = purpose == .exclusion
        var remaining = tied.sorted()
        var steps: [RankedTieBreak.Step] = []
        func record(_ chosen: Int, _ rule: RankedTieBreak.Rule, draw: [RankedTieBreak.Lot]?) -> RankedTieBreak {
            let ordered = tied.sorted()
            return RankedTieBreak(
                purpose: purpose, tied: ordered.map { names[$0] },
                votes: ordered.map { VoteValue(units: current[$0], places: places) }, earlierRounds: steps, draw: draw,
                decidedBy: rule, chosen: names[chosen])
        }
        for index in history.indices.reversed() {
            let values = history[index]
            let extreme = remaining.reduce(values[remaining[0]]) { lowest ? min($0, values[$1]) : max($0, values[$1]) }
            let kept = remaining.filter { values[$0] == extreme }
            guard kept.count < remaining.count else { continue }
            remaining = kept
            steps.append(RankedTieBreak.Step(round: index + 1, remaining: kept.map { names[$0] }))
            if kept.count == 1 { return (kept[0], record(kept[0], .earlierRound, draw: nil)) }
        }
        let lots = remaining.sorted(by: lotPrecedes)
        let chosen = (lowest ? lots.last : lots.first) ?? remaining[0]
        let draw = lots.map { RankedTieBreak.Lot(name: names[$0], hashHex: digests[$0].hex) }
        return (chosen, record(chosen, .draw, draw: draw))
    }

    /// `candidates` ordered by `votes`, most first; equal votes ordered by repeated choices for
    /// `purpose` (earlier rounds, then the draw). Returns the order and the tie-breaks used.
    func orderByVotes(
        _ candidates: [Int], votes: [Int64], purpose: RankedTieBreak.Purpose, history: ArraySlice<[Int64]>
    ) -> (order: [Int], ties: [RankedTieBreak]) {
        var byVotes: [Int64: [Int]] = [:]
        for c in candidates { byVotes[votes[c], default: []].append(c) }
        var order: [Int] = []
        var ties: [RankedTieBreak] = []
        for v in byVotes.keys.sorted(by: >) {
            var group = byVotes[v] ?? []
            while group.count > 1 {
                let (next, record) = choose(group, purpose: purpose, current: votes, history: history)
                order.append(next)
                ties.append(record)
                group.removeAll { $0 == next }
            }
            order += group
        }
        return (order, ties)
    }
}
