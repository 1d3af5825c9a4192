import CoopAPI
import CoopCrypto
import CoopHTTPSignature
import CoopLedger
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `coop serve`: the ledger's sequencer behind an HTTP API, on Hummingbird 2, until SIGTERM or
/// SIGINT (graceful: open requests finish, and a last checkpoint covers every entry).
public struct LedgerServer: Sendable {
    public let configuration: ServerConfiguration
    public let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs the server; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let ledger = try Ledger.open(at: configuration.ledgerPath, clock: configuration.clock)
        // Refuse a wrong ledger key at start, not at the first checkpoint.
        let state = try ledger.state()
        let offered = Checkpoints.verifierKeyText(configuration.ledgerKey.publicKey, origin: state.origin)
        guard offered == state.ledgerKey else { throw LedgerError.ledgerKeyMismatch(expected: state.ledgerKey, found: offered) }

        let sequencer = try Sequencer(ledger: ledger, configuration: configuration, logger: logger)
        let responder = LedgerResponder(
            sequencer: sequencer, reads: try ReadSide(ledgerPath: configuration.ledgerPath, auditorKeys: configuration.auditorKeys),
            configuration: configuration, limiter: RateLimiter(rate: configuration.rateLimit, burst: configuration.rateBurst),
            replays: ReplayGuard(), logger: logger)
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "coop"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)", "ledger": "\(configuration.ledgerPath)"])
                onListening(port)
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [app, CheckpointTimer(sequencer: sequencer, interval: configuration.checkpointInterval)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        // The last word: every entry covered by a checkpoint.
        sequencer.tick(force: true)
        await sequencer.flush()
    }
}

/// Asks the sequencer for a checkpoint every `interval` seconds (it signs one only when entries
/// are uncovered), until graceful shutdown.
struct CheckpointTimer: Service {
    let sequencer: Sequencer
    let interval: Double

    func run() async throws {
        let step = Duration.milliseconds(max(50, Int(interval * 250)))
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: step)
            sequencer.tick()
        }
    }
}
