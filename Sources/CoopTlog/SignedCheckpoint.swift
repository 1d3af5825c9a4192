import CoopCrypto

/// A checkpoint carried in a signed note (c2sp.org/tlog-checkpoint, "Signatures"), with the
/// log's signature and possibly witness cosignatures.
///
/// The log's key name SHOULD match the origin; coop signs with the origin as key name, and
/// `verify` by default requires the origin to equal the verifier key's name.
public struct SignedCheckpoint: Hashable, Sendable {
    public let checkpoint: Checkpoint
    public let note: SignedNote

    /// Reads the checkpoint out of a signed note (does not verify the signatures).
    public init(note: SignedNote) throws {
        self.checkpoint = try Checkpoint(body: note.text)
        self.note = note
    }

    /// Signs `checkpoint` with `signer`.
    public init(signing checkpoint: Checkpoint, with signer: NoteSigner) throws {
        self.checkpoint = checkpoint
        self.note = try SignedNote.sign(text: checkpoint.body(), signers: [signer])
    }

    /// Signs `checkpoint` with an Ed25519 key under `keyName`, by default the origin.
    /// - Throws: `TlogError.invalidKeyName` when the name (or origin) is not a valid key name.
    public init(signing checkpoint: Checkpoint, privateKey: Ed25519.PrivateKey, keyName: String? = nil) throws {
        let signer = try NoteSigner(name: keyName ?? checkpoint.origin, privateKey: privateKey)
        try self.init(signing: checkpoint, with: signer)
    }

    /// Parses a signed checkpoint WITHOUT verifying it: do not trust its contents before
    /// `verify(key:origin:)` succeeds (or use `open`).
    public static func parse(_ text: String) throws -> SignedCheckpoint {
        try SignedCheckpoint(note: SignedNote.parse(text))
    }

    /// Parses and verifies a signed checkpoint: see `verify(key:origin:)`.
    public static func open(_ text: String, verifierKey: NoteVerifierKey, origin: String? = nil) throws -> SignedCheckpoint {
        let note = try SignedNote.parse(text)
        // The spec says to ignore the text until a trusted signature verifies, so check the
        // signature before reading the body.
        try note.verify(key: verifierKey)
        let signed = try SignedCheckpoint(note: note)
        try signed.checkOrigin(origin ?? verifierKey.name)
        return signed
    }

    /// Checks that `key` signed this checkpoint and that its origin is `origin` (by default
    /// the key's name, since coop names log keys after the origin).
    public func verify(key: NoteVerifierKey, origin: String? = nil) throws {
        try note.verify(key: key)
        try checkOrigin(origin ?? key.name)
    }

    /// This checkpoint with `signer`'s (co)signature added or replaced.
    public func cosigned(by signer: NoteSigner) throws -> SignedCheckpoint {
        try SignedCheckpoint(note: note.adding(signatureBy: signer))
    }

    /// The signed note's wire form.
    public func format() -> String { note.format() }

    private func checkOrigin(_ expected: String) throws {
        // Byte comparison: Swift's String == would treat canonically equivalent spellings
        // as equal, but origins are identifiers.
        guard checkpoint.origin.utf8.elementsEqual(expected.utf8) else {
            throw TlogError.checkpointOriginMismatch(expected: expected, actual: checkpoint.origin)
        }
    }
}
