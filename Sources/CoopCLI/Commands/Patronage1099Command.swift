import ArgumentParser
import CoopExport
import CoopLedger
import CoopModel
import CoopPatronage
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `coop patronage 1099 YEAR --out FILE.csv --tax-ids FILE.csv`: Form 1099-PATR data for the
/// calendar year of payment, joined with the TINs and addresses the ledger never holds.
///
/// All or nothing: a form without a TIN is a form the IRS rejects, so any missing row refuses
/// the whole file. The output holds tax ids, so it is created owner-only (0600) and no TIN is
/// ever printed.
struct Patronage1099Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "1099",
        abstract: "Write Form 1099-PATR data for a calendar year (the year of payment) as CSV, with the treasurer's tax ids.",
        discussion: """
            --tax-ids is a CSV file with the header member,name,tin,address: one row per member and one
            whose member is "payer" for the cooperative (an empty payer name means the ledger's name).
            Box 1 is cash patronage paid in YEAR plus qualified notices issued in YEAR; box 4 backup
            withholding; box 5 redemptions of non-qualified notices in YEAR. Members under the $10
            threshold (and without withholding) get no form. The output file is created with mode 0600.
            """)
    static let header = [
        "payer_name", "payer_tin", "payer_address", "account_number", "recipient_name", "recipient_tin", "recipient_address",
        "box1_patronage_dividends", "box4_federal_income_tax_withheld", "box5_redemption_of_nonqualified_notices",
    ]

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The calendar year of payment (not the fiscal year of the allocation).") var year: Int
    @Option(help: "The CSV file to write (must not exist).") var out: String
    @Option(help: "The treasurer's CSV of member,name,tin,address (a \"payer\" row for the cooperative).") var taxIds: String

    func run() throws {
        guard (1900...9999).contains(year) else { throw CLIError.invalidArgument("\(year) is not a calendar year (1900-9999)") }
        guard !FileManager.default.fileExists(atPath: out) else { throw CLIError.fileExists(out) }
        let state = try global.openLedger(readOnly: true).state()
        let payments = try state.patronagePayments(calendarYear: year)
        let rows = try Form1099PATR.rows(payments)
        let taxIDs = try TaxIDFile(path: taxIds)
        let missing = taxIDs.missing(for: rows.map(\.member))
        guard missing.isEmpty, let payer = taxIDs.payer else {
            throw CLIError.invalidArgument(
                "\(taxIds) lacks a TIN or an address for: \(missing.joined(separator: ", ")). "
                    + "Add a complete member,name,tin,address row for each (the cooperative's own under member \"payer\"); nothing was written")
        }
        let payerFields = [payer.name.isEmpty ? state.name : payer.name, payer.tin, payer.address]
        var text = CSV.record(Self.header)
        for row in rows {
            guard let recipient = taxIDs.members[row.member] else { continue }
            let name = recipient.name.isEmpty ? state.members[row.member]?.name ?? "" : recipient.name
            text += CSV.record(
                payerFields + [
                    row.member.description, name, recipient.tin, recipient.address,
                    row.box1.description, row.box4.description, row.box5.description,
                ])
        }
        try writePrivate(text)
        let owed = Set(rows.map(\.member))
        let under = payments.filter { !owed.contains($0.member) }.count
        say(
            "wrote \(rows.count) Form 1099-PATR record\(rows.count == 1 ? "" : "s") for calendar year \(year) to \(out) "
                + "(mode 0600: it holds tax ids; keep it private)")
        say("left out under the \(Form1099PATR.threshold.dollars) threshold: \(under) member\(under == 1 ? "" : "s")")
        let awaiting = state.patronageYearsAwaitingNotices
        if !awaiting.isEmpty {
            let years = awaiting.map(String.init).joined(separator: ", ")
            warn(
                "warning: fiscal year\(awaiting.count == 1 ? "" : "s") \(years) committed but notices not recorded as issued: "
                    + "their qualified notices are in no box 1 yet (coop patronage notices YEAR --out DIR --record)")
        }
    }

    /// Creates `out` owner-only and writes `text`; on any failure nothing is left behind.
    private func writePrivate(_ text: String) throws {
        let fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw CLIError.fileExists(out) }
            throw CLIError.invalidArgument("cannot create \(out): \(String(cString: strerror(errno))). Check the folder exists and is writable")
        }
        var failed = fchmod(fd, 0o600) != 0
        let bytes = Array(text.utf8)
        var done = 0
        while !failed, done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress?.advanced(by: done), $0.count - done) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { failed = true } else { done += n }
        }
        if fsync(fd) != 0 { failed = true }
        let reason = failed ? String(cString: strerror(errno)) : ""
        if close(fd) != 0 || failed {
            unlink(out)
            throw CLIError.invalidArgument("cannot write \(out): \(reason.isEmpty ? "close failed" : reason). Check the disk has room, then run again")
        }
    }
}
