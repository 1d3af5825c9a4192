import CoopCrypto
import CoopTlog

/// coop's use of C2SP checkpoints: the ledger key is a note key named after the origin, and
/// each checkpoint carries one extension line committing to the replayed state:
///
///     coop-state v<schema> <hex SHA-256 of the state snapshot's canonical JSON>
///
/// The state line lets an auditor who kept a checkpoint re-check only the entries after it.
public enum Checkpoints {
    static let stateLinePrefix = "coop-state v\(LedgerState.schemaVersion) "

    /// A verified checkpoint's facts.
    public struct Opened: Sendable {
        public let size: UInt64
        public let root: SHA256Digest
        /// The state digest, when the checkpoint has a state line of this code's schema.
        public let stateDigest: SHA256Digest?
        public let signed: SignedCheckpoint
    }

    /// True when `origin` can name a note key (non-empty, no spaces, no '+').
    public static func isValidOrigin(_ origin: String) -> Bool {
        NoteVerifierKey.isValidKeyName(origin)
    }

    /// The verifier key text (`<origin>+<key id>+<base64>`) of the ledger key.
    public static func verifierKeyText(_ key: Ed25519.PublicKey, origin: String) -> String {
        (try? NoteVerifierKey(name: origin, publicKey: key).text) ?? ""
    }

    /// Parses a ledger key text, requiring it to be named after `origin`.
    public static func verifierKey(_ text: String, origin: String) throws -> NoteVerifierKey {
        let key = try NoteVerifierKey(text: text)
        guard key.name == origin else {
            throw LedgerError.checkpointInvalid(reason: "the ledger key is named \(key.name), not the origin \(origin)")
        }
        return key
    }

    /// Signs the checkpoint note for a tree head and state.
    static func sign(
        origin: String, size: UInt64, root: SHA256Digest, stateDigest: SHA256Digest,
        key: Ed25519.PrivateKey
    ) throws -> String {
        let checkpoint = try Checkpoint(
            origin: origin, size: size, rootHash: root,
            extensions: [stateLinePrefix + stateDigest.hex])
        return try SignedCheckpoint(signing: checkpoint, privateKey: key, keyName: origin).format()
    }

    /// Parses and verifies a signed checkpoint against the ledger key.
    public static func open(_ note: String, keyText: String, origin: String) throws -> Opened {
        let key = try verifierKey(keyText, origin: origin)
        let signed = try SignedCheckpoint.open(note, verifierKey: key, origin: origin)
        let cp = signed.checkpoint
        return Opened(size: cp.size, root: cp.rootHash, stateDigest: stateDigest(of: cp), signed: signed)
    }

    /// The state digest a checkpoint signs (its `coop-state` line), if it carries one.
    static func stateDigest(of checkpoint: Checkpoint) -> SHA256Digest? {
        checkpoint.extensions.first { $0.hasPrefix(stateLinePrefix) }
            .flatMap { SHA256Digest(hex: String($0.dropFirst(stateLinePrefix.count))) }
    }
}
