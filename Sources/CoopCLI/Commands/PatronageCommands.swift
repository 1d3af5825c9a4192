import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopImport
import CoopLedger
import CoopModel
import CoopPatronage
import Foundation

/// `coop patronage ...`: the treasurer's year end, from recorded patronage to revolved equity.
struct PatronageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patronage",
        abstract: "Patronage: record it, close the year, preview and commit the allocation, pay, give notice, report, revolve.",
        discussion: """
            A year end: record (or import) each member's patronage and consents; close-year with the
            net surplus; preview (prints the result hash); a patronage-approval motion pins that hash;
            commit once it passed; pay the cash parts; notices; 1099; later, revolve retained equity.
            """,
        subcommands: [
            Record.self, Import.self, Consent.self, CloseYear.self, PatronagePreviewCommand.self, Commit.self,
            Pay.self, Revolve.self, PatronageStatusCommand.self, PatronageNoticesCommand.self, Patronage1099Command.self,
        ])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a member's patronage in one measure (treasurer): an aggregate quantity in the measure's unit.",
            discussion: "A negative quantity corrects an earlier record. Never record anything about patients or services.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @Argument(help: "The member id.") var member: MemberID
        @Argument(help: "The measure, as the bylaws name it (e.g. revenue, hours).") var measure: String
        @Argument(help: "The quantity in the measure's unit (whole cents, whole hours).") var quantity: String
        @Option(help: "The fiscal year (default: the fiscal year of --period, else the current one).") var year: Int?
        @Option(help: "The month the quantity is for (YYYY-MM), kept with it.") var period: YearMonth?

        func run() throws {
            let fiscalYear =
                try year
                ?? global.openLedger(readOnly: true).state()
                .fiscalYear(containing: period?.firstDay ?? CLIContext.current.clock.now().date).year
            let body = try patronageRecord(member: member, measure: measure, quantity: quantity, year: fiscalYear, period: period)
            guard let stored = try global.append(body, write) else { return }
            try write.report([stored], "entry \(stored.index): \(member) \(measure) \(quantity) for fiscal year \(fiscalYear)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record many members' patronage from a CSV file (treasurer): all rows or none.",
            discussion: """
                The first line names the columns member,measure,quantity,year and optionally period
                (YYYY-MM). Every row is checked against the ledger first, as entries would be; if any
                row is wrong, each wrong row is listed and nothing is written. A row with quantity 0
                records nothing and is skipped (and reported), as spreadsheets export them.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let table = try readCSV(path: file, required: ["member", "measure", "quantity", "year"], optional: ["period"])
            guard !table.rows.isEmpty else { throw CLIError.invalidArgument("\(file) has no rows after its header: nothing to import") }
            var rows: [(line: Int, body: PatronageRecordBody)] = []
            var check = RowImport(file: file, rowCount: table.rows.count)
            var skipped: [Int] = []
            for (line, fields) in table.rows {
                do {
                    let (member, year, period) = (table.value("member", in: fields), table.value("year", in: fields), table.value("period", in: fields))
                    guard let id = MemberID(member) else { throw CLIError.invalidArgument("member \"\(member)\" is not a member id (m1, m2, ...)") }
                    guard let fiscalYear = Int(year) else { throw CLIError.invalidArgument("year \"\(year)\" is not a year") }
                    guard period.isEmpty || YearMonth(period) != nil else { throw CLIError.invalidArgument("period \"\(period)\" is not YYYY-MM") }
                    let record = try patronageRecord(
                        member: id, measure: table.value("measure", in: fields),
                        quantity: table.value("quantity", in: fields), year: fiscalYear,
                        period: YearMonth(period))
                    // Zero adds nothing to a member's patronage (and the ledger refuses it): not a
                    // reason to refuse the file.
                    guard record.quantity != 0 else {
                        skipped.append(line)
                        continue
                    }
                    rows.append((line, record))
                } catch {
                    check.problems.append((line, "\(error)"))
                }
            }
            let ledger = try global.openLedger()
            let (key, me) = try global.signer(in: ledger)
            let drafts = try rows.map { try Ledger.Draft($0.body, author: me, key: key) }
            try check.judge(rows.map(\.line), drafts, on: ledger, nothingWritten: "nothing was recorded")
            for line in skipped { say("line \(line): zero quantity, skipped") }
            guard !drafts.isEmpty else { return say("nothing recorded: every row of \(file) has quantity 0") }
            let stored = try ledger.append(drafts)
            say("recorded \(stored.count) rows from \(file) as entries \(stored.first?.index ?? 0)-\(stored.last?.index ?? 0)")
        }
    }

    struct Consent: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a member's consent to take allocations into income (member or treasurer), or revoke it.",
            discussion: """
                Consent makes a member's written notices qualified. Signed with the member's own key it
                is their written consent; signed by the treasurer it records one on file. --date is when
                the member gave it (default today).
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @Argument(help: "The member id.") var member: MemberID
        @Option(help: "written, bylaw or qualified-check.") var method: ConsentMethod
        @Option(help: "When the member gave (or revoked) it, YYYY-MM-DD.") var date: CivilDate?
        @Option(help: "bylaw: the bylaws version (hex) the member received notice and a copy of (default: the version in force).")
        var bylawsVersion: SHA256Digest?
        @Option(help: "qualified-check: the fiscal year whose allocation the endorsed check paid.") var year: Int?
        @Flag(help: "Revoke the member's written or bylaw consent (from the next fiscal year on).") var revoke = false

        func run() throws {
            var body = ConsentBody(
                member: member, method: method, date: date, bylawsVersion: bylawsVersion, year: year,
                revoke: revoke ? true : nil)
            if method == .bylaw, !revoke, bylawsVersion == nil {
                body.bylawsVersion = try global.openLedger(readOnly: true).state().bylawsHash
            }
            guard let stored = try global.append(body, write) else { return }
            try write.report([stored], "entry \(stored.index): \(member)'s \(method.rawValue) consent \(revoke ? "revoked" : "recorded")")
        }
    }

    struct CloseYear: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-year",
            abstract: "Close a fiscal year's patronage with its net surplus (treasurer); its quantities are then fixed.",
            discussion: "A loss is a negative surplus (--surplus -1200.00). Closing again before the commit corrects it.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @Argument(help: "The fiscal year.") var year: Int
        // Unconditional: the value may start with "-" (a loss, `--surplus -1200.00`), which the
        // parser would otherwise take for an option and report the value missing.
        @Option(parsing: .unconditional, help: "Net patronage-sourced surplus in dollars (negative for a loss).") var surplus: SignedAmount
        @Option(help: "Non-patronage income in dollars (rent, investments, business with non-members): never allocated.")
        var nonpatronage: Amount?

        func run() throws {
            let body = YearCloseBody(year: year, surplus: surplus.money, nonpatronage: nonpatronage?.money)
            guard let stored = try global.append(body, write) else { return }
            try write.report(
                [stored],
                "entry \(stored.index): fiscal year \(year) closed with net surplus \(surplus.money.dollars); "
                    + "next: coop patronage preview \(year)")
        }
    }

    struct Commit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the year's allocation once the members approved its result hash (treasurer).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @Argument(help: "The fiscal year.") var year: Int

        func run() throws {
            let state = try global.openLedger(readOnly: true).state()
            let result = try state.patronageComputation(year: year)
            guard let stored = try global.append(PatronageCommitBody(year: year, resultHash: result.resultHash), write) else { return }
            let a = result.allocation
            try write.report(
                [stored],
                "entry \(stored.index): fiscal year \(year) committed (result \(result.resultHash.hex))\n"
                    + "  \(a.members.count) members: \(a.allocated.dollars) allocated, \(a.cash.dollars) cash payable by \(result.fiscal.paymentPeriodEnd), "
                    + "\(a.retained.dollars) retained; reserve \(a.reserve.dollars)")
        }
    }

    struct Pay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record cash patronage paid (treasurer): one member, or everyone still owed for the year.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The fiscal year.") var year: Int
        @Argument(help: "The member id (default: every member still owed).") var member: MemberID?
        @Option(help: "The gross amount paid (default: all still owed).") var amount: Amount?
        @Option(help: "Backup withholding kept from the amount (1099-PATR box 4).") var withheld: SignedAmount?
        @Option(help: "How it was paid (e.g. ach, check).") var method: String?
        @Option(help: "A reference (check number, transfer id).") var ref: String?
        @Flag(help: "Show what would be paid, and append nothing.") var dryRun = false
        @Flag(help: "Pay several members without asking (asked only when standard input is a terminal).") var yes = false
        @OptionGroup var effective: EffectiveOption
        @OptionGroup var write: WriteOptions

        func validate() throws {
            if member == nil, amount != nil || withheld != nil {
                throw ValidationError("--amount and --withheld apply to one member: name the member")
            }
            if let withheld, withheld.money < .zero { throw ValidationError("--withheld cannot be negative") }
        }

        func run() throws {
            let register = try global.openLedger(readOnly: true).state().patronage[year]
            guard register.commit != nil else { throw CLIError.invalidArgument("fiscal year \(year) is not committed: nothing is payable yet") }
            let members = member.map { [$0] } ?? register.commit?.cashDue.keys.filter { register.cashOutstanding($0) > .zero }.sorted() ?? []
            guard !members.isEmpty else { return say("nothing is owed for \(year)") }
            let payments = members.map { (member: $0, amount: amount?.money ?? register.cashOutstanding($0)) }
            // Paying everyone at once is a lot of money in one command: show it first, and ask a
            // person at the terminal before writing (scripts pass --yes; --dry-run only shows).
            if dryRun, write.json {
                try printJSONArray(payments) { .object(["member": .string($0.member.description), "amount_cents": .integer($0.amount.cents)]) }
            } else if dryRun || (payments.count > 1 && !write.json) {
                for p in payments { say("  \(p.member.description.padding(8)) \(p.amount.description.leftPadded(12))") }
                say(
                    "\(dryRun ? "would pay" : "paying") \(payments.count) member\(payments.count == 1 ? "" : "s") "
                        + "\(payments.map(\.amount).sum().dollars) of \(year) patronage")
            }
            guard !dryRun else { return }
            if payments.count > 1, !yes, CLIContext.current.inputIsTerminal, !confirm("Record these \(payments.count) payments?") {
                throw CLIError.invalidArgument("nothing was paid (answer y to record the payments, or pass --yes)")
            }
            guard
                let stored = try global.appendAll(
                    write,
                    { me, key in
                        try payments.map {
                            try Ledger.Draft(
                                PatronagePayBody(
                                    member: $0.member, year: year, amount: $0.amount, withheld: withheld?.money,
                                    method: method, reference: ref, effective: effective.effective),
                                author: me, key: key)
                        }
                    })
            else { return }
            try write.report(
                stored,
                zip(stored, payments).map { "entry \($0.index): paid \($1.member) \($1.amount.dollars) of \(year) patronage" }
                    .joined(separator: "\n"))
        }
    }

    struct Revolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revolve retained patronage (board): pay out every lot of YEAR and earlier, oldest first.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @Argument(help: "The last allocation year to redeem.") var year: Int
        @Flag(help: "Show what would be paid, and append nothing.") var dryRun = false

        func run() throws {
            let plan = try global.openLedger(readOnly: true).state().revolvingPlan(through: year)
            if !write.json {
                for lot in plan.redeemed {
                    say(
                        "  \(lot.member.description.padding(8)) \(lot.year) \(lot.equityClass == .qualified ? "qualified    " : "non-qualified") \(lot.amount.description.leftPadded(12))"
                    )
                }
                say(
                    "revolving through \(year): \(plan.redeemed.count) lots, \(plan.total.dollars) (non-qualified \(plan.nonQualifiedTotal.dollars), 1099-PATR box 5)"
                )
            }
            guard !dryRun else { return }
            guard let stored = try global.append(RevolveBody(year: year, total: plan.total), write) else { return }
            try write.report([stored], "entry \(stored.index): revolved")
        }
    }
}

/// One patronage record as the CLI takes it (argument or CSV row): the quantity a whole number.
func patronageRecord(member: MemberID, measure: String, quantity: String, year: Int, period: YearMonth?) throws -> PatronageRecordBody {
    guard let q = Int64(quantity) else {
        throw CLIError.invalidArgument("quantity \"\(quantity)\" is not a whole number: give it in the measure's unit (cents, hours), without separators")
    }
    return PatronageRecordBody(member: member, measure: measure, quantity: q, year: year, period: period)
}
