import ArgumentParser
import CoopCrypto
import CoopExport
import CoopLedger
import CoopModel
import Foundation

/// `coop export`: an audit bundle (for verifiers), or the books as CSV tables or an hledger
/// journal (for bookkeepers). The books are derived from the ledger; only the bundle proves it.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an audit bundle (default), or the books as CSV tables or an hledger journal.",
        discussion: """
            --format bundle   entries in order, checkpoints, snapshots, public keys (verify with 'coop verify --bundle').
            --format csv      members.csv, dues.csv, dues_status.csv, equity.csv, equity_register.csv into --out DIR.
            --format hledger  a double-entry journal into --out FILE.journal, or standard output with --out -.
            Dues accrue through the month of --as-of (default: this month); --as-of also replays the
            ledger to the end of that day, so the books are as they stood then.
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case bundle, csv, hledger
    }

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The folder to write (new or empty); for hledger a file, or - for standard output.")
    var out: String
    @Option(name: .long, help: "bundle (audit bundle), csv or hledger.")
    var format: Format = .bundle
    @Option(name: .long, help: "For csv and hledger: the books as of the end of this date (YYYY-MM-DD).")
    var asOf: CivilDate?

    func validate() throws {
        if format == .bundle, asOf != nil {
            throw ValidationError("--as-of applies to --format csv or hledger; an audit bundle always holds the whole ledger")
        }
        if out == "-", format != .hledger {
            throw ValidationError("--out - (standard output) works only with --format hledger; give a folder for \(format.rawValue)")
        }
    }

    func run() throws {
        switch format {
        case .bundle:
            let ledger = try global.openLedger(readOnly: true)
            let (size, root) = try AuditBundle.export(ledger, to: out)
            say("exported \(size) entries to \(out) (root \(root.hex))")
            say("verify offline with: coop verify --bundle \(out) --ledger-key '<the ledger key>'")
        case .csv:
            let books = try self.books()
            try books.writeCSV(to: out)
            say(
                "exported the books as of the end of \(books.month) (\(books.state.size) entries) to \(out): "
                    + books.csvFiles.map(\.name).joined(separator: ", "))
        case .hledger:
            let books = try self.books()
            let journal = books.hledgerJournal
            if out == "-" {
                CLIContext.current.output.write(journal)
                return
            }
            guard !FileManager.default.fileExists(atPath: out) else { throw CLIError.fileExists(out) }
            guard FileManager.default.createFile(atPath: out, contents: Data(journal.utf8)) else {
                throw CLIError.invalidArgument("cannot write \(out): check the folder exists and is writable, or choose another --out")
            }
            say("exported the books as of the end of \(books.month) (\(books.state.size) entries) to \(out)")
            say("check with: hledger -f \(out) check accounts commodities ordereddates")
        }
    }

    /// The books at the end of `--as-of` (replayed), or at the head with dues through this month.
    private func books() throws -> BooksExport {
        let state = try global.state(asOf: asOf)
        if let asOf, state.members.isEmpty {
            throw CLIError.invalidArgument("the ledger has no entries on or before \(asOf); choose a later --as-of")
        }
        return BooksExport(state: state, asOf: reportMonth(asOf: asOf))
    }
}
