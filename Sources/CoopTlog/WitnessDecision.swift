import CoopCrypto

/// What a witness answers to an `add-checkpoint` request (c2sp.org/tlog-witness), decided by
/// `Witness.decide(_:latest:timestamp:)`.
public enum WitnessDecision: Hashable, Sendable {
    /// 200: persist `record` as the origin's latest cosigned checkpoint — atomically, only if
    /// the stored size is still the request's old size — then send `response`.
    case cosign(response: AddCheckpointResponse, record: SignedCheckpoint)
    /// 409 Conflict: the old size is not the size the witness last cosigned.
    case conflict(WitnessConflict)
    /// 400, 403, 404 or 422, possibly with evidence of log misbehavior to keep.
    case reject(WitnessRejection)

    /// The HTTP status code.
    public var status: Int {
        switch self {
        case .cosign: return 200
        case .conflict: return WitnessConflict.status
        case let .reject(rejection): return rejection.status
        }
    }

    /// The response's media type.
    public var contentType: String {
        switch self {
        case .conflict: return WitnessConflict.contentType
        case .cosign, .reject: return "text/plain; charset=utf-8"
        }
    }

    /// The response body.
    public var body: String {
        switch self {
        case let .cosign(response, _): return response.body()
        case let .conflict(conflict): return conflict.body()
        case let .reject(rejection): return rejection.description + "\n"
        }
    }
}

/// Why a witness refused to cosign, with the HTTP status the spec assigns.
public struct WitnessRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The refusal reasons of c2sp.org/tlog-witness "add-checkpoint".
    public enum Reason: Hashable, Sendable {
        /// 400: the body does not parse (the parse error's text).
        case malformedRequest(String)
        /// 400: the old size is larger than the checkpoint's size.
        case oldSizeAfterCheckpoint(oldSize: UInt64, size: UInt64)
        /// 404: the witness follows no log with this origin.
        case unknownOrigin(String)
        /// 403: no trusted log signature, or a trusted key's signature fails (the reason).
        case untrustedSignature(String)
        /// 422: a size-0 checkpoint whose root is not SHA-256("").
        case emptyTreeWrongRoot
        /// 422: old size 0 but proof lines were sent.
        case proofForOldSizeZero(count: Int)
        /// 422: the same size as the cosigned checkpoint but another root hash.
        case rootDiffersAtSameSize(size: UInt64)
        /// 422: the consistency proof does not verify (the failure).
        case consistencyProofFailed(String)
    }

    public let reason: Reason
    /// Set when the log presented a validly signed checkpoint inconsistent with (or unproven
    /// against) one the witness cosigned: keep it.
    public let evidence: WitnessEvidence?

    public init(reason: Reason, evidence: WitnessEvidence? = nil) {
        self.reason = reason
        self.evidence = evidence
    }

    /// A 400 for a request body that did not parse (`AddCheckpointRequest.parse` errors).
    public static func malformed(_ error: any Error) -> WitnessRejection {
        WitnessRejection(reason: .malformedRequest(String(describing: error)))
    }

    /// The HTTP status code the spec assigns to the reason.
    public var status: Int {
        switch reason {
        case .malformedRequest, .oldSizeAfterCheckpoint: return 400
        case .unknownOrigin: return 404
        case .untrustedSignature: return 403
        case .emptyTreeWrongRoot, .proofForOldSizeZero, .rootDiffersAtSameSize, .consistencyProofFailed: return 422
        }
    }

    public var description: String {
        switch reason {
        case let .malformedRequest(detail):
            return "bad request: \(detail)"
        case let .oldSizeAfterCheckpoint(old, size):
            return "the old size \(old) is larger than the checkpoint size \(size)"
        case let .unknownOrigin(origin):
            return "this witness does not follow a log with origin '\(origin.prefix(120))'"
        case let .untrustedSignature(detail):
            return "the checkpoint is not validly signed by a key this witness trusts for its origin: \(detail)"
        case .emptyTreeWrongRoot:
            return "a checkpoint of size 0 must have the empty tree's root hash, SHA-256 of the empty string"
        case let .proofForOldSizeZero(count):
            return "the old size is 0, so the consistency proof must be empty, but \(count) lines were sent"
        case let .rootDiffersAtSameSize(size):
            return "the checkpoint has size \(size), like the one this witness cosigned, but a different root hash"
        case let .consistencyProofFailed(detail):
            return "the consistency proof does not verify against the checkpoint this witness cosigned: \(detail)"
        }
    }
}

/// A signed checkpoint that does not fit the witness's view of the log, kept so that the
/// log's misbehavior can be shown to others (both notes carry the log's signature).
public struct WitnessEvidence: Hashable, Sendable {
    /// How strong the evidence is.
    public enum Kind: Hashable, Sendable {
        /// Two signed checkpoints of the same size with different roots: proof of a fork.
        case conflictingRoots
        /// The log's proof does not link the new checkpoint to the cosigned one. Not proof of a
        /// fork by itself (the log may have sent a bad proof), but worth investigating.
        case unprovenConsistency
    }

    public let kind: Kind
    /// The checkpoint the witness had cosigned (its stored record).
    public let cosigned: SignedCheckpoint
    /// The checkpoint the log presented.
    public let presented: SignedCheckpoint
    /// The consistency proof the log sent.
    public let proof: [SHA256Digest]

    public init(kind: Kind, cosigned: SignedCheckpoint, presented: SignedCheckpoint, proof: [SHA256Digest]) {
        self.kind = kind
        self.cosigned = cosigned
        self.presented = presented
        self.proof = proof
    }
}
