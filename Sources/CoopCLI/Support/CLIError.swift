/// Errors of the command line itself (the library's errors pass through as they are).
public enum CLIError: Error, Equatable, CustomStringConvertible {
    case missingKey
    case missingPassphrase
    case passphraseMismatch
    case fileExists(String)
    case unreadable(path: String, reason: String)
    case invalidArgument(String)
    case verificationFailed(problems: Int)

    public var description: String {
        switch self {
        case .missingKey:
            return "no signing key: pass --key FILE or set COOP_KEY (create one with 'coop key new --out FILE')"
        case .missingPassphrase:
            return "no passphrase: set COOP_PASSPHRASE, pass --passphrase-file FILE, or run in a terminal to be asked"
        case .passphraseMismatch:
            return "the two passphrases differ; nothing was written"
        case let .fileExists(path):
            return "\(path) already exists; coop will not overwrite it"
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .invalidArgument(reason):
            return reason
        case let .verificationFailed(problems):
            return "verification failed: \(problems) problem\(problems == 1 ? "" : "s") (listed above)"
        }
    }
}
