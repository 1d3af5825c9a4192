import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopExport
import CoopLedger
import CoopModel

/// `coop log`: list entries.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "List entries, oldest first.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Only entries of this type (e.g. member.admit).") var type: String?
    @Option(name: .long, help: "Only entries by this member (e.g. m3).") var author: MemberID?
    @Option(name: .long, help: "Only entries whose ledger date is this day or later (YYYY-MM-DD, UTC).") var since: CivilDate?
    @Option(name: .long, help: "Only entries whose ledger date is this day or earlier (YYYY-MM-DD, UTC).") var until: CivilDate?
    @Option(name: .customShort("n"), help: "Only the last N entries (after the other filters).") var last: Int?
    @OptionGroup var period: PeriodOptions
    @OptionGroup var output: TableOutputOptions

    /// A type no ledger of this build can hold would match nothing: say so, with the known types,
    /// rather than print an empty list (a typo is far likelier than an empty result).
    func validate() throws {
        if let type, !EntryCatalog.cooperative.types.contains(EntryType(type)) {
            let known = EntryCatalog.cooperative.types.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown entry type \"\(type)\"; the entry types are: \(known)")
        }
        if let since, let until, until < since { throw ValidationError("--until \(until) is before --since \(since)") }
        if let last, last < 1 { throw ValidationError("-n takes a number of entries, 1 or more") }
        if period.reportPeriod != nil, since != nil || until != nil {
            throw ValidationError("give either --since/--until (inclusive) or a period (-p, --begin/--end), not both")
        }
    }

    func run() throws {
        let store = try global.openLedger(readOnly: true).store
        let day: Int64 = 86_400
        let first = since ?? period.reportPeriod?.begin
        let after = until.map { $0.adding(days: 1) } ?? period.reportPeriod?.end
        let from = first.map { $0.daysSinceEpoch * day } ?? .min
        let to = after.map { $0.daysSinceEpoch * day } ?? .max
        var indexes = try store.indexes(
            type: type, author: author?.description,
            ledgerTimes: first == nil && after == nil ? nil : from..<to)
        if let last { indexes = Array(indexes.suffix(last)) }
        if output.json {
            return try printJSONArray(indexes) { try StoredEntry(index: $0, entry: try store.entry(at: $0)).json() }
        }
        if output.csv {
            let out = CLIContext.current.output
            out.write(CSV.record(["index", "ledger_time", "author", "seq", "type", "hash"]))
            for index in indexes {
                let stored = StoredEntry(index: index, entry: try store.entry(at: index))
                let s = try CanonicalJSON.decode(stored.entry.statementBytes)
                out.write(
                    CSV.record([
                        String(index), stored.entry.ledgerTime.description, s["author"]?.stringValue ?? "",
                        s["seq"]?.intValue.map(String.init) ?? "", s["type"]?.stringValue ?? "", stored.entry.hash.hex,
                    ]))
            }
            return
        }
        for index in indexes {
            let stored = StoredEntry(index: index, entry: try store.entry(at: index))
            let s = try CanonicalJSON.decode(stored.entry.statementBytes)
            let who = s["author"]?.stringValue ?? "?"
            let seq = s["seq"]?.intValue.map(String.init) ?? "?"
            let what = s["type"]?.stringValue ?? "?"
            let when = stored.entry.ledgerTime.description
            say(TerminalText.safe(oneLine: "\(String(index).padding(7))\(when)  \((who + "#" + seq).padding(9))\(what.padding(14))\(summary(s["body"]))"))
        }
    }

    /// A short, one-line view of a body for the text listing: amounts (`amount`, `surplus` and
    /// the like, in cents in the ledger) shown as dollars like every other report.
    private func summary(_ body: JSONValue?) -> String {
        guard case let .object(fields)? = body else { return "" }
        let money: Set<String> = ["amount", "surplus", "nonpatronage", "withheld", "total", "dues_amount"]
        let text = fields.keys.sorted().compactMap { key -> String? in
            switch fields[key] {
            case let .string(s)?: return "\(key)=\(s.count > 40 ? String(s.prefix(37)) + "..." : s)"
            case let .integer(n)? where money.contains(key): return "\(key)=\(Money(cents: n).dollars)"
            case let .integer(n)?: return "\(key)=\(n)"
            case .array?: return "\(key)=[...]"
            default: return nil
            }
        }.joined(separator: " ")
        return text.count > 100 ? String(text.prefix(97)) + "..." : text
    }
}

/// `coop show N`: one entry in full.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one entry: statement, signature, hash.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entry index (0 is the genesis).") var index: UInt64
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try global.openLedger(readOnly: true).store
        let stored = StoredEntry(index: index, entry: try store.entry(at: index))
        if output.json {
            try printJSON(try stored.json())
            return
        }
        say("entry        \(index)")
        say("ledger time  \(stored.entry.ledgerTime)")
        say("hash         \(stored.entry.hash.hex)")
        for (i, signature) in stored.entry.signed.signatures.enumerated() {
            say((i == 0 ? "signature    " : "countersig.  ") + signature.base64)
        }
        say("statement    \(TerminalText.safe(oneLine: String(decoding: stored.entry.statementBytes, as: UTF8.self)))")
    }
}
