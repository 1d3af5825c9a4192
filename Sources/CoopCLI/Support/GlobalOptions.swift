import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

/// Options every ledger command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The ledger file (default: $COOP_LEDGER, else ./coop.ledger).")
    var ledger: String?

    @Option(name: .long, help: "Your encrypted private key file (default: $COOP_KEY).")
    var key: String?

    @Option(name: .long, help: "Read the key passphrase from this file (default: $COOP_PASSPHRASE, else a prompt).")
    var passphraseFile: String?

    var ledgerPath: String {
        ledger ?? CLIContext.current.environment["COOP_LEDGER"] ?? "coop.ledger"
    }

    var keyPath: String? {
        key ?? CLIContext.current.environment["COOP_KEY"]
    }

    /// Opens the ledger (read-only for commands that only read).
    func openLedger(readOnly: Bool = false) throws -> Ledger {
        try Ledger.open(at: ledgerPath, readOnly: readOnly, catalog: .cooperative, clock: CLIContext.current.clock)
    }

    /// The passphrase: a file named by --passphrase-file, else $COOP_PASSPHRASE (or `variable`),
    /// else a prompt on the terminal.
    func passphrase(variable: String = "COOP_PASSPHRASE", prompt: String = "Passphrase: ") throws -> SecretBytes {
        if let scripted = try scriptedPassphrase(file: passphraseFile, variables: [variable, "COOP_PASSPHRASE"]) {
            return scripted
        }
        do {
            return try Passphrase.fromTerminal(prompt: prompt)
        } catch {
            throw CLIError.missingPassphrase
        }
    }

    /// Decrypts the signing key named by --key / $COOP_KEY.
    func signingKey() throws -> Ed25519.PrivateKey {
        guard let keyPath else { throw CLIError.missingKey }
        return try KeyFile.read(path: keyPath, passphrase: try passphrase())
    }

    /// The member whose key is `key` at the ledger's head (a recovered key whose delay has run
    /// counts, though no entry has installed it yet).
    func member(holding key: Ed25519.PublicKey, in state: LedgerState) throws -> MemberRecord {
        guard let m = state.member(holding: key, at: CLIContext.current.clock.now()) else {
            if let recovery = state.pendingRecoveries.first(where: { $0.value.key == key }) {
                throw CLIError.invalidArgument(
                    "this key was recovered for \(recovery.key) and comes into force at "
                        + "\(recovery.value.effectiveAt); until then \(recovery.key)'s current key signs (and may cancel the recovery)")
            }
            throw CLIError.invalidArgument("the key \(key.text) is not any member's key in force in this ledger")
        }
        return m
    }
}

/// A passphrase given without a prompt: the file, else the first of `variables` that is set.
/// Nil when neither is given (the caller then asks on the terminal).
func scriptedPassphrase(file: String?, variables: [String]) throws -> SecretBytes? {
    if let file { return try Passphrase.fromFile(path: file) }
    let environment = CLIContext.current.environment
    for name in variables {
        if var text = environment[name] {
            // The process environment is already a copy we cannot wipe; keep no more copies.
            var bytes = Array(text.utf8)
            text = ""
            return SecretBytes(consuming: &bytes)
        }
    }
    return nil
}

/// `--json` for read commands.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false
}
