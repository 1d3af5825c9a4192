import ArgumentParser
import CoopCrypto
import CoopImport
import CoopLedger
import CoopModel
import Foundation

/// `coop member import FILE`: admit many members from a CSV file, all or none.
struct MemberImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Admit members from a CSV file (secretary): all rows or none.",
        discussion: """
            The first line names the columns name,pubkey,class and optionally tier, dues_amount (e.g. 40.00, for a \
            sliding-scale tier) and effective (YYYY-MM-DD, an admission on paper before today). Each member's \
            public key is the one they made with 'coop key new' and sent you ('coop key show'): never make keys for \
            members. Every row is judged as its admission would be (a key used twice, a class or tier the bylaws do \
            not have, …); if any is wrong, each is listed as FILE:LINE and nothing is written. The new ids are \
            printed in file order.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Show what would be admitted; write nothing.") var dryRun = false
    @OptionGroup var write: WriteOptions

    func run() throws {
        let table = try readCSV(path: file, required: ["name", "pubkey", "class"], optional: ["tier", "dues_amount", "effective"])
        guard !table.rows.isEmpty else { throw CLIError.invalidArgument("\(file) has no rows after its header: nothing to import") }
        var rows: [(line: Int, body: AdmitBody)] = []
        var check = RowImport(file: file, rowCount: table.rows.count)
        var keys: [Ed25519.PublicKey: Int] = [:]
        for (line, fields) in table.rows {
            func value(_ column: String) -> String { table.value(column, in: fields).trimmingCharacters(in: .whitespaces) }
            do {
                guard let key = try? Ed25519.PublicKey(validatingText: value("pubkey")) else {
                    throw CLIError.invalidArgument("pubkey \"\(value("pubkey").prefix(60))\" is not a public key (ed25519:<base64>, from 'coop key show')")
                }
                if let first = keys[key] { throw CLIError.invalidArgument("the same key as line \(first)") }
                keys[key] = line
                let amount = value("dues_amount")
                guard amount.isEmpty || Money(amount).map({ $0.cents > 0 }) == true else {
                    throw CLIError.invalidArgument("dues_amount \"\(amount)\" is not an amount (40.00)")
                }
                let effective = value("effective")
                guard effective.isEmpty || CivilDate(effective) != nil else {
                    throw CLIError.invalidArgument("effective \"\(effective)\" is not YYYY-MM-DD")
                }
                rows.append(
                    (
                        line,
                        AdmitBody(
                            name: value("name"), key: key, memberClass: value("class").isEmpty ? nil : value("class"),
                            tier: value("tier").isEmpty ? nil : value("tier"),
                            duesAmount: Money(amount), effective: CivilDate(effective))
                    ))
            } catch {
                check.problems.append((line, "\(error)"))
            }
        }
        let ledger = try global.openLedger(readOnly: true)
        let key = try global.signingIdentity()
        let me = try global.member(holding: key.publicKey, in: try ledger.state()).id
        let drafts = try rows.map { try Ledger.Draft($0.body, author: me, key: key) }
        try check.judge(rows.map(\.line), drafts, on: ledger, nothingWritten: "nobody was admitted")
        if dryRun {
            for row in rows { say("\(file):\(row.line): would admit \(row.body.name) (\(row.body.memberClass ?? "-"))") }
            return say("dry run: \(rows.count) members would be admitted; nothing written")
        }
        guard let stored = try global.appendAll(write, { _, _ in drafts }) else { return }
        try write.report(stored, stored.map { "\($0.member?.description ?? "entry \($0.index)")" }.joined(separator: "\n"))
    }
}
