/// Everything that can go wrong in CoopCrypto. Messages say what a person should do.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidKeyLength(expected: Int, actual: Int)
    case invalidSignatureLength(actual: Int)
    case invalidKeyText(String)
    /// Well-formed text whose 32 bytes are not a usable point (non-canonical or small order).
    case invalidPublicKeyPoint(String)
    case invalidSignatureText(String)
    case badSignature
    case randomnessUnavailable
    case keyFileMalformed(String)
    case keyFileTooOpen(path: String, mode: String)
    case wrongPassphrase
    case emptyPassphrase
    case keyDerivationFailed
    case encryptionFailed
    case ioError(path: String, reason: String)
    /// The key file's `public:` line names another key than the one it holds.
    case keyFilePublicKeyMismatch
    /// Argon2id limits outside what coop accepts (see `KeyFile.KDFLimits`).
    case kdfLimitsOutOfRange(opsLimit: UInt64, memoryLimit: UInt64)
    /// A key name that cannot go on one key-file line (see `KeyFile`).
    case invalidKeyName
    /// There is no terminal to ask for a passphrase on.
    case noTerminal
    /// The person interrupted the passphrase prompt.
    case passphraseCancelled
    case passphraseFileTooOpen(path: String, mode: String)
    case passphraseTooShort(minimum: Int)

    public var description: String {
        switch self {
        case let .invalidKeyLength(expected, actual):
            return "key has \(actual) bytes; Ed25519 keys have \(expected)"
        case let .invalidSignatureLength(actual):
            return "signature has \(actual) bytes; Ed25519 signatures have 64"
        case let .invalidKeyText(text):
            return "not a coop public key: \(text.prefix(80)) (expected 'ed25519:' followed by 44 base64 characters)"
        case let .invalidPublicKeyPoint(text):
            return "not a usable Ed25519 public key: \(text.prefix(80)) (a non-canonical or small-order point no one can sign for); "
                + "use the public key a key file gives ('coop key show')"
        case let .invalidSignatureText(text):
            return "not an Ed25519 signature: \(text.prefix(100)) (expected 88 base64 characters)"
        case .badSignature:
            return "the signature does not verify with this key"
        case .randomnessUnavailable:
            return "the system random source is unavailable"
        case let .keyFileMalformed(reason):
            return "the key file is not a coop key file: \(reason)"
        case let .keyFileTooOpen(path, mode):
            return "key file \(path) has mode \(mode): other users can reach it; run 'chmod 600 \(path)'"
        case .wrongPassphrase:
            return "wrong passphrase for this key file (or the file was altered)"
        case .emptyPassphrase:
            return "the passphrase is empty; set COOP_PASSPHRASE or use --passphrase-file"
        case .keyDerivationFailed:
            return "deriving the key from the passphrase failed (out of memory?)"
        case .encryptionFailed:
            return "encrypting the key file failed"
        case let .ioError(path, reason):
            return "\(path): \(reason)"
        case .keyFilePublicKeyMismatch:
            return "the key file's 'public:' line does not match the key it holds (the file was made wrongly)"
        case let .kdfLimitsOutOfRange(ops, mem):
            return "passphrase hashing limits ops=\(ops) mem=\(mem) are outside what coop accepts "
                + "(ops \(KeyFile.KDFLimits.opsLimitRange), mem \(KeyFile.KDFLimits.memoryLimitRange) bytes)"
        case .invalidKeyName:
            return "a key name must be 1 to \(KeyFile.maximumNameBytes) bytes of UTF-8, "
                + "without control characters or leading or trailing spaces"
        case .noTerminal:
            return "no terminal to ask for the passphrase on; set COOP_PASSPHRASE or use --passphrase-file"
        case .passphraseCancelled:
            return "passphrase entry was interrupted"
        case let .passphraseFileTooOpen(path, mode):
            return "passphrase file \(path) has mode \(mode): other users can read it; run 'chmod 600 \(path)'"
        case let .passphraseTooShort(minimum):
            return "a new key's passphrase must be at least \(minimum) characters (a few words are easy to remember "
                + "and hard to guess); nothing was written"
        }
    }
}
