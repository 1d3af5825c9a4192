/// Why a ranked election or one of its ballots was refused. Messages say what happened and
/// what to do. Ballot positions count from 0 in the order the ballots were given.
public enum RankedBallotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The method's seat count is below 1 (or not 1 for instant runoff).
    case invalidSeats(Int)
    case noCandidates
    /// Candidate `index` has an empty name.
    case emptyCandidateName(index: Int)
    case duplicateCandidateName(String)
    /// The name holds a double quote or a control character, which the BLT export cannot carry.
    case unusableCandidateName(String)
    /// The name is not in Unicode Normalization Form C: the result, recorded and hashed as
    /// canonical JSON, could not hold it.
    case unnormalizedCandidateName(String)
    /// A ballot ranks a position outside the candidate list.
    case unknownCandidate(ballot: Int, position: Int, candidates: Int)
    /// A ballot names someone who is not a candidate.
    case unknownCandidateName(ballot: Int, name: String)
    /// A ballot ranks the same candidate twice.
    case duplicateCandidate(ballot: Int, name: String)
    /// The draw's seed is not 32 bytes.
    case invalidSeed(length: Int)
    /// More valid ballots than the fixed-point arithmetic is sized for.
    case tooManyBallots(Int64, limit: Int64)
    /// The BLT title holds a double quote or a control character.
    case unusableTitle(String)

    public var description: String {
        switch self {
        case .invalidSeats(let seats):
            return "a ranked election needs at least 1 seat (instant runoff exactly 1), not \(seats); fix the method's seat count"
        case .noCandidates:
            return "the candidate list is empty; nominate at least one candidate before counting"
        case .emptyCandidateName(let index):
            return "candidate \(index + 1) has an empty name; give every candidate a name"
        case .duplicateCandidateName(let name):
            return "\"\(name)\" is listed twice among the candidates; list each candidate once"
        case .unusableCandidateName(let name):
            return "the candidate name \(name.debugDescription) holds a double quote or a control character; "
                + "rename the candidate without them (the BLT export cannot carry them)"
        case .unnormalizedCandidateName(let name):
            return "the candidate name \(name.debugDescription) is not in Unicode Normalization Form C (its accents are written "
                + "as separate marks); write it composed (NFC): the count's result is recorded and hashed as canonical JSON, which "
                + "admits only NFC"
        case .unknownCandidate(let ballot, let position, let candidates):
            return "ballot \(ballot + 1) ranks candidate position \(position), but positions run from 0 to \(candidates - 1); "
                + "rank only listed candidates"
        case .unknownCandidateName(let ballot, let name):
            return "ballot \(ballot + 1) ranks \"\(name)\", who is not a candidate; check the spelling against the candidate list"
        case .duplicateCandidate(let ballot, let name):
            return "ballot \(ballot + 1) ranks \"\(name)\" more than once; rank each candidate at most once"
        case .invalidSeed(let length):
            return "the draw's seed is \(length) bytes, not 32; pass the SHA-256 of the motion's open entry"
        case .tooManyBallots(let count, let limit):
            return "\(count) valid ballots exceed the \(limit) a ranked count can carry exactly; split the count or raise the limit in code"
        case .unusableTitle(let title):
            return "the title \(title.debugDescription) holds a double quote or a control character; remove them for the BLT export"
        }
    }
}
