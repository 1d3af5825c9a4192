import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import Foundation

/// `coop note`: sign a free-text statement (minutes, attestations).
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Sign a free-text statement into the ledger (or into a file with --out).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The text.") var text: String
    @Option(name: .long, help: "What it is about (e.g. 'minutes 2026-11-23').") var subject: String?
    @Option(name: .long, help: "Write the signed entry to this file for 'coop submit' instead of appending.") var out: String?

    func run() throws {
        var body: [String: JSONValue] = ["text": .string(text)]
        if let subject { body["subject"] = .string(subject) }
        if let done = try global.signOrAppend(.note, body, out: out) {
            say("entry \(done.index) by \(done.signer)")
        }
    }
}

/// `coop submit FILE`: append an entry signed elsewhere.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Append an entry signed elsewhere (e.g. an offline ballot), after every check verify makes.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A file holding one signed entry line.") var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError.unreadable(path: file, reason: "no such file or not readable")
        }
        var bytes = Array(data)
        if bytes.last == 0x0a { bytes.removeLast() }
        guard !bytes.contains(0x0a) else {
            throw CLIError.invalidArgument("\(file) holds more than one line; submit one entry per file")
        }
        let entry = try SignedEntry(lineBytes: bytes)
        let stored = try global.openLedger().submit(entry)
        say("entry \(stored.index) appended (\(stored.entry.hash.hex))")
    }
}
