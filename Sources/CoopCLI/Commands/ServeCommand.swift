import ArgumentParser
import CoopCrypto
import CoopLedger
import CoopServer
import Foundation
import Logging

/// `HOST:PORT` for `--listen` (port 0: any free port, printed when listening).
struct ListenAddress: ExpressibleByArgument, Sendable {
    let host: String
    let port: Int

    /// `coop serve`'s default, and `coop witness serve`'s.
    static let server = ListenAddress(host: "127.0.0.1", port: 8417)
    static let witness = ListenAddress(host: "127.0.0.1", port: 8418)

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]), (0...65535).contains(port)
        else { return nil }
        host = String(argument[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { return nil }
        self.port = port
    }

    var defaultValueDescription: String { "\(host):\(port)" }
}

/// `coop serve`: run the ledger as a service for members' replicas.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the ledger over HTTP: signed reads (tlog-tiles) for members and auditors, posts of signed entries, checkpoints as entries land.",
        discussion: """
            The server is the ledger's sequencer; the CLI on the same file keeps working. It prints \
            'listening on http://HOST:PORT' once ready, logs to standard error, and stops on SIGTERM or SIGINT \
            after a last checkpoint. Reads need a request signed with a current member's key or an --auditor-key \
            (RFC 9421); posts need none (each entry's signatures decide). Put TLS in front with a reverse proxy \
            (docs/API.md) and give its URL as --public-url. The ledger key's passphrase comes from \
            $COOP_LEDGER_PASSPHRASE, else $COOP_PASSPHRASE, else a prompt.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Where to listen (HOST:PORT; port 0 picks a free one).") var listen = ListenAddress.server
    @Option(name: .long, help: "The ledger key file that signs checkpoints (default: LEDGER.ledger-key).") var ledgerKey: String?
    @Option(name: .long, help: "The URL members use, when a reverse proxy stands in front (e.g. https://coop.example.org).")
    var publicURL: String?
    @Option(name: .long, help: ArgumentHelp("A key that may read without being a member (repeatable).", valueName: "ed25519:KEY"))
    var auditorKey: [Ed25519.PublicKey] = []
    @Option(name: .long, help: "Sign a checkpoint once this many entries are uncovered.") var checkpointEvery: UInt64 = 256
    @Option(name: .long, help: "… or this many seconds after the first uncovered entry landed.") var checkpointInterval: Double = 1
    @Option(name: .long, help: "The largest post accepted, in bytes.") var maxBody = 1 << 20
    @Option(name: .long, help: "Requests per second allowed per key (bursts of twice as many).") var rateLimit: Double = 100
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func validate() throws {
        guard checkpointEvery >= 1 else { throw ValidationError("--checkpoint-every must be at least 1") }
        guard checkpointInterval > 0 else { throw ValidationError("--checkpoint-interval must be positive") }
        guard maxBody >= 1024 else { throw ValidationError("--max-body must be at least 1024 bytes") }
        guard rateLimit > 0 else { throw ValidationError("--rate-limit must be positive") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw ValidationError("--public-url must start with http:// or https://")
        }
    }

    func run() throws {
        let keyPath = ledgerKey ?? global.ledgerPath + ".ledger-key"
        let key = try KeyFile.read(path: keyPath, passphrase: try global.passphrase(variable: "COOP_LEDGER_PASSPHRASE"))
        guard FileManager.default.fileExists(atPath: global.ledgerPath) else { throw LedgerError.ledgerNotFound(path: global.ledgerPath) }
        let configuration = ServerConfiguration(
            ledgerPath: global.ledgerPath, host: listen.host, port: listen.port, publicURL: publicURL, ledgerKey: key,
            auditorKeys: auditorKey, checkpointEvery: checkpointEvery, checkpointInterval: checkpointInterval, maxBodyBytes: maxBody,
            rateLimit: rateLimit, rateBurst: 2 * rateLimit, clock: CLIContext.current.clock)
        var logger = Logger(label: "coop.serve")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let server = LedgerServer(configuration: configuration, logger: logger)
        let output = CLIContext.current.output
        let host = listen.host
        try runAsync {
            try await server.run { port in output.write("listening on http://\(host):\(port)\n") }
        }
    }
}
