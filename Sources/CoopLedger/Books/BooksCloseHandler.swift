import CoopBylaws
import CoopModel

extension EntryType {
    /// The treasurer closes the books through a date: nothing may take effect on or before it.
    public static let booksClose = EntryType("books.close")
}

/// `books.close`: the officer the bylaws name (default: treasurer) closes a period, so no later
/// entry can be dated into it with `effective` (a month's or a year's books, once reconciled
/// with the bank and reported, stay as reported; mistakes are corrected by new entries).
struct BooksCloseHandler: EntryHandler {
    let type = EntryType.booksClose

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .booksClose, fallback: [.treasurer])
        let body = try entry.body(BooksCloseBody.self)
        guard body.through < entry.time.date else {
            throw entry.refuse(
                .tooLate, field: "through",
                "\"through\" \(body.through) must be before this entry's ledger date \(entry.time.date): "
                    + "a period is closed once it has ended")
        }
        if let closed = state.booksClosedThrough, body.through <= closed {
            throw entry.refuse(
                .closedPeriod, field: "through",
                "the books are already closed through \(closed); a close only moves forward")
        }
        state.booksClosedThrough = body.through
    }
}
