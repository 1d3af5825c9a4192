import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopModel

/// The ballots a ranked election counted, as the BLT export and outside recounts take them.
public struct RankedBallotExport: Sendable, Equatable {
    public var title: String
    public var candidates: [String]
    public var seats: Int
    /// The ballot that counts for each member (abstentions as empty rankings), in member order;
    /// no voter id is kept.
    public var ballots: [RankedBallot]

    /// The BLT file of these ballots (`BLT.write`: abstentions left out, identical rankings merged).
    public func blt() throws -> String {
        try BLT.write(title: title, candidates: candidates, ballots: ballots, seats: seats)
    }
}

extension LedgerState {
    /// SHA-256 of the canonical JSON of a ranked count (docs/FORMAT.md §4.1): what a
    /// `motion.close` of a ranked election records as `result_hash`.
    static func rankedResultHash(_ result: RankedResult) throws -> SHA256Digest {
        var encoder = CanonicalJSONEncoder()
        encoder.options = snapshotLimits
        return SHA256.hash(try encoder.encode(result))
    }

    /// Decides a ranked election from its resolved ballots. The count refuses only input the
    /// ballot box and the proposal already refused, so a failure means a corrupted state.
    func rankedDecision(
        _ resolved: ResolvedBallots, tally: ElectionTally, method: RankedMethod, candidates: [String], quorum: Quorum,
        seed: [UInt8], motion: MotionID
    ) throws -> RankedElectionResult {
        do {
            return try ElectionResult.decideRanked(
                tally, method: method, candidates: candidates, ballots: try resolved.rankedBallots(candidates: candidates),
                quorum: quorum, seed: seed)
        } catch {
            throw LedgerError.invalidBody(
                index: nil, type: "motion", reason: "\(motion): the ranked count failed: \(error)",
                code: .invalid)
        }
    }

    /// The counted ballots of an opened ranked election (open or closed), for `coop motion
    /// export-ballots`. Throws `status` for a motion that is not a ranked election or not opened.
    public func rankedBallots(for motion: Motion) throws -> RankedBallotExport {
        guard let election = motion.election, let method = election.method.rankedMethod else {
            throw LedgerError.invalidBody(
                index: nil, type: "motion",
                reason: "\(motion.id) is not a ranked election; "
                    + "only irv, scottish-stv and meek-stv ballots are rankings", code: .status)
        }
        let resolved = try ballotBox(for: motion).finish()
        let ballots: [RankedBallot]
        do {
            ballots = try resolved.rankedBallots(candidates: election.candidates)
        } catch {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id): \(error)", code: .invalid)
        }
        // BLT quotes the title: a double quote in it becomes a single one.
        let title = String("\(motion.id) \(motion.title)".map { $0 == "\"" ? "'" : $0 })
        return RankedBallotExport(
            title: title, candidates: election.candidates,
            seats: method.seats, ballots: ballots)
    }
}
