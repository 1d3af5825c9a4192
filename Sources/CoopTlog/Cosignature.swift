import CoopCrypto

/// A cosignature/v1 (c2sp.org/tlog-cosignature, "Ed25519 signed message"): a witness's
/// timestamped Ed25519 signature of a checkpoint, carried as a signed-note signature line
///
///     — <witness name> base64(key ID ‖ u64 timestamp, big-endian ‖ 64-byte signature)
///
/// over the message
///
///     cosignature/v1
///     time <timestamp, decimal, no leading zeros>
///     <the checkpoint note text, final newline included>
///
/// It states that, as of `timestamp` (POSIX seconds), the largest consistent tree the witness
/// has seen for the origin has this root hash. Extension lines are signed too, but a witness
/// vouches only for the first three lines.
public struct Cosignature: Hashable, Sendable {
    /// The first line of the signed message (domain separation).
    public static let header = "cosignature/v1"
    /// The largest timestamp the spec allows, 2^63 − 1.
    public static let maxTimestamp = UInt64(Int64.max)
    /// Bytes after the key ID: 8 for the time, 64 for the signature.
    public static let signatureLength = 72

    /// The witness's key name.
    public let keyName: String
    /// The witness's key ID (type 0x04, see `CosignerKey.keyID`).
    public let keyID: UInt32
    /// When the witness signed, in POSIX seconds.
    public let timestamp: UInt64
    public let signature: Ed25519.Signature

    /// A cosignature from its parts.
    /// - Throws: `TlogError.invalidKeyName`, `CosignatureError.timestampTooLarge`.
    public init(keyName: String, keyID: UInt32, timestamp: UInt64, signature: Ed25519.Signature) throws {
        try NoteVerifierKey.validateKeyName(keyName)
        guard timestamp <= Self.maxTimestamp else { throw CosignatureError.timestampTooLarge(timestamp) }
        self.keyName = keyName
        self.keyID = keyID
        self.timestamp = timestamp
        self.signature = signature
    }

    /// Reads a cosignature out of a note signature line (after matching it to a witness key).
    /// - Throws: `CosignatureError.malformedCosignature` unless the line holds exactly 72
    ///   bytes after the key ID; `.timestampTooLarge` above 2^63 − 1.
    public init(noteSignature: NoteSignature) throws {
        let raw = noteSignature.signature
        guard raw.count == Self.signatureLength else {
            throw CosignatureError.malformedCosignature(keyName: noteSignature.keyName, length: raw.count)
        }
        let timestamp = raw.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let signature = try Ed25519.Signature(bytes: Array(raw.dropFirst(8)))
        try self.init(keyName: noteSignature.keyName, keyID: noteSignature.keyID, timestamp: timestamp, signature: signature)
    }

    /// The signature line: key ID ‖ timestamp (big-endian) ‖ signature.
    public var noteSignature: NoteSignature {
        let time = (0..<8).map { UInt8(truncatingIfNeeded: timestamp >> (56 - 8 * UInt64($0))) }
        return NoteSignature(validKeyName: keyName, keyID: keyID, signature: time + signature.bytes)
    }

    /// The bytes a witness signs: `cosignature/v1\ntime <timestamp>\n` ‖ the checkpoint body.
    public static func signedMessage(checkpointBody: String, timestamp: UInt64) -> [UInt8] {
        Array("\(header)\ntime \(timestamp)\n".utf8) + Array(checkpointBody.utf8)
    }
}

/// A witness's cosigning key: an Ed25519 private key with its cosigner name.
public struct Cosigner: Sendable {
    public let privateKey: Ed25519.PrivateKey
    public let key: CosignerKey

    /// - Throws: `TlogError.invalidKeyName` if `name` breaks the signed-note rules.
    public init(name: String, privateKey: Ed25519.PrivateKey) throws {
        self.privateKey = privateKey
        self.key = try CosignerKey(name: name, publicKey: privateKey.publicKey)
    }

    public var name: String { key.name }

    /// Cosigns `checkpoint` as of `timestamp` (POSIX seconds, passed in: nothing here reads a
    /// clock).
    /// - Throws: `CosignatureError.zeroTimestamp` for 0 (the witness protocol forbids omitting
    ///   the time), `.timestampTooLarge` above 2^63 − 1.
    public func cosign(_ checkpoint: Checkpoint, timestamp: UInt64) throws -> Cosignature {
        try cosign(checkpointBody: checkpoint.body(), timestamp: timestamp)
    }

    /// Cosigns a checkpoint's note text as received (byte for byte, so extension lines and the
    /// log's exact spelling are kept). The text must parse as a checkpoint.
    public func cosign(checkpointBody: String, timestamp: UInt64) throws -> Cosignature {
        _ = try Checkpoint(body: checkpointBody)
        guard timestamp > 0 else { throw CosignatureError.zeroTimestamp }
        guard timestamp <= Cosignature.maxTimestamp else { throw CosignatureError.timestampTooLarge(timestamp) }
        let message = Cosignature.signedMessage(checkpointBody: checkpointBody, timestamp: timestamp)
        return try Cosignature(keyName: name, keyID: key.keyID, timestamp: timestamp, signature: privateKey.signature(for: message))
    }
}
