/// What can go wrong running a witness or asking witnesses to cosign; messages say what to do.
public enum WitnessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file or folder of the witness's state could not be read or written.
    case io(path: String, reason: String)
    /// A stored record does not parse or is for another origin than its file name says.
    case corruptRecord(path: String, reason: String)
    /// Another process holds the state folder.
    case stateInUse(path: String)
    /// A `--log` argument is not `ORIGIN=KEYTEXT` (or a ledger key text).
    case badLogArgument(String, reason: String)
    /// A witness could not be reached or did not answer in time.
    case unreachable(url: String, reason: String)
    /// The witness key is also a log (ledger) key it follows, or a member key.
    case keyReused(String)

    public var description: String {
        switch self {
        case let .io(path, reason):
            return "cannot use \(path): \(reason); check the folder exists, is writable and has free space"
        case let .corruptRecord(path, reason):
            return
                "the witness record \(path) is unreadable (\(reason)); do not delete it blindly: restore it from a backup, or compare it with the log's checkpoints before removing it"
        case let .stateInUse(path):
            return "another witness process holds \(path) (lock file); stop it first, or give this one its own --state folder"
        case let .badLogArgument(text, reason):
            return "--log '\(text.prefix(120))' is not ORIGIN=LEDGERKEYTEXT: \(reason)"
        case let .unreachable(url, reason):
            return "cannot reach the witness at \(url): \(reason); the checkpoint stays unwitnessed by it until a later checkpoint is cosigned"
        case let .keyReused(detail):
            return "the witness key must be a key of its own: \(detail); create one with 'coop witness key new'"
        }
    }
}
