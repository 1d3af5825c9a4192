import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopTlog
import CoopWitness
import Foundation
import Logging

/// `coop witness ...`: run a witness for sister cooperatives' ledgers (c2sp.org/tlog-witness).
struct WitnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Witness other ledgers: cosign their checkpoints (C2SP tlog-witness, tlog-cosignature) so none can be forked unseen.",
        subcommands: [Serve.self, Key.self, Add.self, Remove.self])

    /// The witness's cosigner from its key file: the name is `--name`, else the file's name line.
    static func cosigner(keyFile: String, name: String?, passphraseFile: String?) throws -> Cosigner {
        guard let data = FileManager.default.contents(atPath: keyFile) else {
            throw CLIError.unreadable(path: keyFile, reason: "no such file or not readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let chosen = try name ?? KeyFile.name(of: text) else {
            throw CLIError.invalidArgument("the witness key file \(keyFile) has no name line; give the witness's name with --name (e.g. witness.sister.coop)")
        }
        let passphrase: SecretBytes
        if let scripted = try scriptedPassphrase(file: passphraseFile, variables: ["COOP_WITNESS_PASSPHRASE", "COOP_PASSPHRASE"]) {
            passphrase = scripted
        } else {
            do {
                passphrase = try Passphrase.fromTerminal(prompt: "Witness key passphrase: ")
            } catch {
                throw CLIError.missingPassphrase
            }
        }
        let key = try KeyFile.read(path: keyFile, passphrase: passphrase)
        do {
            return try Cosigner(name: chosen, privateKey: key)
        } catch {
            throw CLIError.invalidArgument("'\(chosen)' cannot name a witness key (no spaces or '+'): \(error)")
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a witness: POST /add-checkpoint (C2SP tlog-witness) for the logs given with --log.",
            discussion: """
                The witness remembers, per log, the latest checkpoint it cosigned (in --state, written durably before it \
                answers) and cosigns a new one only if a consistency proof links them; a checkpoint that contradicts \
                what it cosigned is refused and kept as evidence in STATE/evidence/. It prints 'listening on \
                http://HOST:PORT' once ready and stops on SIGTERM or SIGINT. The key passphrase comes from \
                $COOP_WITNESS_PASSPHRASE, else $COOP_PASSPHRASE, else a prompt. GET /<hex SHA-256 of origin>/checkpoint \
                serves the latest cosigned checkpoint of a log.
                """)

        @Option(name: .long, help: "The witness key file ('coop witness key new').") var key: String
        @Option(name: .long, help: "The witness's name in its cosignatures (default: the key file's name).") var name: String?
        @Option(name: .long, help: "Read the key passphrase from this file.") var passphraseFile: String?
        @Option(name: .long, help: "The state folder (records and evidence; created if missing).") var state: String
        @Option(name: .long, help: "Where to listen (HOST:PORT; port 0 picks a free one).") var listen = ListenAddress.witness
        @Option(
            name: .long,
            help: ArgumentHelp(
                "A log to witness: its origin and ledger key text ('coop status' or 'coop init' prints it); repeatable.",
                valueName: "ORIGIN=LEDGERKEYTEXT"))
        var log: [String] = []
        @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

        func validate() throws {
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
        }

        func run() throws {
            var logs: [String: [NoteVerifierKey]] = [:]
            for text in log {
                let (origin, logKey) = try WitnessConfiguration.parseLog(text)
                logs[origin, default: []].append(logKey)
            }
            let cosigner = try WitnessCommand.cosigner(keyFile: key, name: name, passphraseFile: passphraseFile)
            if logs.values.joined().contains(where: { $0.publicKey == cosigner.key.publicKey }) {
                throw WitnessError.keyReused("it is also the key of a log it witnesses")
            }
            let configuration = WitnessConfiguration(
                host: listen.host, port: listen.port, stateFolder: state, cosigners: [cosigner], logs: logs)
            var logger = Logger(label: "coop.witness")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let server = WitnessServer(configuration: configuration, logger: logger)
            let output = CLIContext.current.output
            let host = listen.host
            output.write("witness \(cosigner.key.vkey)\n")
            if logs.isEmpty { warn("this witness follows no log yet (no --log): it answers 404 to every checkpoint") }
            try runAsync {
                try await server.run { port in output.write("listening on http://\(host):\(port)\n") }
            }
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or show a witness key (its own key: never a member's or a ledger's).", subcommands: [New.self, Show.self])

        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create an encrypted witness key file and print its vkey (the line the bylaws' witnesses section names).")

            @Option(name: .long, help: "Where to write the key file (never overwritten).") var out: String
            @Option(name: .long, help: "The witness's name, e.g. witness.sister.coop (no spaces or '+').") var name: String
            @Option(name: .long, help: "Read the passphrase from this file (default: $COOP_WITNESS_PASSPHRASE, else $COOP_PASSPHRASE).")
            var passphraseFile: String?
            @OptionGroup var output: OutputOptions

            func run() throws {
                guard let passphrase = try scriptedPassphrase(file: passphraseFile, variables: ["COOP_WITNESS_PASSPHRASE", "COOP_PASSPHRASE"]) else {
                    throw CLIError.missingPassphrase
                }
                try Passphrase.requireStrongEnough(passphrase)
                let key = Ed25519.PrivateKey()
                let cosignerKey: CosignerKey
                do {
                    cosignerKey = try CosignerKey(name: name, publicKey: key.publicKey)
                } catch {
                    throw CLIError.invalidArgument("'\(name)' cannot name a witness key (no spaces or '+'): \(error)")
                }
                try KeyFile.write(key, name: name, passphrase: passphrase, limits: CLIContext.current.newKeyLimits, to: out)
                if output.json {
                    try printJSON(.object(["vkey": .string(cosignerKey.vkey), "public_key": .string(key.publicKey.text), "file": .string(out)]))
                } else {
                    say("wrote \(out) (mode 0600)")
                    say("vkey: \(cosignerKey.vkey)")
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a witness key file's vkey (no passphrase needed).")

            @Argument(help: "The key file.") var file: String
            @Option(name: .long, help: "The witness's name (default: the key file's name).") var name: String?
            @OptionGroup var output: OutputOptions

            func run() throws {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIError.unreadable(path: file, reason: "no such file or not readable")
                }
                let text = String(decoding: data, as: UTF8.self)
                guard let chosen = try name ?? KeyFile.name(of: text) else {
                    throw CLIError.invalidArgument("the key file has no name line; give the witness's name with --name")
                }
                let key = try CosignerKey(name: chosen, publicKey: try KeyFile.publicKey(of: text))
                if output.json {
                    try printJSON(.object(["vkey": .string(key.vkey), "public_key": .string(key.publicKey.text)]))
                } else {
                    say(key.vkey)
                }
            }
        }
    }
}
