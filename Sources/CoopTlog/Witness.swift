import CoopCrypto

/// The pure decision of a tlog-witness (c2sp.org/tlog-witness, "add-checkpoint"): which logs
/// it follows, its cosigning key(s), and what it answers to a request given the latest
/// checkpoint it cosigned for the origin. No I/O and no clock: the caller stores the records
/// and passes the time.
///
/// A server handles `POST <submission prefix>/add-checkpoint` as:
/// 1. `AddCheckpointRequest.parse(body)`; on error answer `WitnessRejection.malformed(error)`.
/// 2. In one transaction: load the latest record for `request.checkpoint.checkpoint.origin`,
///    `decide`, and on `.cosign` store `record` — so two requests cannot roll the size back.
/// 3. Keep any `WitnessRejection.evidence`, then answer `decision.status` / `body`.
public struct Witness: Sendable {
    /// The witness's cosigning keys; each cosigns every accepted checkpoint.
    public let cosigners: [Cosigner]
    /// For each followed log origin, the log keys trusted to sign its checkpoints.
    public let logs: [String: [NoteVerifierKey]]

    /// - Throws: `WitnessProtocolError.noCosigners` without a cosigning key.
    public init(cosigners: [Cosigner], logs: [String: [NoteVerifierKey]]) throws {
        guard !cosigners.isEmpty else { throw WitnessProtocolError.noCosigners }
        self.cosigners = cosigners
        self.logs = logs
    }

    /// The witness's public keys, for clients' policies.
    public var keys: [CosignerKey] { cosigners.map(\.key) }

    /// Decides the answer to `request`.
    ///
    /// - Parameters:
    ///   - latest: the latest checkpoint this witness cosigned for the request's origin, as
    ///     stored (nil if it never cosigned one; the old size must then be 0).
    ///   - timestamp: the current POSIX time, written into the cosignatures.
    /// - Throws: only for caller mistakes: `WitnessProtocolError.storedCheckpointForAnotherOrigin`,
    ///   `CosignatureError.zeroTimestamp` / `.timestampTooLarge`. Every protocol outcome,
    ///   refusals included, is a returned `WitnessDecision`.
    public func decide(_ request: AddCheckpointRequest, latest: SignedCheckpoint?, timestamp: UInt64) throws -> WitnessDecision {
        let presented = request.checkpoint
        let checkpoint = presented.checkpoint
        if let latest, !latest.checkpoint.origin.utf8.elementsEqual(checkpoint.origin.utf8) {
            throw WitnessProtocolError.storedCheckpointForAnotherOrigin(stored: latest.checkpoint.origin, requested: checkpoint.origin)
        }
        guard timestamp > 0 else { throw CosignatureError.zeroTimestamp }
        guard timestamp <= Cosignature.maxTimestamp else { throw CosignatureError.timestampTooLarge(timestamp) }
        func reject(_ reason: WitnessRejection.Reason) -> WitnessDecision { .reject(WitnessRejection(reason: reason)) }

        // 404, then 403: the origin must be followed and a trusted key must have signed.
        guard let trusted = logs[checkpoint.origin], !trusted.isEmpty else { return reject(.unknownOrigin(checkpoint.origin)) }
        let signers: [NoteVerifierKey]
        do {
            signers = try presented.note.verify(keys: trusted)
        } catch {
            return reject(.untrustedSignature(String(describing: error)))
        }
        // 400: the old size cannot be past the checkpoint.
        guard request.oldSize <= checkpoint.size else {
            return reject(.oldSizeAfterCheckpoint(oldSize: request.oldSize, size: checkpoint.size))
        }
        // 409: the old size must be the size last cosigned (0 if none).
        let latestSize = latest?.checkpoint.size ?? 0
        guard request.oldSize == latestSize else { return .conflict(WitnessConflict(latestSize: latestSize)) }
        // 422: the consistency checks.
        if let refusal = consistencyRefusal(request, latest: latest) { return .reject(refusal) }

        // 200: cosign. The record keeps the verified log signatures and the new cosignatures,
        // what the monitoring endpoint serves.
        let cosignatures = try cosigners.map { try $0.cosign(checkpointBody: presented.note.text, timestamp: timestamp) }
        let logLines = presented.note.signatures.filter { line in signers.contains { $0.matches(line) } }
        let record = try SignedCheckpoint(note: SignedNote(text: presented.note.text, signatures: logLines))
            .adding(cosignatures: cosignatures)
        return .cosign(response: try AddCheckpointResponse(cosignatures: cosignatures), record: record)
    }

    /// The 422 refusal for a request whose checkpoint does not extend `latest`, if any: a bad
    /// empty root, proof lines where none belong, a different root at the same size
    /// (conclusive evidence), or a consistency proof that fails (evidence to investigate).
    private func consistencyRefusal(_ request: AddCheckpointRequest, latest: SignedCheckpoint?) -> WitnessRejection? {
        let presented = request.checkpoint
        let checkpoint = presented.checkpoint
        let proof = request.consistencyProof
        if checkpoint.size == 0, checkpoint.rootHash != Merkle.emptyRoot { return WitnessRejection(reason: .emptyTreeWrongRoot) }
        // Old size 0 (the 409 check made it the stored size): every tree extends the empty one.
        guard request.oldSize > 0, let latest else {
            return proof.isEmpty ? nil : WitnessRejection(reason: .proofForOldSizeZero(count: proof.count))
        }
        func evidence(_ kind: WitnessEvidence.Kind) -> WitnessEvidence {
            WitnessEvidence(kind: kind, cosigned: latest, presented: presented, proof: proof)
        }
        if checkpoint.size == latest.checkpoint.size {
            guard checkpoint.rootHash == latest.checkpoint.rootHash else {
                return WitnessRejection(reason: .rootDiffersAtSameSize(size: checkpoint.size), evidence: evidence(.conflictingRoots))
            }
            guard proof.isEmpty else {
                return WitnessRejection(
                    reason: .consistencyProofFailed("the size is unchanged, so the proof must be empty, but \(proof.count) lines were sent"))
            }
            return nil
        }
        do {
            try Merkle.checkConsistency(
                from: request.oldSize, to: checkpoint.size, proof: proof,
                oldRoot: latest.checkpoint.rootHash, newRoot: checkpoint.rootHash)
            return nil
        } catch {
            return WitnessRejection(reason: .consistencyProofFailed(String(describing: error)), evidence: evidence(.unprovenConsistency))
        }
    }

    /// The monitoring path of a log's latest cosigned checkpoint, relative to the monitoring
    /// prefix: `<lowercase hex SHA-256 of the origin>/checkpoint`.
    public static func monitoringPath(origin: String) -> String {
        SHA256.hash(Array(origin.utf8)).hex + "/checkpoint"
    }
}

/// A witness's records held in memory: the latest cosigned checkpoint per origin. Tests and
/// single-process tools use it; a server keeps the same records in a database.
public struct WitnessState: Hashable, Sendable {
    /// The latest cosigned checkpoint of each origin.
    public private(set) var latest: [String: SignedCheckpoint]

    public init(latest: [String: SignedCheckpoint] = [:]) {
        self.latest = latest
    }

    /// Decides `request` against the stored record and, when cosigning, stores the new one.
    public mutating func addCheckpoint(_ request: AddCheckpointRequest, witness: Witness, timestamp: UInt64) throws -> WitnessDecision {
        let origin = request.checkpoint.checkpoint.origin
        let decision = try witness.decide(request, latest: latest[origin], timestamp: timestamp)
        if case let .cosign(_, record) = decision { latest[origin] = record }
        return decision
    }
}
