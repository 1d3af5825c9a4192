/// What can go wrong reading or writing c2sp.org/tlog-witness messages, or when a caller hands
/// the witness decision inconsistent inputs. Messages say what is wrong and what to do.
public enum WitnessProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request body is not valid UTF-8.
    case requestNotUTF8
    /// A line of the add-checkpoint request body is not what the spec allows there.
    case malformedRequest(line: Int, reason: String)
    /// More than 63 consistency proof lines.
    case tooManyProofLines(Int)
    /// The checkpoint part of the request is not a signed checkpoint.
    indirect case requestCheckpoint(firstLine: Int, TlogError)
    /// A line of the add-checkpoint response is not a note signature line.
    case malformedResponse(line: Int, reason: String)
    /// A 409 body that is not `<decimal size>\n`.
    case malformedConflictBody(String)
    /// The stored checkpoint handed to the decision is for another origin.
    case storedCheckpointForAnotherOrigin(stored: String, requested: String)
    /// A witness configured without a cosigning key.
    case noCosigners

    public var description: String {
        switch self {
        case .requestNotUTF8:
            return "the add-checkpoint request body is not valid UTF-8"
        case let .malformedRequest(line, reason):
            return
                "line \(line) of the add-checkpoint request is malformed: \(reason) (expected 'old <size>', proof hashes in base64, an empty line, then the signed checkpoint)"
        case let .tooManyProofLines(count):
            return "the add-checkpoint request has \(count) consistency proof lines; at most 63 are allowed"
        case let .requestCheckpoint(firstLine, error):
            return "the checkpoint in the add-checkpoint request (from line \(firstLine)) is invalid: \(error)"
        case let .malformedResponse(line, reason):
            return "line \(line) of the witness response is not a signature line: \(reason)"
        case let .malformedConflictBody(text):
            return "a 409 body from a witness must be the tree size in decimal and a newline, not '\(text.prefix(40))'"
        case let .storedCheckpointForAnotherOrigin(stored, requested):
            return
                "the stored checkpoint passed in is for origin '\(stored.prefix(80))', but the request is for '\(requested.prefix(80))'; look the stored checkpoint up by the request's origin"
        case .noCosigners:
            return "a witness needs at least one cosigning key"
        }
    }
}
