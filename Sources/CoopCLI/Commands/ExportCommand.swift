import ArgumentParser
import CoopBylaws
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
            ledger to the end of that day, so the books are as they stood then. A period (-p 2026Q1,
            or --begin/--end, the end exclusive as in hledger) draws the books at its last day and
            lists only its movements (the journal opens with the earlier balances).
            To merge the journal into the main books, name a clearing account (--clearing ACCOUNT,
            or books.clearing_account in the bylaws; the flag wins): cash and the net margin are
            then booked to it, for the main books to settle. An earlier export is never
            overwritten unless --force.
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
    @OptionGroup var period: PeriodOptions
    @Option(
        name: .long,
        help: ArgumentHelp(
            "For hledger: the main books' clearing account that cash and the net margin are booked to (default: the bylaws' books.clearing_account).",
            valueName: "account"))
    var clearing: String?
    @Flag(name: .long, help: "Overwrite an earlier export (the journal file, or a folder holding only an earlier CSV export).")
    var force = false

    func validate() throws {
        if format == .bundle, asOf != nil || period.reportPeriod != nil {
            throw ValidationError(
                "--as-of applies to --format csv or hledger, and so does a period (-p, --begin/--end); an audit bundle always holds the whole ledger")
        }
        if format != .hledger, clearing != nil {
            throw ValidationError("--clearing applies to --format hledger (the journal's boundary with the main books)")
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
            do {
                try books.writeCSV(to: out, replacing: force)
            } catch BooksExportError.folderNotEmpty(let path) {
                throw CLIError.invalidArgument(
                    "\(path) is not empty: coop will not mix an export with other files. Choose a new --out folder, "
                        + "or pass --force to overwrite an earlier CSV export there (a folder holding only its files)")
            }
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
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder) {
                guard force, !isFolder.boolValue else {
                    throw CLIError.invalidArgument(
                        isFolder.boolValue
                            ? "\(out) is a folder; give a file for the journal (--out books.journal)"
                            : "\(out) exists (an earlier export?); coop will not overwrite it: pass --force to replace it, or choose another --out")
                }
            }
            do {
                try Data(journal.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw CLIError.invalidArgument("cannot write \(out): check the folder exists and is writable, or choose another --out")
            }
            say("exported the books as of the end of \(books.month) (\(books.state.size) entries) to \(out)")
            if books.clearing == nil {
                say("standalone journal: to merge it into the main books, name a clearing account (--clearing ACCOUNT)")
            }
            say("check with: hledger -f \(out) check accounts commodities payees ordereddates")
        }
    }

    /// The books at the end of `--as-of` (replayed), or at the head with dues through this month.
    private func books() throws -> BooksExport {
        let day = try period.asOfDay(asOf, report: "the books")
        let state = try global.state(asOf: day)
        if let day, state.members.isEmpty {
            throw CLIError.invalidArgument("the ledger has no entries on or before \(day); choose a later --as-of or period")
        }
        let account = format == .hledger ? clearing ?? state.bylaws?.rules.books?.clearingAccount : nil
        if let account { try BooksExport.checkClearingAccount(account) }
        return BooksExport(state: state, asOf: reportMonth(asOf: day), clearing: account, since: period.reportPeriod?.begin)
    }
}
