import CoopCrypto

/// A cosignature that verified against a trusted witness key.
public struct VerifiedCosignature: Hashable, Sendable {
    /// The witness key that made it.
    public let witness: CosignerKey
    /// When the witness signed, in POSIX seconds.
    public let timestamp: UInt64

    public init(witness: CosignerKey, timestamp: UInt64) {
        self.witness = witness
        self.timestamp = timestamp
    }

    /// The witness's name.
    public var name: String { witness.name }
}

extension SignedCheckpoint {
    /// This checkpoint with signature lines added (a witness's add-checkpoint response, for
    /// example); each replaces an earlier line with the same key name and key ID.
    public func adding(signatures: [NoteSignature]) throws -> SignedCheckpoint {
        var lines = note.signatures
        for signature in signatures {
            lines.removeAll { $0.keyID == signature.keyID && $0.keyName.utf8.elementsEqual(signature.keyName.utf8) }
            lines.append(signature)
        }
        return try SignedCheckpoint(note: SignedNote(text: note.text, signatures: lines))
    }

    /// This checkpoint with cosignature lines added, replacing earlier ones by the same key.
    public func adding(cosignatures: [Cosignature]) throws -> SignedCheckpoint {
        try adding(signatures: cosignatures.map(\.noteSignature))
    }

    /// This checkpoint cosigned by `cosigner` as of `timestamp` (POSIX seconds).
    public func cosigned(by cosigner: Cosigner, timestamp: UInt64) throws -> SignedCheckpoint {
        try adding(cosignatures: [cosigner.cosign(checkpointBody: note.text, timestamp: timestamp)])
    }

    /// The valid cosignatures of trusted witnesses, in the order of `witnesses`, one per
    /// witness (the latest when a witness signed twice).
    ///
    /// As c2sp.org/signed-note requires, lines whose (name, key ID) match no witness are
    /// ignored — the log's own signature among them — and a line that matches a witness but
    /// does not verify rejects the whole checkpoint, so a forged line cannot sit beside good
    /// ones. Cosignatures dated after `notAfter` (the caller's clock plus allowed skew) are
    /// left out: the spec lets verifiers refuse future timestamps.
    ///
    /// This checks cosignatures only: verify the log's signature with `verify(key:origin:)`
    /// or use `verify(logKey:policy:notAfter:)`.
    ///
    /// - Throws: `CosignatureError.cosignatureInvalid`, `.malformedCosignature`,
    ///   `.timestampTooLarge`, `.ambiguousWitnessKeys`.
    public func verifiedCosignatures(witnesses: [CosignerKey], notAfter: UInt64? = nil) throws -> [VerifiedCosignature] {
        var latest: [CosignerKey: UInt64] = [:]
        for line in note.signatures {
            let candidates = witnesses.filter { $0.matches(line) }
            guard let witness = candidates.first else { continue }
            guard candidates.allSatisfy({ $0.publicKey == witness.publicKey }) else {
                throw CosignatureError.ambiguousWitnessKeys(keyName: line.keyName, keyID: line.keyID)
            }
            let cosignature = try Cosignature(noteSignature: line)
            guard witness.isValid(cosignature, checkpointBody: note.text) else {
                throw CosignatureError.cosignatureInvalid(keyName: line.keyName, keyID: line.keyID)
            }
            if let notAfter, cosignature.timestamp > notAfter { continue }
            latest[witness] = max(latest[witness] ?? 0, cosignature.timestamp)
        }
        var seen: Set<CosignerKey> = []
        return witnesses.compactMap { witness in
            guard let timestamp = latest[witness], seen.insert(witness).inserted else { return nil }
            return VerifiedCosignature(witness: witness, timestamp: timestamp)
        }
    }

    /// Verifies the log's signature (and origin, by default the key's name) and that the
    /// witness policy is met; returns the valid cosignatures.
    @discardableResult
    public func verify(
        logKey: NoteVerifierKey, origin: String? = nil, policy: WitnessPolicy, notAfter: UInt64? = nil
    ) throws -> [VerifiedCosignature] {
        try verify(key: logKey, origin: origin)
        return try policy.check(self, notAfter: notAfter)
    }
}

/// A k-of-n witness policy: a checkpoint is accepted once `threshold` of `witnesses` have
/// validly cosigned it, which is what stops a log from showing different members different
/// histories (a split view) without the witnesses noticing.
public struct WitnessPolicy: Hashable, Sendable {
    /// The trusted witness keys (duplicates removed).
    public let witnesses: [CosignerKey]
    /// How many distinct witnesses must cosign.
    public let threshold: Int

    /// - Throws: `CosignatureError.invalidThreshold` unless 1 ≤ threshold ≤ distinct
    ///   witnesses; `.ambiguousWitnessKeys` when two different keys share a name and key ID.
    public init(witnesses: [CosignerKey], threshold: Int) throws {
        var seen: Set<CosignerKey> = []
        let distinct = witnesses.filter { seen.insert($0).inserted }
        for (offset, key) in distinct.enumerated() {
            if distinct[(offset + 1)...].contains(where: { $0.name == key.name && $0.keyID == key.keyID }) {
                throw CosignatureError.ambiguousWitnessKeys(keyName: key.name, keyID: key.keyID)
            }
        }
        guard threshold >= 1, threshold <= distinct.count else {
            throw CosignatureError.invalidThreshold(threshold: threshold, witnesses: distinct.count)
        }
        self.witnesses = distinct
        self.threshold = threshold
    }

    /// The valid cosignatures, if at least `threshold` witnesses signed.
    /// - Throws: `CosignatureError.quorumNotMet`, or any `verifiedCosignatures` error.
    @discardableResult
    public func check(_ checkpoint: SignedCheckpoint, notAfter: UInt64? = nil) throws -> [VerifiedCosignature] {
        let valid = try checkpoint.verifiedCosignatures(witnesses: witnesses, notAfter: notAfter)
        guard valid.count >= threshold else {
            throw CosignatureError.quorumNotMet(valid: valid.map(\.name), needed: threshold, of: witnesses.count)
        }
        return valid
    }
}
