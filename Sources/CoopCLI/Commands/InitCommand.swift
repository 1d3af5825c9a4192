import ArgumentParser
import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

/// `coop init`: create a ledger and its genesis entry.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a ledger: the genesis entry names the cooperative, pins the bylaws and seats the founder.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The cooperative's name.")
    var name: String

    @Option(name: .long, help: "The bylaws folder whose version hash the genesis pins.")
    var bylaws: String

    @Option(name: .long, help: "The founder's display name (default: the name in the key file, else 'Founder').")
    var founderName: String?

    @Option(name: .long, help: "The founder's member class, as the bylaws name them (needed when the bylaws have rules.yaml).")
    var founderClass: String?

    @Option(name: .long, help: "The founder's dues tier (default: their class's default tier).")
    var founderTier: String?

    @Option(name: .long, help: "The checkpoint key file (created if missing; default: LEDGER.ledger-key).")
    var ledgerKey: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let path = global.ledgerPath
        guard !FileManager.default.fileExists(atPath: path) else { throw LedgerError.ledgerExists(path: path) }
        // With machine rules the whole version goes into the genesis (and must validate first);
        // a folder of text alone is pinned by its hash.
        let files = try BylawsFiles.load(folder: bylaws)
        let machine = files.files[BylawsFiles.rulesFile] != nil
        let bylawsHash = machine ? try BylawsReader.read(files).version : try files.digest
        let founderKey = try global.signingKey()
        let ledgerKeyPath = ledgerKey ?? path + ".ledger-key"
        let checkpointKey: Ed25519.PrivateKey
        let createdLedgerKey = !FileManager.default.fileExists(atPath: ledgerKeyPath)
        if createdLedgerKey {
            checkpointKey = Ed25519.PrivateKey()
        } else {
            checkpointKey = try KeyFile.read(path: ledgerKeyPath, passphrase: try global.passphrase(variable: "COOP_LEDGER_PASSPHRASE"))
        }
        let keyName =
            global.keyPath.flatMap { FileManager.default.contents(atPath: $0) }
            .flatMap { try? KeyFile.name(of: String(decoding: $0, as: UTF8.self)) } ?? nil
        let founder = Founder(
            name: founderName ?? keyName ?? "Founder", key: founderKey.publicKey,
            roles: [.secretary, .treasurer, .board], memberClass: founderClass, tier: founderTier)
        // A new checkpoint key is written only once the ledger exists, and the ledger is removed
        // if writing the key fails: a refused init leaves nothing behind.
        let newKeyPassphrase = createdLedgerKey ? try global.passphrase(variable: "COOP_LEDGER_PASSPHRASE") : nil
        if let newKeyPassphrase { try Passphrase.requireStrongEnough(newKeyPassphrase) }
        let ledger = try Ledger.create(
            at: path, name: name, bylawsHash: bylawsHash, bylawsFiles: machine ? files : nil,
            founders: [founder], founderKey: founderKey,
            ledgerKey: checkpointKey.publicKey, clock: CLIContext.current.clock)
        if let newKeyPassphrase {
            do {
                try KeyFile.write(
                    checkpointKey, name: "ledger checkpoint key", passphrase: newKeyPassphrase,
                    limits: CLIContext.current.newKeyLimits, to: ledgerKeyPath)
            } catch {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                throw error
            }
        }
        let state = try ledger.state()
        if output.json {
            try printJSON(
                .object([
                    "ledger": .string(path), "ledger_id": .string(state.ledgerID?.text ?? ""),
                    "origin": .string(state.origin), "ledger_key": .string(state.ledgerKey),
                    "bylaws": .string(bylawsHash.hex), "founder": .string("m1"),
                ]))
            return
        }
        say("created \(path) for \(name)")
        say("  ledger id   \(state.ledgerID?.text ?? "")")
        say("  origin      \(state.origin)")
        say("  bylaws      \(bylawsHash.hex)")
        say("  founder     m1 \(founder.name) (secretary, treasurer, board)")
        say("  ledger key  \(state.ledgerKey)" + (createdLedgerKey ? "  (new, in \(ledgerKeyPath))" : ""))
        say("Give auditors the ledger key above: they check checkpoints against it.")
    }
}
