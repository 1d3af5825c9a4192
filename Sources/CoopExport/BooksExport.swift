import CoopLedger
import CoopModel

/// The cooperative's books for a bookkeeper: the registers the ledger replays (members, dues,
/// capital accounts, the reserve) as CSV tables (`BooksExport+CSV.swift`) or as a plain-text
/// double-entry hledger journal (`BooksExport+Hledger.swift`).
///
/// An export is derived, never a source of truth: it carries no signatures, and every row names
/// the ledger entry it came from (`entry` column, `(#N)` transaction code) so anyone can check
/// it against `coop show N` or an audit bundle.
///
/// Dues charges are not entries (they are derived month by month from tiers and the schedule),
/// so an export needs a month to draw them to: `month`, the end of which is the "as of" point
/// for dues positions and standing. Movements are exported as the state holds them; replay the
/// ledger to a date first (`Ledger.state(asOf:)`) to export the books as they stood then.
public struct BooksExport: Sendable {
    public let state: LedgerState
    /// Dues accrue through the end of this month.
    public let month: YearMonth
    /// The account the journal books its boundary with the cooperative's main books through
    /// (`BooksExport+HledgerBoundary.swift`); nil: a standalone journal with its own cash.
    public let clearing: String?
    /// The first day of the report period: earlier movements are left out of the movement
    /// tables, and the journal opens with their balances on this day. Nil: from the beginning.
    public let since: CivilDate?

    /// `month` defaults to the month of the newest entry in `state` (the CLI passes the month
    /// of `--as-of`, or today's month, as `coop dues status` does).
    public init(state: LedgerState, asOf month: YearMonth? = nil, clearing: String? = nil, since: CivilDate? = nil) {
        self.state = state
        self.clearing = clearing
        self.since = since
        // A state with no entries has nothing to export; any month gives the same empty books.
        self.month = month ?? Self.newestEntryMonth(of: state) ?? YearMonth(year: 1970, month: 1)
    }

    /// The month of the last entry's ledger time.
    static func newestEntryMonth(of state: LedgerState) -> YearMonth? {
        state.ledgerTime.map { YearMonth($0.date) }
    }

    /// Members in id order (m2 before m10).
    var memberIDs: [MemberID] { state.members.keys.sorted() }

    /// Members with a dues account, in id order.
    var duesMembers: [MemberID] { state.registers.dues.keys.sorted() }

    /// Members with a capital account, in id order.
    var equityMembers: [MemberID] { state.registers.equity.keys.sorted() }

    /// Where a member's dues stand at the end of `month`.
    func duesPosition(_ id: MemberID) -> DuesPosition? { state.duesPosition(of: id, asOf: month) }

    /// The label used for the collective reserve wherever a member id would go.
    static let reserveLabel = "reserve"
}

/// Why an export could not be written, with what to do about it.
public enum BooksExportError: Error, Equatable, Sendable, CustomStringConvertible {
    case folderNotEmpty(path: String)
    case cannotWrite(path: String, reason: String)
    case badClearingAccount(name: String, reason: String)

    public var description: String {
        switch self {
        case let .folderNotEmpty(path):
            return "\(path) exists and is not empty; coop will not mix an export with other files. Choose a new --out folder or empty this one"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason). Check the folder exists and is writable, or choose another --out"
        case let .badClearingAccount(name, reason):
            return "the clearing account \"\(name)\" cannot be used: \(reason). Name an account of the main books, "
                + "such as \"assets:coop clearing\" (--clearing ACCOUNT, or books.clearing_account in the bylaws)"
        }
    }
}
