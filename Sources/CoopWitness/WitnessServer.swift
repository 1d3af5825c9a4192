import CoopTlog
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `coop witness serve`: a c2sp.org/tlog-witness witness over HTTP (Hummingbird 2), until
/// SIGTERM or SIGINT.
public struct WitnessServer: Sendable {
    public let configuration: WitnessConfiguration
    public let logger: Logger

    public init(configuration: WitnessConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs the witness; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let witness = try Witness(cosigners: configuration.cosigners, logs: configuration.logs)
        let store = try WitnessStore(folder: configuration.stateFolder)
        let responder = WitnessResponder(witness: witness, store: store, configuration: configuration, logger: logger)
        let configuration = configuration
        let logger = logger
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "coop-witness"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info(
                    "witness listening",
                    metadata: ["host": "\(configuration.host)", "port": "\(port)", "logs": "\(configuration.logs.keys.sorted())"])
                onListening(port)
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
