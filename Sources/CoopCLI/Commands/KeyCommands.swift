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
        subcommands: [New.self, Show.self, Rotate.self, Revoke.self])

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
            let key = Ed25519.PrivateKey()
            try KeyFile.write(key, name: name, passphrase: passphrase, to: out)
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
        static let configuration = CommandConfiguration(abstract: "Print the public key of a key file (no passphrase needed).")

        @Argument(help: "The key file.")
        var file: String

        @OptionGroup var output: OutputOptions

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.unreadable(path: file, reason: "no such file or not readable")
            }
            let key = try KeyFile.publicKey(of: String(decoding: data, as: UTF8.self))
            if output.json {
                try printJSON(.object(["public_key": .string(key.text)]))
            } else {
                say(key.text)
            }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace your key: signs a key.rotate entry with your current key (--key) naming the new one.")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "The new key file (only its public key is read).")
        var newKey: String

        func run() throws {
            let ledger = try global.openLedger()
            let key = try global.signingKey()
            let me = try global.member(holding: key.publicKey, in: try ledger.state())
            guard let data = FileManager.default.contents(atPath: newKey) else {
                throw CLIError.unreadable(path: newKey, reason: "no such file or not readable")
            }
            let newPublic = try KeyFile.publicKey(of: String(decoding: data, as: UTF8.self))
            let stored = try ledger.append(type: .keyRotate, body: .object(["new_key": .string(newPublic.text)]),
                                           author: me.id, key: key)
            say("entry \(stored.index): \(me.id) now signs with \(newPublic.text); the old key is retired")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a member's key (secretary), optionally installing a replacement public key.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The member whose key is revoked, e.g. m7.")
        var member: String

        @Option(name: .long, help: "A replacement public key (ed25519:...).")
        var newPubkey: String?

        @Option(name: .long, help: "Why (recorded in the ledger).")
        var reason: String?

        func run() throws {
            let id = try parseMember(member)
            var body: [String: JSONValue] = ["member": .string(id.description)]
            if let newPubkey { body["new_key"] = .string(try Ed25519.PublicKey(text: newPubkey).text) }
            if let reason { body["reason"] = .string(reason) }
            let stored = try global.append(.keyRevoke, body)
            say("entry \(stored.index): \(id)'s key is revoked" + (newPubkey.map { "; new key \($0)" } ?? ""))
        }
    }
}
