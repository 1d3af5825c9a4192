import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import Foundation

/// `coop checkpoint`: sign the current tree head.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint (C2SP tlog-checkpoint) of the current tree with the ledger key and print it.",
        discussion: """
            When the bylaws name witnesses, each is asked to cosign (C2SP tlog-witness) within --witness-timeout \
            seconds; the cosigned note is kept and printed, and standard error says which witnesses cosigned. A \
            witness down never blocks the ledger: the checkpoint is stored and stays "not witnessed" until cosigned.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The ledger key file (default: LEDGER.ledger-key; passphrase $COOP_LEDGER_PASSPHRASE, else $COOP_PASSPHRASE).")
    var ledgerKey: String?
    @Option(name: .long, help: "Also write the signed checkpoint to this file (auditors keep it for --since).")
    var out: String?
    @Option(name: .long, help: "Seconds to wait for each witness.") var witnessTimeout: Int64 = 5
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try global.openLedger()
        let keyPath = ledgerKey ?? global.ledgerPath + ".ledger-key"
        let key = try KeyFile.read(path: keyPath, passphrase: try global.passphrase(variable: "COOP_LEDGER_PASSPHRASE"))
        let cp = try ledger.checkpoint(ledgerKey: key)
        var note = cp.note
        var witnessed: Bool?
        if let result = try WitnessCollection.collect(ledger, stored: cp, timeout: witnessTimeout) {
            for line in result.lines { CLIContext.current.errors.write(line + "\n") }
            note = result.note
            witnessed = result.cosignatures >= result.threshold
        }
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: Data(note.utf8)) else {
                throw CLIError.unreadable(path: out, reason: "cannot write it")
            }
        }
        if output.json {
            var fields: [String: JSONValue] = ["size": .integer(Int64(cp.size)), "note": .string(note)]
            if let witnessed { fields["witnessed"] = .bool(witnessed) }
            try printJSON(.object(fields))
        } else {
            CLIContext.current.output.write(note)
        }
    }
}
