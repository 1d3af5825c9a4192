/// The Meek STV count, step by step as the Proportional Representation Foundation's Reference
/// Meek Rule states it (steps A, B.1-B.4, C). Values are integers of 10^-9 votes.
///
/// A ballot's vote goes to the first continuing candidate it ranks after any elected ones, each
/// elected candidate on the way keeping `w × keep factor` (rounded up) of what reaches them;
/// excluded candidates are skipped. So a ballot's distribution depends only on its "path" (the
/// elected candidates it ranks before its first continuing one, and that one): ballots are
/// grouped by path at the start of each round, which makes every iteration cheap and changes no
/// digit of the result.
struct MeekCount {
    static let places = 9
    static let one: Int64 = 1_000_000_000
    /// omega = 0.000001.
    static let omega: Int64 = 1_000

    let names: [String]
    let seats: Int
    let groups: RankingGroups
    let tie: RankedTieBreaker

    var status: [CandidateTally.Status]
    var keep: [Int64]
    var votes: [Int64]
    var residual: Int64 = 0
    var quota: Int64 = 0
    var surplus: Int64 = 0
    var rounds: [RankedRound] = []
    var history: [[Int64]] = []
    var winners: [Int] = []

    /// Candidates of every path, one path after the other.
    private var pathCandidates: [Int32] = []
    private var pathStarts: [Int] = [0]
    private var pathPapers: [Int64] = []

    init(names: [String], seats: Int, groups: RankingGroups, tie: RankedTieBreaker) {
        self.names = names
        self.seats = seats
        self.groups = groups
        self.tie = tie
        status = Array(repeating: .continuing, count: names.count)
        keep = Array(repeating: Self.one, count: names.count)
        votes = Array(repeating: 0, count: names.count)
    }

    func v(_ units: Int64) -> VoteValue { VoteValue(units: units, places: Self.places) }
    var continuing: [Int] { names.indices.filter { status[$0] == .continuing } }

    mutating func run() {
        var stale = true  // the votes do not yet reflect the latest exclusion
        while winners.count < seats {
            // B.1: complete when the continuing candidates fit in the seats left.
            let hopeful = continuing
            if winners.count + hopeful.count <= seats {
                electRemaining(hopeful, stale: stale)
                return
            }
            // B.2: iterate.
            rebuildPaths()
            var iterations = 0
            var previous: Int64?
            var reached: [Int] = []
            while true {
                iterations += 1
                distribute()
                reached = continuing.filter { votes[$0] >= quota }  // B.2.c
                if !reached.isEmpty { break }
                computeSurplus()  // B.2.d
                if surplus < Self.omega { break }  // B.2.e
                if let previous, surplus >= previous { break }
                previous = surplus
                updateKeepFactors()  // B.2.f
            }
            stale = false
            if !reached.isEmpty {
                let (order, ties) = tie.orderByVotes(reached, votes: votes, purpose: .electionOrder, history: history[...])
                let elected = Array(order.prefix(seats - winners.count))
                for c in elected {
                    status[c] = .elected
                    winners.append(c)
                }
                computeSurplus()
                record(.meek, iterations: iterations, elected: elected, remaining: [], excluded: [], ties: ties)
                continue
            }
            // B.3: exclude the lowest; those within the surplus of the lowest are tied with it.
            let low = hopeful.map { votes[$0] }.min() ?? 0
            let tied = hopeful.filter { votes[$0] <= low + surplus }
            var ties: [RankedTieBreak] = []
            var loser = tied[0]
            if tied.count > 1 {
                let (chosen, record) = tie.choose(tied, purpose: .exclusion, current: votes, history: history[...])
                loser = chosen
                ties.append(record)
            }
            status[loser] = .excluded
            record(.meek, iterations: iterations, elected: [], remaining: [], excluded: [loser], ties: ties)
            keep[loser] = 0
            stale = true
        }
    }

