import CoopBylaws
import CoopCrypto
import CoopModel
import CoopPatronage

extension EntryType {
    /// The treasurer records a cash patronage dividend paid to a member.
    public static let patronagePay = EntryType("patronage.pay")
    /// The treasurer records that a year's written notices of allocation were issued.
    public static let patronageNotify = EntryType("patronage.notify")
}

/// `patronage.pay`: settles (part of) a member's cash part of a committed year. `withheld` is
/// backup withholding kept from the gross `amount` (1099-PATR box 4).
struct PatronagePayHandler: EntryHandler {
    let type = EntryType.patronagePay

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .patronagePay, fallback: [.treasurer])
        let body = try entry.body(PatronagePayBody.self)
        try entry.requireLabel(body.method, "method")
        try entry.requireLabel(body.reference, "ref")
        guard let owed = state.patronage.years[body.year]?.committedCashOutstanding(body.member) else {
            throw entry.refuse(.patronage, field: "year", "fiscal year \(body.year) has no committed allocation to pay")
        }
        guard body.amount > .zero else { throw entry.refuse(.amount, field: "amount", "the amount must be more than 0.00") }
        guard body.amount <= owed else {
            throw entry.refuse(
                .balance, field: "amount",
                "\(body.amount) is more than the \(owed) of \(body.year) cash patronage still owed to \(body.member)")
        }
        let withheld = body.withheld ?? .zero
        guard withheld >= .zero, withheld <= body.amount else {
            throw entry.refuse(.amount, field: "withheld", "\"withheld\" must be between 0.00 and the amount \(body.amount)")
        }
        let date = try state.effectiveDate(body.effective, for: entry, member: state.members[body.member])
        if let commit = state.patronage.years[body.year]?.commit, date < commit.date {
            throw entry.refuse(
                .effectiveDate, field: "effective",
                "\"effective\" \(date) is before \(body.year)'s allocation was committed (\(commit.date))")
        }
        let payment = PatronagePayment(
            index: index, date: date, amount: body.amount, withheld: withheld,
            method: body.method, reference: body.reference)
        state.patronage.update(body.year) { $0.payments[body.member, default: []].append(payment) }
    }
}

/// `patronage.notify`: the year's written notices of allocation were issued to the members on
/// this entry's date; `digest` fingerprints the notice documents handed out.
struct PatronageNotifyHandler: EntryHandler {
    let type = EntryType.patronageNotify

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .patronageNotify, fallback: [.treasurer])
        let body = try entry.body(PatronageNotifyBody.self)
        let year = state.patronage[body.year]
        guard year.commit != nil else {
            throw entry.refuse(.patronage, field: "year", "fiscal year \(body.year) has no committed allocation to give notice of")
        }
        if let issued = year.notices {
            throw entry.refuse(
                .duplicate, field: "year",
                "the notices for \(body.year) were issued on \(issued.date) (entry \(issued.index))")
        }
        let issue = NoticeIssue(index: index, date: entry.time.date, digest: body.digest)
        state.patronage.update(body.year) { $0.notices = issue }
    }
}
