import CoopCrypto

/// A witness's public key for timestamped Ed25519 checkpoint cosignatures
/// (c2sp.org/tlog-cosignature, signed-note signature type 0x04).
///
/// The key ID is SHA-256(name ‖ "\n" ‖ 0x04 ‖ 32-byte public key)[:4], so a cosignature can
/// never be taken for a plain 0x01 note signature by the same key and name, nor the reverse.
/// Its vkey text is `<name>+<8 hex digits>+<base64(0x04 ‖ public key)>`.
///
/// The signed message does not commit to the name, so a witness operator MUST use a distinct
/// key for each cosigner name.
public struct CosignerKey: Hashable, Sendable, CustomStringConvertible {
    /// The signed-note signature type of cosignature/v1 (timestamped Ed25519).
    public static let signatureType: UInt8 = 0x04

    /// The witness's key name, written in its signature lines (e.g. `witness.example.com/w1`).
    public let name: String
    public let publicKey: Ed25519.PublicKey
    /// SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4], big-endian.
    public let keyID: UInt32

    /// - Throws: `TlogError.invalidKeyName` if `name` breaks the signed-note rules.
    public init(name: String, publicKey: Ed25519.PublicKey) throws {
        try NoteVerifierKey.validateKeyName(name)
        self.name = name
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, publicKey: publicKey)
    }

    /// Parses the vkey text; the key ID must match the name and key, the type must be 0x04.
    public init(vkey text: String) throws {
        func malformed(_ reason: String) -> CosignatureError { .malformedCosignerKey(text, reason: reason) }
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw malformed("it needs three parts separated by '+'") }
        let name = String(parts[0]), idText = String(parts[1]), keyText = String(parts[2])
        guard NoteVerifierKey.isValidKeyName(name) else {
            throw malformed("the key name is empty or has spaces, '+' or control characters")
        }
        guard idText.utf8.count == 8, idText.utf8.allSatisfy(\.isASCIIHexDigit), let declaredID = UInt32(idText, radix: 16) else {
            throw malformed("the key ID must be exactly 8 hexadecimal digits")
        }
        guard let keyData = Base64.decode(keyText), let type = keyData.first else {
            throw malformed("the key data is not standard padded base64")
        }
        guard type == Self.signatureType else {
            let hint = type == NoteVerifierKey.ed25519SignatureType ? " (0x01 is a log or note key, not a witness cosigning key)" : ""
            throw malformed("signature type 0x\(String(type, radix: 16)) is not a cosignature/v1 key, 0x04\(hint)")
        }
        guard keyData.count == 33, let publicKey = try? Ed25519.PublicKey(bytes: Array(keyData.dropFirst())) else {
            throw malformed("an Ed25519 public key has 32 bytes, not \(keyData.count - 1)")
        }
        try self.init(name: name, publicKey: publicKey)
        guard keyID == declaredID else {
            throw malformed("the key ID does not match the name and key (computed \(TlogError.hex8(keyID)))")
        }
    }

    /// The vkey text, `<name>+<hex key ID>+<base64(0x04 ‖ key)>`.
    public var vkey: String {
        "\(name)+\(TlogError.hex8(keyID))+\(Base64.encode([Self.signatureType] + publicKey.bytes))"
    }

    public var description: String { vkey }

    /// SHA-256(name ‖ 0x0A ‖ 0x04 ‖ 32-byte public key)[:4] as a big-endian integer.
    public static func keyID(name: String, publicKey: Ed25519.PublicKey) -> UInt32 {
        var hasher = SHA256.Hasher()
        hasher.update(Array(name.utf8))
        hasher.update(byte: 0x0A)
        hasher.update(byte: signatureType)
        hasher.update(publicKey.bytes)
        return hasher.finalize().bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// True when the signature line claims to come from this key: same name (byte for byte)
    /// and key ID. Lines that do not match are not this witness's and must be ignored.
    public func matches(_ signature: NoteSignature) -> Bool {
        signature.keyID == keyID && signature.keyName.utf8.elementsEqual(name.utf8)
    }

    /// True when `cosignature` is this key's valid cosignature/v1 of the checkpoint note text
    /// `checkpointBody` (the note text, final newline included, no signature lines).
    public func isValid(_ cosignature: Cosignature, checkpointBody: String) -> Bool {
        guard cosignature.keyID == keyID, cosignature.keyName.utf8.elementsEqual(name.utf8) else { return false }
        let message = Cosignature.signedMessage(checkpointBody: checkpointBody, timestamp: cosignature.timestamp)
        return publicKey.isValidSignature(cosignature.signature, for: message)
    }
}
