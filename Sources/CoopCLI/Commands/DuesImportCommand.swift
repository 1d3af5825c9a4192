import ArgumentParser
import CoopCrypto
import CoopImport
import CoopLedger
import CoopModel
import Foundation

/// `coop dues import FILE`: the treasurer's bank or payment-processor export, recorded as dues
/// payments, all rows or none.
struct DuesImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record dues payments from a bank or payment-processor CSV export (treasurer): all rows or none.",
        discussion: """
            --map names the export's columns for the fields member, amount and optionally date (YYYY-MM-DD or \
            MM/DD/YYYY: the effective date), ref and method: --map member=Memo,amount=Amount,date=Date,ref=Reference. \
            Other columns are ignored. A row's member is its member id (m7, also found inside a memo), else a saved \
            alias (--alias "J SMITH=m7"), else the member who paid earlier with the same reference. Rows with an amount \
            of zero or less (money going out) are skipped and listed; a row whose reference that member already paid \
            with is skipped as recorded before, so importing overlapping months twice writes nothing twice. Every \
            other row is judged as its entry would be; if any is wrong each is listed as FILE:LINE and nothing is \
            written. The map and aliases are saved beside the ledger (LEDGER.imports.json) for next month.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file (first line: the column names).") var file: String
    @Option(help: "field=Column pairs, comma-separated (default: the saved map, else columns named member, amount, date, ref, method).")
    var map: ImportMap?
    @Option(help: ArgumentHelp("A name in the member column that means a member (repeatable; saved).", valueName: "TEXT=m7"))
    var alias: [ImportAlias] = []
    @Option(help: "The method for rows without one (e.g. ach).") var method: String?
    @Flag(help: "Show what would be recorded; write nothing.") var dryRun = false
    @OptionGroup var write: WriteOptions

    func run() throws {
        let savedPath = global.ledgerPath + ".imports.json"
        var saved = try ImportSettings.load(savedPath)
        let columns = map?.columns ?? saved.duesMap ?? ImportMap.identity
        for a in alias { saved.aliases[a.key] = a.member }
        let table = try readCSV(
            path: file, required: ["member", "amount"].compactMap { columns[$0] },
            optional: ["date", "ref", "method"].compactMap { columns[$0] }, otherColumns: true)
        guard !table.rows.isEmpty else { throw CLIError.invalidArgument("\(file) has no rows after its header: nothing to import") }
        let state = try global.openLedger(readOnly: true).state()
        let paidBefore = state.registers.dues.flatMap { member, account in
            account.movements.filter { $0.kind == .payment }.compactMap { m in m.reference.map { (member, $0, m.index) } }
        }
        var rows: [(line: Int, body: DuesPaymentBody)] = []
        var check = RowImport(file: file, rowCount: table.rows.count)
        var skipped: [(line: Int, why: String)] = []
        for (line, fields) in table.rows {
            func value(_ field: String) -> String {
                columns[field].map { table.value($0, in: fields).trimmingCharacters(in: .whitespaces) } ?? ""
            }
            do {
                guard let amount = ImportMoney.parse(value("amount")) else {
                    throw CLIError.invalidArgument("amount \"\(value("amount"))\" is not an amount (1234.50, $1,234.50, -85.00)")
                }
                guard amount.cents > 0 else {
                    skipped.append((line, "amount \(amount): money going out, not dues"))
                    continue
                }
                let ref = value("ref").isEmpty ? nil : value("ref")
                guard let member = Self.member(value("member"), ref: ref, aliases: saved.aliases, paidBefore: paidBefore) else {
                    throw CLIError.invalidArgument(
                        "no member for \"\(value("member"))\": give a member id, or --alias \"\(value("member"))=m…\"")
                }
                if let ref, let earlier = paidBefore.first(where: { $0.0 == member && $0.1 == ref }) {
                    skipped.append((line, "\(member) paid with reference \"\(ref)\" already (entry \(earlier.2))"))
                    continue
                }
                let date = try value("date").isEmpty ? nil : Self.date(value("date"))
                let method = value("method").isEmpty ? method : value("method")
                rows.append((line, DuesPaymentBody(member: member, amount: amount, method: method, reference: ref, effective: date)))
            } catch {
                check.problems.append((line, "\(error)"))
            }
        }
        let ledger = try global.openLedger(readOnly: true)
        let key = try global.signingIdentity()
        let me = try global.member(holding: key.publicKey, in: state).id
        let drafts = try rows.map { try Ledger.Draft($0.body, author: me, key: key) }
        try check.judge(rows.map(\.line), drafts, on: ledger, nothingWritten: "nothing was recorded")
        for s in skipped { say("\(file):\(s.line): skipped: \(s.why)") }
        if dryRun {
            for row in rows {
                let b = row.body
                say(
                    "\(file):\(row.line): would record \(b.member) paid \(b.amount.dollars)" + (b.effective.map { ", effective \($0)" } ?? "")
                        + (b.reference.map { ", ref \($0)" } ?? ""))
            }
            return say("dry run: \(rows.count) payments would be recorded, \(skipped.count) rows skipped; nothing written")
        }
        saved.duesMap = columns
        try saved.save(savedPath)
        guard !rows.isEmpty else { return say("nothing recorded: every row of \(file) was skipped") }
        guard let stored = try global.appendAll(write, { _, _ in drafts }) else { return }
        try write.report(stored, "recorded \(stored.count) payments from \(file) as entries \(stored.first?.index ?? 0)-\(stored.last?.index ?? 0)")
    }

    /// The member a row names: an id (alone or inside a memo), an alias, or the payer of an
    /// earlier payment with the same reference.
    /// A row's date (`ImportDate`), or the error naming what it holds.
    static func date(_ text: String) throws -> CivilDate {
        guard let date = ImportDate.parse(text) else {
            throw CLIError.invalidArgument("date \"\(text)\" is not \(ImportDate.formsHint)")
        }
        return date
    }

    static func member(_ text: String, ref: String?, aliases: [String: MemberID], paidBefore: [(MemberID, String, UInt64)]) -> MemberID? {
        if let id = MemberID(text) { return id }
        if let id = aliases[ImportAlias.normalized(text)] { return id }
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).compactMap { MemberID(String($0).lowercased()) }
        if words.count == 1, let id = words.first { return id }
        if let ref, let earlier = paidBefore.first(where: { $0.1 == ref }) { return earlier.0 }
        return nil
    }
}

/// `--map member=Memo,amount=Amount,...`: coop's field → the export's column.
struct ImportMap: ExpressibleByArgument, Sendable {
    static let fields: Set<String> = ["member", "amount", "date", "ref", "method"]
    static let identity = Dictionary(uniqueKeysWithValues: fields.map { ($0, $0) })
    let columns: [String: String]

    init?(argument: String) {
        var columns: [String: String] = [:]
        for pair in argument.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, Self.fields.contains(parts[0]), !parts[1].isEmpty, columns[parts[0]] == nil else { return nil }
            columns[parts[0]] = parts[1]
        }
        guard columns["member"] != nil, columns["amount"] != nil else { return nil }
        self.columns = columns
    }

    static var defaultValueDescription: String { "member=COL,amount=COL[,date=COL,ref=COL,method=COL]" }
}

/// `--alias "TEXT=m7"`: what a bank writes for a member.
struct ImportAlias: ExpressibleByArgument, Sendable {
    let key: String
    let member: MemberID

    init?(argument: String) {
        guard let eq = argument.lastIndex(of: "="), let member = MemberID(String(argument[argument.index(after: eq)...])) else { return nil }
        let text = Self.normalized(String(argument[..<eq]))
        guard !text.isEmpty else { return nil }
        key = text
        self.member = member
    }

    /// Case and spacing do not matter: banks vary both.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// What an import remembers beside the ledger for next month: the column map and the aliases.
struct ImportSettings: Codable {
    var duesMap: [String: String]?
    var aliases: [String: MemberID] = [:]

    enum CodingKeys: String, CodingKey {
        case duesMap = "dues_map"
        case aliases
    }

    static func load(_ path: String) throws -> ImportSettings {
        guard let data = FileManager.default.contents(atPath: path) else { return ImportSettings() }
        do {
            return try JSONDecoder().decode(ImportSettings.self, from: data)
        } catch {
            throw CLIError.unreadable(path: path, reason: "it is not the import settings coop saved (\(error)); move it away to start afresh")
        }
    }

    func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard FileManager.default.createFile(atPath: path, contents: try encoder.encode(self) + Data([0x0A])) else {
            throw CLIError.unreadable(path: path, reason: "cannot write it")
        }
    }
}
