/// Everything that can go wrong in CoopCrypto. Messages say what a person should do.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidKeyLength(expected: Int, actual: Int)
    case invalidSignatureLength(actual: Int)
    case invalidKeyText(String)
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

    public var description: String {
        switch self {
        case let .invalidKeyLength(expected, actual):
            return "key has \(actual) bytes; Ed25519 keys have \(expected)"
        case let .invalidSignatureLength(actual):
            return "signature has \(actual) bytes; Ed25519 signatures have 64"
        case let .invalidKeyText(text):
            return "not a coop public key: \(text.prefix(80)) (expected 'ed25519:' followed by 44 base64 characters)"
        case let .invalidSignatureText(text):
            return "not an Ed25519 signature: \(text.prefix(100)) (expected 88 base64 characters)"
        case .badSignature:
            return "the signature does not verify with this key"
        case .randomnessUnavailable:
            return "the system random source is unavailable"
        case let .keyFileMalformed(reason):
            return "the key file is not a coop key file: \(reason)"
        case let .keyFileTooOpen(path, mode):
            return "key file \(path) has mode \(mode): other users may read it; run 'chmod 600 \(path)'"
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
        }
    }
}
