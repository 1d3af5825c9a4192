import ArgumentParser
import CoopAPI
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopReplica
import Foundation

/// `coop clone URL [DIR]`: a verified replica of a remote ledger.
struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Fetch a served ledger, check it as 'coop verify' does, and keep it as a replica in DIR (DIR/coop.ledger).",
        discussion: """
            Reads are signed with your key (--key, $COOP_KEY): a member's, or an auditor's the server lists. Give the \
            ledger key you were handed (--ledger-key) to refuse any other ledger; without it the genesis entry's key is \
            trusted on first use and printed. Afterwards every read command works offline in DIR; 'coop pull' fetches \
            what is new; write commands there sign here and post to the server.
            """)

    @Argument(help: "The server's URL (http://HOST:PORT, or the proxy's https:// URL).") var url: String
    @Argument(help: "The folder to create (default: coop-replica).") var directory = "coop-replica"
    @Option(name: .long, help: "Your encrypted private key file (default: $COOP_KEY).") var key: String?
    @Option(name: .long, help: "Read the key passphrase from this file (default: $COOP_PASSPHRASE, else a prompt).") var passphraseFile: String?
    @Option(name: .long, help: "The ledger key you trust (note verifier key text, as 'coop init' printed it).") var ledgerKey: String?
    @Flag(name: .long, help: "Accept a checkpoint without the cosignatures the bylaws' witness policy requires.") var allowUnwitnessed = false

    func run() throws {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw CLIError.invalidArgument("the URL must start with http:// or https://")
        }
        let global = try GlobalOptions.parse(
            ["--ledger", directory + "/coop.ledger"] + (key.map { ["--key", $0] } ?? []) + (passphraseFile.map { ["--passphrase-file", $0] } ?? []))
        let readKey = try global.signingIdentity()
        guard !FileManager.default.fileExists(atPath: directory) || ((try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty ?? false) else {
            throw CLIError.invalidArgument("\(directory) exists and is not empty; clone into a new folder")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ledgerPath = global.ledgerPath
        let url = url
        let pinned = ledgerKey
        let allow = allowUnwitnessed
        let started = Date()
        let (replica, size, notWitnessed) = try runAsync {
            try await Replica.clone(url: url, ledgerPath: ledgerPath, readKey: readKey, pinnedLedgerKey: pinned, allowUnwitnessed: allow)
        }
        if let reason = notWitnessed { warn("not witnessed: \(reason) (accepted: --allow-unwitnessed)") }
        say(
            "cloned \(size) entries from \(url) into \(ledgerPath) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; every entry and the checkpoint checked"
        )
        say(
            "ledger key: \(replica.configuration.ledgerKey)"
                + (pinned == nil ? " (trusted on first use: compare it with the one your cooperative published)" : ""))
        say("next: cd \(directory) && coop status; 'coop pull' fetches what is new")
    }
}

/// `coop pull`: bring a replica up to date.
struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Fetch the remote's new checkpoint and entries; check consistency with the checkpoint held and every new entry.",
        discussion: """
            A checkpoint that is not consistent with the one the replica holds proves the server forked the ledger: \
            nothing is pulled, the two signed checkpoints are saved as evidence beside the ledger, and the exit status \
            is 1. Check such a file with 'coop verify --evidence FILE'.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Accept a checkpoint without the cosignatures the bylaws' witness policy requires.") var allowUnwitnessed = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try Replica.open(ledgerPath: global.ledgerPath, readKey: try global.signingIdentity())
        let started = Date()
        let report: PullReport
        let allow = allowUnwitnessed
        do {
            report = try runAsync { try await replica.pull(allowUnwitnessed: allow) }
        } catch let e as ReplicaError {
            if case .splitView = e {
                warn("coop: \(e)")
                throw ExitCode(1)
            }
            throw e
        }
        let seconds = Date().timeIntervalSince(started)
        if let reason = report.notWitnessed { warn("not witnessed: \(reason) (accepted: --allow-unwitnessed)") }
        if output.json {
            try printJSON(.object(["from": .integer(Int64(report.from)), "to": .integer(Int64(report.to)), "remote_behind": .bool(report.remoteBehind)]))
        } else if report.to == report.from {
            say("up to date at \(report.to) entries" + (report.remoteBehind ? " (the server's checkpoint is older than the one held here)" : ""))
        } else {
            say(
                "pulled \(report.to - report.from) entries (\(report.from) → \(report.to)) in \(String(format: "%.2f", seconds)) s; consistent with the checkpoint held, every new entry checked"
            )
        }
    }
}

/// `coop remote show`: what a replica's remote is.
struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote", abstract: "A replica's remote.", subcommands: [RemoteShowCommand.self], defaultSubcommand: RemoteShowCommand.self)
}

struct RemoteShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the replica's remote URL, trusted ledger key and newest checkpoint.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let config = try ReplicaConfiguration.load(forLedger: global.ledgerPath) else {
            throw ReplicaError.notAReplica(ledger: global.ledgerPath)
        }
        let ledger = try global.openLedger(readOnly: true)
        let held = try ledger.latestCheckpoint()
        if output.json {
            try printJSON(
                .object([
                    "url": .string(config.url), "origin": .string(config.origin), "ledger_key": .string(config.ledgerKey),
                    "size": .integer(Int64(try ledger.store.size())), "checkpoint_size": held.map { .integer(Int64($0.size)) } ?? .null,
                ]))
            return
        }
        say("remote: \(config.url)")
        say("origin: \(config.origin)")
        say("ledger key: \(config.ledgerKey)")
        say("entries held: \(try ledger.store.size()); newest checkpoint: \(held.map { "size \($0.size)" } ?? "none")")
        say("configuration: \(ReplicaConfiguration.path(forLedger: global.ledgerPath))")
    }
}
