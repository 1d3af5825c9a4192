import CoopCrypto
import CoopTlog
import Foundation

/// How `coop witness serve` runs: where it listens, its key, its state folder, and the logs it
/// follows.
public struct WitnessConfiguration: Sendable {
    public var host: String
    /// Port 0 picks a free port (reported when listening).
    public var port: Int
    /// The state folder (records and evidence).
    public var stateFolder: String
    /// The witness's cosigning key(s).
    public var cosigners: [Cosigner]
    /// For each followed origin, the log keys trusted to sign its checkpoints.
    public var logs: [String: [NoteVerifierKey]]
    /// The largest add-checkpoint body accepted (bytes).
    public var maxBodyBytes: Int
    /// How long an idle connection stays open (seconds).
    public var idleTimeout: Int64
    /// The witness's clock, POSIX seconds (cosignature timestamps).
    public var now: @Sendable () -> UInt64

    public init(
        host: String = "127.0.0.1", port: Int = 8418, stateFolder: String, cosigners: [Cosigner], logs: [String: [NoteVerifierKey]],
        maxBodyBytes: Int = 64 << 10, idleTimeout: Int64 = 60, now: @escaping @Sendable () -> UInt64 = WitnessConfiguration.systemTime
    ) {
        self.host = host
        self.port = port
        self.stateFolder = stateFolder
        self.cosigners = cosigners
        self.logs = logs
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.now = now
    }

    /// The system clock in whole POSIX seconds.
    @Sendable public static func systemTime() -> UInt64 {
        UInt64(max(1, Date().timeIntervalSince1970.rounded(.down)))
    }

    /// Reads a `--log` argument: `ORIGIN=KEYTEXT`, or the ledger key text alone (its name is
    /// the origin, as coop names ledger keys). The key must be a 0x01 Ed25519 note key.
    public static func parseLog(_ text: String) throws -> (origin: String, key: NoteVerifierKey) {
        let origin: String?
        let keyText: String
        if let equals = text.firstIndex(of: "=") {
            origin = String(text[..<equals])
            keyText = String(text[text.index(after: equals)...])
        } else {
            origin = nil
            keyText = text
        }
        let key: NoteVerifierKey
        do {
            key = try NoteVerifierKey(text: keyText)
        } catch {
            throw WitnessError.badLogArgument(text, reason: "the key is not a note verifier key NAME+KEYID+BASE64 (\(error))")
        }
        let chosen = origin ?? key.name
        guard !chosen.isEmpty else { throw WitnessError.badLogArgument(text, reason: "the origin is empty") }
        return (chosen, key)
    }
}
