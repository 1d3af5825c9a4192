import CoopCrypto

/// One signature line of a C2SP signed note (c2sp.org/signed-note, "Signatures"):
/// `— <key name> base64(32-bit key ID ‖ signature)`.
public struct NoteSignature: Hashable, Sendable {
    public let keyName: String
    /// The first four signature bytes, big-endian.
    public let keyID: UInt32
    /// The signature algorithm's output (for Ed25519, 64 bytes), without the key ID.
    public let signature: [UInt8]

    /// - Throws: `TlogError.invalidKeyName`, or `.noteSignatureEmpty` when `signature` is empty.
    public init(keyName: String, keyID: UInt32, signature: [UInt8]) throws {
        try NoteVerifierKey.validateKeyName(keyName)
        guard !signature.isEmpty else { throw TlogError.noteSignatureEmpty(keyName: keyName) }
        self.init(validKeyName: keyName, keyID: keyID, signature: signature)
    }

    init(validKeyName keyName: String, keyID: UInt32, signature: [UInt8]) {
        self.keyName = keyName
        self.keyID = keyID
        self.signature = signature
    }

    /// base64(key ID ‖ signature), as written after the key name.
    public var encoded: String {
        Base64.encode([UInt8(keyID >> 24), UInt8(keyID >> 16 & 0xff), UInt8(keyID >> 8 & 0xff), UInt8(keyID & 0xff)] + signature)
    }

    /// The full signature line, with its final newline.
    public var line: String { "\u{2014} \(keyName) \(encoded)\n" }
}

/// A C2SP signed note (c2sp.org/signed-note, "Format"): a text ending in a newline, a blank
/// line, then one or more signature lines `— <key name> <base64>`.
///
/// Rules enforced when parsing and constructing:
/// - valid UTF-8 with no control character below U+0020 other than newline;
/// - the text is non-empty, ends in a newline and may contain empty lines: the *last* empty
///   line separates it from the signatures;
/// - every signature line is em dash (U+2014), space, a valid key name (non-empty, no Unicode
///   space, no '+'), space, and strict base64 of a 4-byte key ID plus at least one signature
///   byte, ending in a newline;
/// - at most `maxSignatures` signatures. The spec says verifiers SHOULD cap the count and
///   MUST accept at least 16; 100 is the limit of Go's reference `sumdb/note`.
///
/// The text MUST be ignored until a trusted key's signature has been verified with `verify`.
public struct SignedNote: Hashable, Sendable {
    public static let maxSignatures = 100

    /// The signed text, including its final newline (not the separating blank line).
    public let text: String
    public let signatures: [NoteSignature]

    /// A note from its parts; the text and the signature count are checked.
    public init(text: String, signatures: [NoteSignature]) throws {
        try Self.validateText(Array(text.utf8))
        guard !signatures.isEmpty else { throw TlogError.noteMissingSignatures }
        guard signatures.count <= Self.maxSignatures else {
            throw TlogError.noteTooManySignatures(count: signatures.count, limit: Self.maxSignatures)
        }
        self.text = text
        self.signatures = signatures
    }

    /// Signs `text` with each signer, in order.
    public static func sign(text: String, signers: [NoteSigner]) throws -> SignedNote {
        try SignedNote(text: text, signatures: signers.map { $0.signature(for: text) })
    }

    /// This note with `signer`'s signature added, replacing any earlier one by the same key
    /// (same name and key ID) — how a witness cosigns a checkpoint.
    public func adding(signatureBy signer: NoteSigner) throws -> SignedNote {
        let others = signatures.filter { !signer.verifierKey.matches($0) }
        return try SignedNote(text: text, signatures: others + [signer.signature(for: text)])
    }

    /// The note in its wire form: text, blank line, signature lines.
    public func format() -> String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// Parses a note received as bytes (checks UTF-8 first).
    public static func parse(bytes: some Collection<UInt8>) throws -> SignedNote {
        guard let note = String(validating: bytes, as: UTF8.self) else { throw TlogError.noteNotUTF8 }
        return try parse(note)
    }

