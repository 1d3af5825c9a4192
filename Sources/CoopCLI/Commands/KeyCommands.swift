import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

/// `coop key ...`: create, show, rotate and revoke keys.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Create and manage Ed25519 signing keys.",
        subcommands: [New.self, Show.self, Rotate.self, Revoke.self, CancelRecovery.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a private key file, encrypted with a passphrase (Argon2id + XChaCha20-Poly1305), mode 0600.")

        @Option(name: .long, help: "Where to write the key file (never overwritten).")
        var out: String

        @Option(name: .long, help: "A display name kept in the file's header.")
        var name: String?

        @Option(name: .long, help: "Read the passphrase from this file (default: $COOP_PASSPHRASE, else asked twice).")
        var passphraseFile: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            let passphrase = try newPassphrase()
            try Passphrase.requireStrongEnough(passphrase)
            let key = Ed25519.PrivateKey()
            try KeyFile.write(key, name: name, passphrase: passphrase, limits: CLIContext.current.newKeyLimits, to: out)
            if output.json {
                try printJSON(.object(["public_key": .string(key.publicKey.text), "file": .string(out)]))
            } else {
                say("wrote \(out) (mode 0600)")
                say("public key: \(key.publicKey.text)")
            }
        }

        private func newPassphrase() throws -> SecretBytes {
            if let scripted = try scriptedPassphrase(file: passphraseFile, variables: ["COOP_PASSPHRASE"]) {
                return scripted
            }
            do {
                let first = try Passphrase.fromTerminal(prompt: "New passphrase: ")
                let second = try Passphrase.fromTerminal(prompt: "Repeat passphrase: ")
                guard first.constantTimeEquals(second) else { throw CLIError.passphraseMismatch }
                return first
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError.missingPassphrase
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the public key of a key file (no passphrase needed).",
            discussion: """
                A ledger's checkpoint key (LEDGER.ledger-key, or with --ledger LEDGER) is printed as its note verifier key,                 <origin>+<key id>+<base64>: the form 'verify --ledger-key' and 'verify-receipt --ledger-key' take.
                """)

        @Argument(help: "The key file.")
        var file: String

        @Option(help: "The ledger whose checkpoint key this is (default: FILE without .ledger-key, when that ledger exists).")
        var ledger: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.unreadable(path: file, reason: "no such file or not readable")
            }
            let key = try KeyFile.publicKey(of: String(decoding: data, as: UTF8.self))
            let beside = file.hasSuffix(".ledger-key") ? String(file.dropLast(".ledger-key".count)) : nil
            let ledgerPath = ledger ?? beside.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
            var verifierKey: String?
            if let ledgerPath {
                let state = try Ledger.open(at: ledgerPath, readOnly: true).state()
                let text = Checkpoints.verifierKeyText(key, origin: state.origin)
                guard text == state.ledgerKey else {
                    throw CLIError.invalidArgument("\(file) is not the checkpoint key of \(ledgerPath) (its ledger key is \(state.ledgerKey))")
                }
                verifierKey = text
            }
            if output.json {
                var o: [String: JSONValue] = ["public_key": .string(key.text)]
                if let verifierKey { o["ledger_key"] = .string(verifierKey) }
                try printJSON(.object(o))
            } else {
                say(verifierKey ?? key.text)
            }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace your key: signs a key.rotate entry with your current key (--key) naming the new one.")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "The new key file (only its public key is read).")
        var newKey: String

        @OptionGroup var write: WriteOptions

        func run() throws {
            guard let data = FileManager.default.contents(atPath: newKey) else {
                throw CLIError.unreadable(path: newKey, reason: "no such file or not readable")
            }
            let newPublic = try KeyFile.publicKey(of: String(decoding: data, as: UTF8.self))
            guard let stored = try global.append(KeyRotateBody(newKey: newPublic), write) else { return }
            try write.report([stored], "entry \(stored.index): \(stored.stored.author) now signs with \(newPublic.text); the old key is retired")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a member's key (an officer, countersigned by a second one), or recover a lost key by naming its replacement.",
            discussion: """
                Dual control (the bylaws' controls section; by default): a second officer countersigns. Sign with \
                --countersigner MEMBER --out FILE; they run 'coop countersign FILE'; then 'coop submit FILE'. A \
                replacement key comes into force after the bylaws' key_recovery_days (default 7); until then the member's \
                current key stays in force and may stop it with 'coop key cancel-recovery'. A recovered key may not vote \
                on motions opened before it came into force.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The member whose key is revoked, e.g. m7.")
        var member: MemberID

        @Option(name: .long, help: "A replacement public key (ed25519:...): a key recovery.")
        var newPubkey: Ed25519.PublicKey?

        @Option(name: .long, help: "Why (recorded in the ledger).")
        var reason: String?

        @OptionGroup var write: WriteOptions

        func run() throws {
            let body = KeyRevokeBody(member: member, newKey: newPubkey, reason: reason)
            guard let stored = try global.append(body, write) else { return }
            guard let newPubkey else {
                return try write.report(
                    [stored], "entry \(stored.index): \(member)'s key is revoked; \(member) signs nothing until a key is recovered for them")
            }
            let state = try global.openLedger(readOnly: true).state()
            if let pending = state.pendingRecoveries[member] {
                try write.report(
                    [stored],
                    "entry \(stored.index): key recovery for \(member) started; the new key comes into force at "
                        + "\(pending.effectiveAt), unless \(member)'s current key cancels it ('coop key cancel-recovery') before then")
            } else {
                try write.report([stored], "entry \(stored.index): \(member)'s key is replaced by \(newPubkey.text)")
            }
        }
    }

    struct CancelRecovery: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel-recovery",
            abstract: "Stop an officer's recovery of your key while it waits (sign with your current key).")

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Why (recorded in the ledger).") var reason: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            guard let stored = try global.append(KeyCancelRecoveryBody(reason: reason), write) else { return }
            try write.report([stored], "entry \(stored.index): the key recovery for \(stored.stored.author) is cancelled; your current key stays in force")
        }
    }
}
