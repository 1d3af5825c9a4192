import CSodium

/// Passphrase-encrypted Ed25519 private key files (`coop key new` writes them).
///
/// ## Format `coop-private-key-v1`
///
/// A key file is UTF-8 text of 6 or 7 lines in this order, each ending in LF (0x0A):
///
///     coop-private-key-v1
///     name: <display name>
///     public: ed25519:<base64 of the 32-byte public key>
///     kdf: argon2id13 ops=<opslimit> mem=<memlimit>
///     salt: <base64 of 16 bytes>
///     nonce: <base64 of 24 bytes>
///     ciphertext: <base64 of 48 bytes>
///
/// - Every label is followed by exactly one space. There are no other lines, no blank lines,
///   no CR (0x0D), no spaces at line ends. Writers end the file with the LF after the
///   `ciphertext:` line; readers also accept the file without that last LF. Base64 is the
///   standard alphabet with padding (RFC 4648 §4), canonical (as `Base64` decodes it).
///   Readers refuse inputs larger than 64 KiB.
/// - `name:` is optional and left out when the key has none. Its value is 1 to 256 bytes of
///   UTF-8 with no control characters (Unicode category Cc), no U+2028 or U+2029, and no
///   white space at its start or end.
/// - `kdf:` gives the Argon2id limits as decimal integers without sign or leading zeros:
///   `ops` (passes) in 1...20 and `mem` (bytes) in 8192...1073741824. Readers refuse other
///   values before deriving anything (see `KDFLimits`).
/// - Key derivation: `key = crypto_pwhash(outlen 32, passphrase, salt, ops, mem,
///   crypto_pwhash_ALG_ARGON2ID13)`, that is Argon2id version 0x13 (RFC 9106) with 1 lane,
///   `ops` passes, `mem / 1024` KiB of memory and a 32-byte output, over the passphrase bytes
///   exactly as given (no Unicode normalisation; `Passphrase.fromFile` drops one trailing
///   newline).
/// - Encryption: `ciphertext = crypto_aead_xchacha20poly1305_ietf_encrypt(message: the 32-byte
///   Ed25519 seed (the RFC 8032 private key), associated data: header, nonce, key)`, that is
///   32 encrypted bytes followed by the 16-byte Poly1305 tag (XChaCha20-Poly1305: the
///   ChaCha20-Poly1305 AEAD of RFC 8439 under the HChaCha20 subkey of the key and the first
///   16 nonce bytes, with nonce 4 zero bytes followed by the last 8 nonce bytes).
/// - `header` is the file's exact bytes from its first byte through the LF that ends the
///   `nonce:` line (everything before `ciphertext:`), so no header byte can change unnoticed.
/// - Opening fails with `CryptoError.wrongPassphrase` on a wrong passphrase or any change to
///   the header or ciphertext. After decryption the public key derived from the seed must
///   equal the `public:` line, else `CryptoError.keyFilePublicKeyMismatch`.
/// - On disk (`write`, `read`) the file has mode 0600; readers refuse a file with any
///   permission bit for group or others (`mode & 0077 != 0`) with `CryptoError.keyFileTooOpen`.
///
/// The `public:` and `name:` lines can be read without the passphrase (`publicKey(of:)`,
/// `name(of:)`), but they are authenticated only once `open` succeeds.
public enum KeyFile {
    /// The first line of every key file of this format.
    public static let formatLine = "coop-private-key-v1"
    /// The longest `name:` value, in UTF-8 bytes.
    public static let maximumNameBytes = 256
    /// Larger inputs are refused unread; a real key file is about 300 bytes.
    static let maximumFileBytes = 64 * 1024

    static let seedBytes = 32
    static let saltBytes = Int(crypto_pwhash_SALTBYTES)
    static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let ciphertextBytes = seedBytes + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// The text of a key file holding `key`, encrypted under `passphrase`.
    /// - Parameters:
    ///   - name: a display name for the `name:` line, or nil for none.
    ///   - limits: Argon2id limits; `.interactive` unless the caller wants stronger ones.
    public static func seal(
        _ key: Ed25519.PrivateKey, name: String?, passphrase: SecretBytes, limits: KDFLimits = .interactive
    ) throws -> String {
        try seal(key, name: name, passphrase: passphrase, limits: limits, claimedPublicKey: key.publicKey)
    }

