/// The Scottish STV count (Scottish Local Government Elections Order 2007, Schedule 1 rules
/// 45-52), also used for instant runoff with one seat. Values are integers of 10^-5 votes.
///
/// coop's one departure from the Order: rule 52 never elects a candidate who holds no vote
/// (that seat stays vacant), and before declaring such a vacancy any surplus still untransferred
/// is transferred, since it might reach that candidate. See docs/RANKED.md.
struct ScottishCount {
    static let places = 5
    static let one: Int64 = 100_000

    let names: [String]
    let seats: Int
    let groups: RankingGroups
    let tie: RankedTieBreaker
    let quota: Int64

    var votes: [Int64]
    var status: [CandidateTally.Status]
    /// Candidate → the groups of papers they hold.
    var piles: [[Int]]
    /// Group → index in its ranking of the candidate holding it.
    var position: [Int]
    /// Group → the value of each of its papers.
    var value: [Int64]
    /// Elected candidates whose surplus has not been transferred.
    var pending: [Int] = []
    var exhausted: Int64 = 0
    var loss: Int64 = 0
    var rounds: [RankedRound] = []
    /// Votes at the end of each round, for tie-breaks.
    var history: [[Int64]] = []
    var winners: [Int] = []

    init(names: [String], seats: Int, groups: RankingGroups, tie: RankedTieBreaker) {
        self.names = names
        self.seats = seats
        self.groups = groups
        self.tie = tie
        // Rule 46: valid papers / (seats + 1), decimals ignored, plus one.
        quota = (groups.papers / Int64(seats + 1) + 1) * Self.one
        votes = Array(repeating: 0, count: names.count)
        status = Array(repeating: .continuing, count: names.count)
        piles = Array(repeating: [], count: names.count)
        position = Array(repeating: 0, count: groups.count)
        value = Array(repeating: Self.one, count: groups.count)
    }

    func v(_ units: Int64) -> VoteValue { VoteValue(units: units, places: Self.places) }
    var continuing: [Int] { names.indices.filter { status[$0] == .continuing } }
    /// Rounds before the current (last recorded) one.
    var earlier: ArraySlice<[Int64]> { history.dropLast() }

    mutating func run() {
        // Rule 45: first preferences.
        for g in 0..<groups.count {
            let c = Int(groups.ranking(g).first ?? 0)
            piles[c].append(g)
            votes[c] += groups.counts[g] * Self.one
        }
        var ties: [RankedTieBreak] = []
        let elected = electReached(&ties)
        record(.firstPreferences, candidate: nil, transfer: nil, elected: elected, excluded: [], ties: ties)

        while winners.count < seats {
            let open = continuing
            if open.count <= seats - winners.count, pending.isEmpty || open.allSatisfy({ votes[$0] > 0 }) {
                electRemaining(open)  // Rule 52 (coop: only candidates holding votes).
                return
            }
            var ties: [RankedTieBreak] = []
            if !pending.isEmpty {
                // Rules 48-49: the highest surplus first.
                let c = pick(pending, purpose: .surplusOrder, highest: true, &ties)
                let transfer = transferSurplus(of: c)
                let elected = electReached(&ties)
                record(.surplus, candidate: c, transfer: transfer, elected: elected, excluded: [], ties: ties)
            } else {
                // Rules 50-51: the lowest continuing candidate.
                let c = pick(open, purpose: .exclusion, highest: false, &ties)
                status[c] = .excluded
                let transfer = move(from: c, surplus: nil)
                votes[c] = 0
                let elected = electReached(&ties)
                record(.exclusion, candidate: c, transfer: transfer, elected: elected, excluded: [c], ties: ties)
            }
        }
    }

    /// The candidate with the most (or fewest) votes among `candidates`, ties broken.
    func pick(_ candidates: [Int], purpose: RankedTieBreak.Purpose, highest: Bool, _ ties: inout [RankedTieBreak]) -> Int {
        let extreme = candidates.map { votes[$0] }.reduce(votes[candidates[0]]) { highest ? max($0, $1) : min($0, $1) }
        let tied = candidates.filter { votes[$0] == extreme }
        guard tied.count > 1 else { return tied[0] }
        let (chosen, record) = tie.choose(tied, purpose: purpose, current: votes, history: earlier)
        ties.append(record)
        return chosen
    }

