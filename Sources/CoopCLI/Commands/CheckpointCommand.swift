import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import Foundation

/// `coop checkpoint`: sign the current tree head.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint (C2SP tlog-checkpoint) of the current tree with the ledger key and print it.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The ledger key file (default: LEDGER.ledger-key; passphrase $COOP_LEDGER_PASSPHRASE, else $COOP_PASSPHRASE).")
    var ledgerKey: String?
    @Option(name: .long, help: "Also write the signed checkpoint to this file (auditors keep it for --since).")
    var out: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try global.openLedger()
        let keyPath = ledgerKey ?? global.ledgerPath + ".ledger-key"
        let key = try KeyFile.read(path: keyPath, passphrase: try global.passphrase(variable: "COOP_LEDGER_PASSPHRASE"))
        let cp = try ledger.checkpoint(ledgerKey: key)
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: Data(cp.note.utf8)) else {
                throw CLIError.unreadable(path: out, reason: "cannot write it")
            }
        }
        if output.json {
            try printJSON(.object(["size": .integer(Int64(cp.size)), "note": .string(cp.note)]))
        } else {
            CLIContext.current.output.write(cp.note)
        }
    }
}
