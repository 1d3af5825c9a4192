import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

/// `coop note`: sign a free-text statement (minutes, attestations).
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Sign a free-text statement into the ledger (or into a file with --out).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The text.") var text: String
    @Option(name: .long, help: "What it is about (e.g. 'minutes 2026-11-23').") var subject: String?
    @OptionGroup var write: WriteOptions

    func run() throws {
        guard let done = try global.append(NoteBody(text: text, subject: subject), write) else { return }
        try write.report([done], "entry \(done.index) by \(done.stored.author)")
    }
}

/// `coop submit FILE`: append entries signed elsewhere.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Append entries signed elsewhere (an offline ballot, a countersigned act), after every check verify makes.",
        discussion: "A file may hold several signed entries, one per line (as --out writes them): all are appended, in order, or none.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A file of signed entry lines.") var file: String

    func run() throws {
        let entries = try readSignedEntries(file)
        if let remote = try global.replicaConfiguration {
            let key = global.keyPath == nil ? nil : try global.signingIdentity()
            for a in try global.postToRemote(remote, entries, readKey: key) { say("entry \(a.index) appended (\(a.entry.hash.hex))") }
            return
        }
        for stored in try global.openLedger().submit(entries) {
            say("entry \(stored.index) appended (\(stored.entry.hash.hex))")
        }
    }
}

/// `coop countersign FILE`: add your signature to entries another officer signed (dual control).
struct CountersignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "countersign",
        abstract: "Countersign the entries in a file that name you as countersigner (dual control), after reading what they say.",
        discussion: "Each entry is shown; your signature is added to those that name your key next. The file is rewritten "
            + "in place (or written to --out); then 'coop submit FILE', or pass --submit to append at once.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A file of signed entry lines (from --out).") var file: String
    @Option(help: "Write the countersigned entries here instead of rewriting FILE.") var out: String?
    @Flag(help: "Append them to the ledger once countersigned.") var submit = false

    func run() throws {
        let entries = try readSignedEntries(file)
        let key = try global.signingIdentity()
        var signedAny = false
        let updated = try entries.enumerated().map { i, entry -> SignedEntry in
            let statement = try Statement(json: try CanonicalJSON.decodeCanonical(entry.statementBytes))
            let next = entry.signatures.count - 1
            say(
                "line \(i + 1): \(statement.author) signs \(statement.type) \(TerminalText.safe(oneLine: String(decoding: try CanonicalJSON.encode(statement.body), as: UTF8.self)))"
            )
            guard next < statement.countersigners.count, statement.countersigners[next].key == key.publicKey else {
                say(
                    "  not yours to sign now (it waits for \(next < statement.countersigners.count ? statement.countersigners[next].member.description : "no one"))"
                )
                return entry
            }
            signedAny = true
            say("  countersigned by \(statement.countersigners[next].member)")
            return try entry.countersigned(with: key)
        }
        guard signedAny else {
            throw CLIError.invalidArgument("no entry in \(file) names your key (\(key.publicKey.text)) as its next countersigner")
        }
        if submit {
            for stored in try global.openLedger().submit(updated) {
                say("entry \(stored.index) appended (\(stored.entry.hash.hex))")
            }
            return
        }
        let target = out ?? file
        try writeSignedEntries(updated, to: target, replacing: out == nil)
        say("written to \(target); append with 'coop submit \(target)'")
    }
}