    /// Rule 47: continuing candidates at or above the quota are elected, most votes first.
    mutating func electReached(_ ties: inout [RankedTieBreak]) -> [Int] {
        let reached = continuing.filter { votes[$0] >= quota }
        let (order, orderTies) = tie.orderByVotes(reached, votes: votes, purpose: .electionOrder, history: history[...])
        ties += orderTies
        let elected = Array(order.prefix(seats - winners.count))
        for c in elected {
            status[c] = .elected
            winners.append(c)
            if votes[c] > quota { pending.append(c) }
        }
        return elected
    }

    /// Rule 52: the continuing candidates holding votes fill the remaining seats; the round
    /// that just ended records them.
    mutating func electRemaining(_ open: [Int]) {
        let holding = open.filter { votes[$0] > 0 }
        let (order, ties) = tie.orderByVotes(holding, votes: votes, purpose: .electionOrder, history: earlier)
        for c in order {
            status[c] = .elected
            winners.append(c)
        }
        guard var last = rounds.popLast() else { return }
        last.electedRemaining = order.map { names[$0] }
        last.tieBreaks += ties
        last.tallies = tallies()
        rounds.append(last)
    }

    /// Rule 48: every paper of `c` carries on at surplus × its value / c's votes, truncated.
    mutating func transferSurplus(of c: Int) -> RankedTransfer {
        let surplus = votes[c] - quota
        let transfer = move(from: c, surplus: surplus)
        votes[c] = quota
        pending.removeAll { $0 == c }
        return transfer
    }

    /// Moves every paper of `c` to its next continuing preference (or the exhausted pile), at its
    /// value (an exclusion, rule 50) or at its transfer value (a surplus, rule 48).
    mutating func move(from c: Int, surplus: Int64?) -> RankedTransfer {
        let total = votes[c]
        var parcels: [Int64: (value: Int64, papers: Int64)] = [:]
        var credits: [Int64] = Array(repeating: 0, count: names.count)
        var creditPapers: [Int64] = Array(repeating: 0, count: names.count)
        var exhaustedPapers: Int64 = 0, exhaustedVotes: Int64 = 0
        for g in piles[c] {
            let received = value[g]
            let carried = surplus.map { Int64(Int128($0) * Int128(received) / Int128(total)) } ?? received
            let n = groups.counts[g]
            parcels[received, default: (carried, 0)].papers += n
            let ranking = groups.ranking(g)
            var p = ranking.startIndex + position[g] + 1
            while p < ranking.endIndex, status[Int(ranking[p])] != .continuing { p += 1 }
            if p < ranking.endIndex {
                let d = Int(ranking[p])
                position[g] = p - ranking.startIndex
                value[g] = carried
                piles[d].append(g)
                votes[d] += n * carried
                credits[d] += n * carried
                creditPapers[d] += n
            } else {
                exhaustedPapers += n
                exhaustedVotes += n * carried
            }
        }
        piles[c] = []
        let moved = credits.reduce(0, +) + exhaustedVotes
        let lost = (surplus ?? total) - moved
        exhausted += exhaustedVotes
        loss += lost
        return RankedTransfer(
            from: names[c], votesBefore: v(total), surplus: surplus.map(v),
            parcels: parcels.keys.sorted(by: >).compactMap { received in
                parcels[received].map { RankedTransfer.Parcel(received: v(received), transferValue: v($0.value), papers: $0.papers) }
            },
            to: names.indices.filter { creditPapers[$0] > 0 }.map {
                RankedTransfer.Credit(name: names[$0], papers: creditPapers[$0], votes: v(credits[$0]))
            },
            exhaustedPapers: exhaustedPapers, exhaustedVotes: v(exhaustedVotes), lossToFractions: v(lost))
    }

    func tallies() -> [CandidateTally] {
        names.indices.map { CandidateTally(name: names[$0], votes: v(votes[$0]), status: status[$0]) }
    }

    mutating func record(
        _ kind: RankedRound.Kind, candidate: Int?, transfer: RankedTransfer?, elected: [Int], excluded: [Int],
        ties: [RankedTieBreak]
    ) {
        rounds.append(
            RankedRound(
                number: rounds.count + 1, kind: kind, candidate: candidate.map { names[$0] }, quota: v(quota),
                tallies: tallies(), elected: elected.map { names[$0] }, electedRemaining: [], excluded: excluded.map { names[$0] },
                transfer: transfer, exhausted: v(exhausted), lossToFractions: v(loss), surplus: nil, iterations: nil,
                tieBreaks: ties))
        history.append(votes)
    }
}