    /// Parses a signed note without verifying it; see `verify(keys:)`.
    public static func parse(_ note: String) throws -> SignedNote {
        let bytes = Array(note.utf8)
        try rejectControlCharacters(bytes, firstLine: 1)
        // The text ends at the last blank line ("\n\n"): text lines may be empty, signature
        // lines never are.
        guard let split = lastBlankLine(in: bytes), split + 2 < bytes.count else {
            throw TlogError.noteMissingSignatures
        }
        let text = bytes[...split]
        let block = bytes[(split + 2)...]
        let firstSignatureLine = text.count(where: { $0 == newline }) + 2
        let lines = block.split(separator: newline, omittingEmptySubsequences: false)
        // `block` is non-empty and holds no "\n\n", so only the last piece can be empty: it
        // is empty exactly when the block ends with its newline.
        guard lines.last?.isEmpty == true else {
            throw TlogError.noteMalformedSignatureLine(
                line: firstSignatureLine + lines.count - 1, reason: "the note must end with a newline")
        }
        let signatureLines = lines.dropLast()
        guard signatureLines.count <= maxSignatures else {
            throw TlogError.noteTooManySignatures(count: signatureLines.count, limit: maxSignatures)
        }
        let signatures = try signatureLines.enumerated().map { offset, line in
            try parseSignatureLine(line, lineNumber: firstSignatureLine + offset)
        }
        return try SignedNote(text: String(decoding: text, as: UTF8.self), signatures: signatures)
    }

    // MARK: - Parsing helpers

    private static let newline: UInt8 = 0x0A
    private static let signaturePrefix: [UInt8] = Array("\u{2014} ".utf8)

    static func parseSignatureLine(_ line: ArraySlice<UInt8>, lineNumber: Int) throws -> NoteSignature {
        func malformed(_ reason: String) -> TlogError {
            .noteMalformedSignatureLine(line: lineNumber, reason: reason)
        }
        guard line.starts(with: signaturePrefix) else {
            throw malformed("it must start with an em dash (U+2014) and a space")
        }
        let rest = line.dropFirst(signaturePrefix.count)
        guard let space = rest.firstIndex(of: 0x20) else {
            throw malformed("a space must separate the key name from the signature")
        }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        guard NoteVerifierKey.isValidKeyName(name) else {
            throw malformed("the key name '\(name.prefix(80))' is empty or contains a space or '+'")
        }
        guard let raw = Base64.decode(String(decoding: rest[(space + 1)...], as: UTF8.self)) else {
            throw malformed("the signature is not standard padded base64")
        }
        guard raw.count > 4 else {
            throw malformed("the signature must hold a 4-byte key ID and at least one more byte")
        }
        let keyID = raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return NoteSignature(validKeyName: name, keyID: keyID, signature: Array(raw.dropFirst(4)))
    }

    /// The index of the first newline of the last "\n\n", if any.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        return stride(from: bytes.count - 2, through: 0, by: -1).first {
            bytes[$0] == newline && bytes[$0 + 1] == newline
        }
    }

    /// Note text rules: non-empty, ends in a newline, no control characters but newline.
    static func validateText(_ bytes: [UInt8]) throws {
        guard bytes.last == newline else { throw TlogError.noteTextMissingFinalNewline }
        try rejectControlCharacters(bytes, firstLine: 1)
    }

    private static func rejectControlCharacters(_ bytes: [UInt8], firstLine: Int) throws {
        var line = firstLine
        for byte in bytes {
            if byte == newline {
                line += 1
            } else if byte < 0x20 {
                throw TlogError.noteControlCharacter(line: line)
            }
        }
    }
}

extension SignedNote {
    /// Verifies the note against trusted keys (c2sp.org/signed-note, "Signatures") and returns
    /// the keys whose signatures verified, in the order of `keys`.
    ///
    /// - Signatures whose (name, key ID) match no trusted key are ignored, as the spec requires.
    /// - A signature from a trusted key that fails to verify rejects the whole note (the
    ///   spec's SHOULD), so a forged line can't hide next to a good one.
    /// - At least one trusted key must have signed (the spec's MUST).
    /// - Two *different* trusted keys sharing a name and key ID are ambiguous and rejected;
    ///   the same key listed twice is not.
    @discardableResult
    public func verify(keys: [NoteVerifierKey]) throws -> [NoteVerifierKey] {
        var verified: Set<NoteVerifierKey> = []
        for signature in signatures {
            let candidates = keys.filter { $0.matches(signature) }
            guard let key = candidates.first else { continue }
            guard candidates.allSatisfy({ $0.publicKey == key.publicKey }) else {
                throw TlogError.ambiguousVerifierKeys(keyName: signature.keyName, keyID: signature.keyID)
            }
            guard key.isValidSignature(signature, for: text) else {
                throw TlogError.noteSignatureInvalid(keyName: signature.keyName, keyID: signature.keyID)
            }
            verified.insert(key)
        }
        guard !verified.isEmpty else {
            throw TlogError.noteNotSignedByKnownKey(keys: keys.map { "\($0.name)+\(TlogError.hex8($0.keyID))" })
        }
        var seen: Set<NoteVerifierKey> = []
        return keys.filter { verified.contains($0) && seen.insert($0).inserted }
    }

    /// Verifies that `key` signed the note; see `verify(keys:)`.
    public func verify(key: NoteVerifierKey) throws {
        try verify(keys: [key])
    }
}
