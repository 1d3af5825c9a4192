import CoopCrypto
import CoopModel
import Foundation

/// How `coop serve` runs: where, with which keys, and its limits.
public struct ServerConfiguration: Sendable {
    /// The ledger file; the server is its sequencer (the CLI on the same file keeps working).
    public var ledgerPath: String
    /// The address to listen on; port 0 picks a free port (printed when listening).
    public var host: String
    public var port: Int
    /// The URL members use (scheme and authority), when a reverse proxy stands in front: signed
    /// requests cover the target URI as the client sent it. Nil: `http://<Host header>`.
    public var publicURL: String?
    /// Signs checkpoints.
    public var ledgerKey: Ed25519.PrivateKey
    /// Keys that may read without being members (auditors), beside the members' keys in force.
    public var auditorKeys: [Ed25519.PublicKey]
    /// A checkpoint is signed once this many entries are uncovered …
    public var checkpointEvery: UInt64
    /// … or this many seconds after the first uncovered entry, whichever comes first.
    public var checkpointInterval: Double
    /// The largest request body accepted (bytes).
    public var maxBodyBytes: Int
    /// Requests per second allowed per key (entry author for posts, keyid for reads), and the
    /// burst above that rate.
    public var rateLimit: Double
    public var rateBurst: Double
    /// The most entries one group commit takes.
    public var maxBatch: Int
    /// How long an idle connection stays open (seconds).
    public var idleTimeout: Int64
    /// The clock that gives entries their ledger time.
    public var clock: any LedgerClock
    /// Seconds to wait for each witness's cosignature (the ledger never waits on witnesses).
    public var witnessTimeout: Int64 = 5

    public init(
        ledgerPath: String, host: String = "127.0.0.1", port: Int = 8417, publicURL: String? = nil,
        ledgerKey: Ed25519.PrivateKey, auditorKeys: [Ed25519.PublicKey] = [],
        checkpointEvery: UInt64 = 256, checkpointInterval: Double = 1, maxBodyBytes: Int = 1 << 20,
        rateLimit: Double = 100, rateBurst: Double = 200, maxBatch: Int = 1024,
        idleTimeout: Int64 = 60, clock: any LedgerClock = SystemClock()
    ) {
        self.clock = clock
        self.ledgerPath = ledgerPath
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.ledgerKey = ledgerKey
        self.auditorKeys = auditorKeys
        self.checkpointEvery = checkpointEvery
        self.checkpointInterval = checkpointInterval
        self.maxBodyBytes = maxBodyBytes
        self.rateLimit = rateLimit
        self.rateBurst = rateBurst
        self.maxBatch = maxBatch
        self.idleTimeout = idleTimeout
    }
}
