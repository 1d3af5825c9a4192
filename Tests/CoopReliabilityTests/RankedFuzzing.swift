import CoopCanonicalJSON
import CoopGovernance

/// What FuzzRanked checks on one input, shared with `HostileInputCorpusTests` (this file is
/// linked into the fuzz target too). An input is a BLT ballot file, the format coop exports a
/// ranked election in and an auditor re-counts from (`docs/RANKED.md`).
///
/// Reading must give an election or throw `BLTError`. An election read is counted under every
/// method its seat count allows (instant runoff and Meek for one seat, Scottish and Meek STV for
/// more) with a fixed draw seed: a `RankedBallotError` or a result that keeps the count's laws:
/// votes conserved in every round (held + exhausted + lost to truncation = valid ballots, to the
/// last unit), no negative exhausted or lost votes, seats filled or vacant but never more,
/// distinct winners who are candidates and are exactly those elected in the rounds, every quota
/// winner at the quota, ballots = valid + abstentions, and a result that comes back unchanged
/// through canonical JSON (the ledger records it so). A file whose names BLT can carry is
/// written back by `BLT.write` and read again to the same candidates, seats and rankings.
enum RankedFuzzing {
    /// Ballots one input may hold; the reader refuses more (`BLTError.tooManyBallots`).
    static let maxBallots = 2_000
    /// Counts cost grows with candidates × rounds; a larger file is read but not counted.
    static let maxCountedCandidates = 16
    static let seed = [UInt8](repeating: 0x5a, count: 32)

    /// The problem found, or nil.
    static func check(_ bytes: [UInt8]) -> String? {
        let election: BLTElection
        do {
            election = try BLT.read(String(decoding: bytes, as: UTF8.self), maxBallots: maxBallots)
        } catch is BLTError {
            return nil
        } catch {
            return "BLT.read threw \(type(of: error)), not a BLTError: \(error)"
        }
        if let problem = roundTrip(election) { return problem }
        guard election.candidates.count <= maxCountedCandidates, election.seats <= election.candidates.count + 1 else { return nil }
        let methods: [RankedMethod] =
            election.seats == 1 ? [.instantRunoff, .meekSTV(seats: 1)] : [.scottishSTV(seats: election.seats), .meekSTV(seats: election.seats)]
        for method in methods {
            let result: RankedResult
            do {
                result = try RankedCount.count(candidates: election.candidates, ballots: election.ballots, method: method, seed: seed)
            } catch is RankedBallotError {
                continue
            } catch {
                return "\(method.code): the count threw \(type(of: error)), not a RankedBallotError: \(error)"
            }
            if let problem = laws(result, ballots: election.ballots) { return "\(method.code): \(problem)" }
        }
        return nil
    }

    /// The first law of a count that `result` breaks, or nil.
    static func laws(_ result: RankedResult, ballots: [RankedBallot]) -> String? {
        let abstentions = Int64(ballots.filter(\.isAbstention).count)
        guard result.ballots == Int64(ballots.count), result.abstentions == abstentions, result.validBallots == result.ballots - abstentions else {
            return "ballots \(result.ballots) ≠ valid \(result.validBallots) + abstentions \(result.abstentions) for \(ballots.count) papers"
        }
        let valid = result.validBallots * VoteValue.scale(result.decimalPlaces)
        for round in result.rounds {
            let held = round.tallies.reduce(Int64(0)) { $0 + $1.votes.units }
            guard held + round.exhausted.units + round.lossToFractions.units == valid else {
                return "round \(round.number) holds \(held) + exhausted \(round.exhausted.units) + lost \(round.lossToFractions.units) units, not \(valid)"
            }
            guard round.exhausted.units >= 0, round.lossToFractions.units >= 0 else { return "round \(round.number) has negative exhausted or lost votes" }
            for name in round.elected where !(round.tallies.first { $0.name == name }.map { $0.votes >= round.quota } ?? false) {
                return "round \(round.number) elects \(name) below the quota"
            }
        }
        guard result.winners.count + result.vacantSeats == result.seats, Set(result.winners).count == result.winners.count,
            result.winners.allSatisfy(result.candidates.contains)
        else { return "winners \(result.winners) and \(result.vacantSeats) vacant do not fill \(result.seats) seats" }
        guard result.rounds.flatMap({ $0.elected + $0.electedRemaining }) == result.winners else {
            return "the rounds elect \(result.rounds.flatMap { $0.elected + $0.electedRemaining }), the result names \(result.winners)"
        }
        do {
            let again = try CanonicalJSONDecoder().decode(RankedResult.self, from: try CanonicalJSONEncoder().encode(result))
            guard again == result else { return "the result changed through canonical JSON" }
        } catch {
            return "the result does not round-trip through canonical JSON: \(error)"
        }
        return nil
    }

    /// Writes an election whose names BLT can carry and reads it back: same candidates, seats
    /// and rankings (abstentions are not written; identical rankings become one weighted line).
    static func roundTrip(_ election: BLTElection) -> String? {
        guard !BLT.isUnusable(election.title), election.candidates.allSatisfy({ !$0.isEmpty && !BLT.isUnusable($0) }) else { return nil }
        let again: BLTElection
        do {
            let text = try BLT.write(title: election.title, candidates: election.candidates, ballots: election.ballots, seats: election.seats)
            again = try BLT.read(text, maxBallots: maxBallots)
        } catch {
            return "a file read could not be written back and read again: \(error)"
        }
        let rankings = { (e: BLTElection) in e.ballots.map(\.ranking).filter { !$0.isEmpty }.sorted { $0.lexicographicallyPrecedes($1) } }
        guard again.candidates == election.candidates, again.seats == election.seats, again.title == election.title, rankings(again) == rankings(election)
        else { return "BLT.write then BLT.read changed the election" }
        return nil
    }
}