    /// Step C.1: the continuing candidates holding votes fill the seats left (coop elects no
    /// one without a vote). After an exclusion the votes are distributed once more first, in a
    /// `final` round, so the decision rests on where the votes now are.
    mutating func electRemaining(_ hopeful: [Int], stale: Bool) {
        if stale {
            rebuildPaths()
            distribute()
            computeSurplus()
        }
        let holding = hopeful.filter { votes[$0] > 0 }
        let earlier = stale ? history[...] : history.dropLast()
        let (order, ties) = tie.orderByVotes(holding, votes: votes, purpose: .electionOrder, history: earlier)
        for c in order {
            status[c] = .elected
            winners.append(c)
        }
        if stale {
            record(.final, iterations: 1, elected: [], remaining: order, excluded: [], ties: ties)
        } else if var last = rounds.popLast() {
            last.electedRemaining = order.map { names[$0] }
            last.tieBreaks += ties
            last.tallies = tallies()
            rounds.append(last)
        }
    }

    /// Groups the ballots by path: excluded candidates skipped, elected ones kept, up to and
    /// including the first continuing candidate. A ballot whose path holds no continuing
    /// candidate ends in the exhausted pile with whatever weight is left.
    mutating func rebuildPaths() {
        pathCandidates.removeAll(keepingCapacity: true)
        pathStarts = [0]
        pathPapers.removeAll(keepingCapacity: true)
        var index: [[Int32]: Int] = [:]
        index.reserveCapacity(groups.count)
        var path: [Int32] = []
        for g in 0..<groups.count {
            path.removeAll(keepingCapacity: true)
            for c in groups.ranking(g) {
                let s = status[Int(c)]
                if s == .excluded { continue }
                path.append(c)
                if s == .continuing { break }
            }
            if let i = index[path] {
                pathPapers[i] += groups.counts[g]
            } else {
                index[path] = pathPapers.count
                pathCandidates += path
                pathStarts.append(pathCandidates.count)
                pathPapers.append(groups.counts[g])
            }
        }
    }

    /// B.2.a and B.2.b: each ballot's weight w starts at 1; each candidate on its path keeps
    /// w × keep factor rounded up to 9 places (all of w for a continuing candidate), w loses as
    /// much; what is left is exhausted. Quota = total votes / (seats + 1), truncated, + 10^-9.
    mutating func distribute() {
        for c in votes.indices { votes[c] = 0 }
        residual = 0
        for p in 0..<pathPapers.count {
            let n = pathPapers[p]
            var w = Self.one
            for c in pathCandidates[pathStarts[p]..<pathStarts[p + 1]] {
                let c = Int(c)
                let kept = status[c] == .continuing ? w : (w * keep[c] + Self.one - 1) / Self.one
                votes[c] += kept * n
                w -= kept
                if w == 0 { break }
            }
            residual += w * n
        }
        quota = votes.reduce(0, +) / Int64(seats + 1) + 1
    }

    /// B.2.d: the elected candidates' surpluses summed, not below 0.
    mutating func computeSurplus() {
        surplus = max(0, names.indices.filter { status[$0] == .elected }.reduce(0) { $0 + votes[$1] - quota })
    }

    /// B.2.f: keep factor × quota (rounded up), divided by votes (rounded up). coop caps a keep
    /// factor at 1 so a ballot's weight can never go negative (never reached in practice).
    mutating func updateKeepFactors() {
        let one = Int128(Self.one)
        for c in names.indices where status[c] == .elected && votes[c] > 0 {
            let scaled = (Int128(keep[c]) * Int128(quota) + one - 1) / one
            let next = (scaled * one + Int128(votes[c]) - 1) / Int128(votes[c])
            keep[c] = Int64(min(next, one))
        }
    }

    func tallies() -> [CandidateTally] {
        names.indices.map { CandidateTally(name: names[$0], votes: v(votes[$0]), status: status[$0], keepFactor: v(keep[$0])) }
    }

    mutating func record(
        _ kind: RankedRound.Kind, iterations: Int, elected: [Int], remaining: [Int], excluded: [Int], ties: [RankedTieBreak]
    ) {
        rounds.append(
            RankedRound(
                number: rounds.count + 1, kind: kind, candidate: nil, quota: v(quota), tallies: tallies(),
                elected: elected.map { names[$0] }, electedRemaining: remaining.map { names[$0] },
                excluded: excluded.map { names[$0] }, transfer: nil, exhausted: v(residual), lossToFractions: v(0),
                surplus: v(surplus), iterations: iterations, tieBreaks: ties))
        history.append(votes)
    }
}
