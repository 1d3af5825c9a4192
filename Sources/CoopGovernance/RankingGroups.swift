/// The valid ballots of a count with identical rankings grouped, in ascending lexicographic
/// order of ranking: papers with the same ranking share every transfer, so a group moves as
/// one, and no result can depend on the order the ballots were given in.
struct RankingGroups: Sendable {
    /// Every group's ranking, one after the other.
    private(set) var preferences: [Int32] = []
    /// Group g's ranking is `preferences[starts[g]..<starts[g + 1]]`.
    private(set) var starts: [Int] = [0]
    /// Papers in each group.
    private(set) var counts: [Int64] = []

    var count: Int { counts.count }
    /// Papers in all groups.
    var papers: Int64 { counts.reduce(0, +) }

    /// Groups `rankings` (non-empty, already validated) with their weights.
    init(_ rankings: [(ranking: [Int], weight: Int64)]) {
        let order = rankings.indices.sorted { rankings[$0].ranking.lexicographicallyPrecedes(rankings[$1].ranking) }
        var last: [Int]?
        for i in order {
            let (ranking, weight) = rankings[i]
            if ranking == last, let n = counts.last {
                counts[counts.count - 1] = n + weight
                continue
            }
            preferences += ranking.map { Int32($0) }
            starts.append(preferences.count)
            counts.append(weight)
            last = ranking
        }
    }

    /// Group g's ranking.
    func ranking(_ g: Int) -> ArraySlice<Int32> { preferences[starts[g]..<starts[g + 1]] }
}
