import CoopCrypto

/// A public key that verifies C2SP signed-note Ed25519 signatures (c2sp.org/signed-note,
/// "Ed25519 signatures", signature type 0x01).
///
/// Its text form is the verifier key ("vkey") of Go's `golang.org/x/mod/sumdb/note`, which
/// C2SP refers to: `<name>+<key ID as 8 hex digits>+<base64(0x01 ‖ 32-byte public key)>`,
/// for example `PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW`.
public struct NoteVerifierKey: Hashable, Sendable, CustomStringConvertible {
    /// The signature type identifier byte assigned to Ed25519 by c2sp.org/signed-note.
    public static let ed25519SignatureType: UInt8 = 0x01

    /// The key name written in signature lines (for a log: its origin).
    public let name: String
    public let publicKey: Ed25519.PublicKey
    /// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian.
    public let keyID: UInt32

    /// A verifier key for `publicKey` under `name`.
    /// - Throws: `TlogError.invalidKeyName` if `name` breaks the signed-note rules.
    public init(name: String, publicKey: Ed25519.PublicKey) throws {
        try Self.validateKeyName(name)
        self.name = name
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, publicKey: publicKey)
    }

    /// Parses the vkey text form; the key ID must match the one computed from name and key.
    public init(text: String) throws {
        func malformed(_ reason: String) -> TlogError { .malformedVerifierKey(text, reason: reason) }
        // The name and the hex ID cannot contain '+', but the base64 key data can.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw malformed("it needs three parts separated by '+'") }
        let name = String(parts[0]), idText = String(parts[1]), keyText = String(parts[2])
        guard Self.isValidKeyName(name) else { throw malformed("the key name is empty or has spaces or control characters") }
        // Go's note package accepts either case of hex digits and always writes lowercase.
        guard idText.utf8.count == 8, idText.utf8.allSatisfy(\.isASCIIHexDigit),
            let declaredID = UInt32(idText, radix: 16)
        else { throw malformed("the key ID must be exactly 8 hexadecimal digits") }
        guard let keyData = Base64.decode(keyText), let type = keyData.first else {
            throw malformed("the key data is not standard padded base64")
        }
        guard type == Self.ed25519SignatureType else {
            throw malformed("signature type 0x\(String(type, radix: 16)) is not supported (only Ed25519, 0x01)")
        }
        guard keyData.count == 33, let publicKey = try? Ed25519.PublicKey(bytes: Array(keyData.dropFirst())) else {
            throw malformed("an Ed25519 public key has 32 bytes, not \(keyData.count - 1)")
        }
        try self.init(name: name, publicKey: publicKey)
        guard keyID == declaredID else {
            throw malformed("the key ID does not match the name and key (computed \(TlogError.hex8(keyID)))")
        }
    }

    /// The vkey text form, `<name>+<hex key ID>+<base64(0x01 ‖ key)>`.
    public var text: String {
        "\(name)+\(TlogError.hex8(keyID))+\(Base64.encode([Self.ed25519SignatureType] + publicKey.bytes))"
    }

    public var description: String { text }

    /// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4] as a big-endian integer
    /// (c2sp.org/signed-note, "Ed25519 signatures").
    public static func keyID(name: String, publicKey: Ed25519.PublicKey) -> UInt32 {
        var hasher = SHA256.Hasher()
        hasher.update(Array(name.utf8))
        hasher.update(byte: 0x0A)
        hasher.update(byte: ed25519SignatureType)
        hasher.update(publicKey.bytes)
        return hasher.finalize().bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// True when `name` is a valid signed-note key name: non-empty, with no Unicode white
    /// space, no '+' (U+002B) and no control characters (notes allow none but newline).
    public static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar != "+" && scalar.value >= 0x20 && !scalar.properties.isWhitespace
            }
    }

    static func validateKeyName(_ name: String) throws {
        guard isValidKeyName(name) else { throw TlogError.invalidKeyName(name) }
    }

    /// True when `signature` claims to come from this key: same name (byte for byte) and key ID.
    public func matches(_ signature: NoteSignature) -> Bool {
        signature.keyID == keyID && signature.keyName.utf8.elementsEqual(name.utf8)
    }

    /// True when `signature` is this key's valid Ed25519 signature over `text` (the note body).
    public func isValidSignature(_ signature: NoteSignature, for text: String) -> Bool {
        guard matches(signature), let sig = try? Ed25519.Signature(bytes: signature.signature) else {
            return false
        }
        return publicKey.isValidSignature(sig, for: Array(text.utf8))
    }
}

/// An Ed25519 signing key with its signed-note key name.
public struct NoteSigner: Sendable {
    public let privateKey: Ed25519.PrivateKey
    public let verifierKey: NoteVerifierKey

    /// - Throws: `TlogError.invalidKeyName` if `name` breaks the signed-note rules.
    public init(name: String, privateKey: Ed25519.PrivateKey) throws {
        self.privateKey = privateKey
        self.verifierKey = try NoteVerifierKey(name: name, publicKey: privateKey.publicKey)
    }

    public var name: String { verifierKey.name }
    public var keyID: UInt32 { verifierKey.keyID }

    /// Signs the note text (its UTF-8 bytes, including the final newline) with Ed25519.
    public func signature(for text: String) -> NoteSignature {
        let sig = privateKey.signature(for: Array(text.utf8))
        return NoteSignature(validKeyName: name, keyID: keyID, signature: sig.bytes)
    }
}

extension UInt8 {
    var isASCIIHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
