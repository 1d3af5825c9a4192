import CoopCrypto

/// What can go wrong between `coop` and `coop agent`; each message says what to do.
public enum AgentError: Error, Equatable, Sendable {
    /// A message that does not follow the protocol (`AgentWire`).
    case malformedMessage(String)
    /// A frame longer than the protocol allows.
    case messageTooLarge(size: Int, limit: Int)
    /// No agent answers at the socket.
    case unreachable(path: String, reason: String)
    /// The agent answered with a typed failure.
    case refused(AgentFailure)
    /// The socket's folder is not the user's own private folder.
    case unsafeSocketDirectory(path: String, reason: String)
    /// An agent already listens at the socket.
    case alreadyRunning(path: String)
    /// Longer than a Unix socket address can hold.
    case socketPathTooLong(path: String, limit: Int)
    /// The process at the socket is another user's.
    case otherUser(path: String, uid: UInt32)
    /// The agent returned a signature that does not verify under the key asked for.
    case badSignature(Ed25519.PublicKey)
    /// A system call failed.
    case system(call: String, reason: String)
    /// An `--idle-timeout` that is not a duration coop reads.
    case invalidDuration(String)
}

extension AgentError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .malformedMessage(let why): return "malformed agent message: \(why)"
        case .messageTooLarge(let size, let limit):
            return "agent message of \(size) bytes is over the limit of \(limit) bytes; sign smaller entries or without the agent"
        case .unreachable(let path, let reason):
            return "no agent answers at \(path) (\(reason)); start one with 'eval \"$(coop agent start)\"'"
        case .refused(let failure): return "the agent refused: \(failure.message)"
        case .unsafeSocketDirectory(let path, let reason):
            return "refusing the agent socket folder \(path): \(reason); use a folder only you can open (mkdir -m 700), or another --socket"
        case .alreadyRunning(let path):
            return "an agent already listens at \(path); use it (export COOP_AGENT=\(path)) or stop it with 'coop agent stop'"
        case .socketPathTooLong(let path, let limit):
            return "the socket path \(path) is longer than \(limit) bytes, the most a Unix socket address holds; choose a shorter --socket"
        case .otherUser(let path, let uid):
            return "the process at \(path) runs as uid \(uid), not as you; coop will not talk to it: check $COOP_AGENT"
        case .badSignature(let key):
            return "the agent's signature does not verify under \(key.text); stop the agent ('coop agent stop') and start a new one"
        case .system(let call, let reason): return "\(call) failed: \(reason)"
        case .invalidDuration(let text):
            return "'\(text)' is not a duration: write seconds, minutes or hours such as 90s, 15m, 2h (0 for never)"
        }
    }
}

/// A typed failure the agent sends back instead of a result.
public struct AgentFailure: Error, Hashable, Sendable {
    /// Why the agent refused, as a number on the wire.
    public enum Code: UInt8, Sendable {
        /// The request did not follow the protocol.
        case malformed = 1
        /// The request was longer than the limit.
        case tooLarge = 2
        /// The agent holds no key with the public key asked for.
        case unknownKey = 3
        /// An unknown protocol version or request type.
        case unsupported = 4
        /// The peer is not the agent's user.
        case forbidden = 5
        /// The agent holds as many keys as it will.
        case full = 6
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