    /// `seal` with the `public:` line given separately (tests use it to build a file whose
    /// public line lies).
    static func seal(
        _ key: Ed25519.PrivateKey, name: String?, passphrase: SecretBytes, limits: KDFLimits,
        claimedPublicKey: Ed25519.PublicKey
    ) throws -> String {
        if let name, !isValidName(name) { throw CryptoError.invalidKeyName }
        try limits.check()
        guard passphrase.count > 0 else { throw CryptoError.emptyPassphrase }

        let salt = SecureRandom.bytes(count: saltBytes)
        let nonce = SecureRandom.bytes(count: nonceBytes)
        let header = KeyFileText.header(
            name: name, publicKey: claimedPublicKey, limits: limits, salt: salt, nonce: nonce)
        let associatedData = Array(header.utf8)
        let aeadKey = try deriveKey(passphrase: passphrase, salt: salt, limits: limits)

        var ciphertext = [UInt8](repeating: 0, count: ciphertextBytes)
        var written: UInt64 = 0
        let rc = key.withSeed { seed in
            aeadKey.withUnsafeBytes { k in
                associatedData.withUnsafeBufferPointer { ad in
                    nonce.withUnsafeBufferPointer { n in
                        ciphertext.withUnsafeMutableBufferPointer { c in
                            guard let cBase = c.baseAddress, let nBase = n.baseAddress,
                                let kBase = k.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                let seedBase = seed.baseAddress?.assumingMemoryBound(to: UInt8.self)
                            else { return Int32(-1) }
                            return crypto_aead_xchacha20poly1305_ietf_encrypt(
                                cBase, &written, seedBase, UInt64(seed.count),
                                ad.baseAddress, UInt64(ad.count), nil, nBase, kBase)
                        }
                    }
                }
            }
        }
        guard rc == 0, written == UInt64(ciphertextBytes) else { throw CryptoError.encryptionFailed }
        return header + "ciphertext: " + Base64.encode(ciphertext) + "\n"
    }

    /// Decrypts a key file's text with `passphrase`.
    /// - Throws: `keyFileMalformed` or `kdfLimitsOutOfRange` for a file not of this format,
    ///   `emptyPassphrase`, `wrongPassphrase` (wrong passphrase or altered file),
    ///   `keyFilePublicKeyMismatch`, `keyDerivationFailed`.
    public static func open(_ text: String, passphrase: SecretBytes) throws -> Ed25519.PrivateKey {
        let file = try KeyFileText(parsing: text)
        guard passphrase.count > 0 else { throw CryptoError.emptyPassphrase }

        let seed: SecretBytes
        do {
            let aeadKey = try deriveKey(passphrase: passphrase, salt: file.salt, limits: file.limits)
            seed = try SecretBytes(count: seedBytes) { out in
                var produced: UInt64 = 0
                let rc = aeadKey.withUnsafeBytes { k in
                    file.header.withUnsafeBufferPointer { ad in
                        file.nonce.withUnsafeBufferPointer { n in
                            file.ciphertext.withUnsafeBufferPointer { c in
                                guard let outBase = out.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                    let kBase = k.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                    let nBase = n.baseAddress, let cBase = c.baseAddress
                                else { return Int32(-1) }
                                return crypto_aead_xchacha20poly1305_ietf_decrypt(
                                    outBase, &produced, nil, cBase, UInt64(c.count),
                                    ad.baseAddress, UInt64(ad.count), nBase, kBase)
                            }
                        }
                    }
                }
                guard rc == 0, produced == UInt64(seedBytes) else { throw CryptoError.wrongPassphrase }
            }
        }  // the derived key is released (and zeroed) here
        let key = try Ed25519.PrivateKey(seed: seed)
        guard key.publicKey == file.publicKey else { throw CryptoError.keyFilePublicKeyMismatch }
        return key
    }

    /// The `public:` line of a key file, read without the passphrase. The whole file is
    /// checked for form, but the key is not authenticated until `open` succeeds.
    public static func publicKey(of text: String) throws -> Ed25519.PublicKey {
        try KeyFileText(parsing: text).publicKey
    }

    /// The `name:` line of a key file (nil when it has none), read without the passphrase.
    public static func name(of text: String) throws -> String? {
        try KeyFileText(parsing: text).name
    }

    /// True when `name` may stand on a `name:` line (see the format above).
    public static func isValidName(_ name: String) -> Bool {
        guard (1...maximumNameBytes).contains(name.utf8.count),
            let first = name.unicodeScalars.first, let last = name.unicodeScalars.last,
            !first.properties.isWhitespace, !last.properties.isWhitespace
        else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.generalCategory != .control && scalar != "\u{2028}" && scalar != "\u{2029}"
        }
    }
}
