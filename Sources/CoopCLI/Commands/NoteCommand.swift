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
        let ledger = try global.openLedger(readOnly: out != nil)
        let key = try global.signingKey()
        let me = try global.member(holding: key.publicKey, in: try ledger.state())
        if let out {
            let signed = try ledger.prepare(type: .note, body: .object(body), author: me.id, key: key)
            guard !FileManager.default.fileExists(atPath: out) else { throw CLIError.fileExists(out) }
            guard FileManager.default.createFile(atPath: out, contents: Data(signed.lineBytes + [0x0a])) else {
                throw CLIError.unreadable(path: out, reason: "cannot write it")
            }
            say("signed entry written to \(out); append it with 'coop submit \(out)'")
            return
        }
        let stored = try ledger.append(type: .note, body: .object(body), author: me.id, key: key)
        say("entry \(stored.index) by \(me.id)")
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
