import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
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
        @OptionGroup var signing: SigningOptions
        @Argument(help: "The member id.") var member: String
        @Argument(help: "The measure, as the bylaws name it (e.g. revenue, hours).") var measure: String
        @Argument(help: "The quantity in the measure's unit (whole cents, whole hours).") var quantity: String
        @Option(help: "The fiscal year (default: the fiscal year of --period, else the current one).") var year: Int?
        @Option(help: "The month the quantity is for (YYYY-MM), kept with it.") var period: String?

        func run() throws {
            let month = try period.map(parseMonth)
            let fiscalYear = try year ?? global.openLedger(readOnly: true).state()
                .fiscalYear(containing: month?.firstDay ?? CLIContext.current.clock.now().date).year
            let body = try PatronageRecordRow(member: member, measure: measure, quantity: quantity, year: fiscalYear, period: month).body
            guard let stored = try global.append(.patronageRecord, body, signing) else { return }
            say("entry \(stored.index): \(member) \(measure) \(quantity) for fiscal year \(fiscalYear)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record many members' patronage from a CSV file (treasurer): all rows or none.",
            discussion: """
            The first line names the columns member,measure,quantity,year and optionally period
            (YYYY-MM). Every row is checked against the ledger first, as entries would be; if any
            row is wrong, each wrong row is listed and nothing is written.
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let table = try CSVTable(path: file, required: ["member", "measure", "quantity", "year"], optional: ["period"])
            guard !table.rows.isEmpty else { throw CLIError.invalidArgument("\(file) has no rows after its header: nothing to import") }
            var rows: [(line: Int, body: JSONValue)] = []
            var problems: [(line: Int, text: String)] = []
            for (line, fields) in table.rows {
                do {
                    let period = table.value("period", in: fields)
                    guard let year = Int(table.value("year", in: fields)) else {
                        throw CLIError.invalidArgument("year \"\(table.value("year", in: fields))\" is not a year")
                    }
                    rows.append((line, .object(try PatronageRecordRow(
                        member: table.value("member", in: fields), measure: table.value("measure", in: fields),
                        quantity: table.value("quantity", in: fields), year: year,
                        period: period.isEmpty ? nil : try parseMonth(period)).body)))
                } catch {
                    problems.append((line, "\(error)"))
                }
            }
            let ledger = try global.openLedger()
            let key = try global.signingKey()
            let me = try global.member(holding: key.publicKey, in: try ledger.state()).id
            let items = rows.map { (type: EntryType.patronageRecord, body: $0.body, author: me, key: key) }
            // Every well-formed row judged as its entry would be, before anything is written.
            for (row, refusal) in zip(rows, try ledger.check(items)) {
                // The reason alone: the entry index it would have had means nothing to the treasurer.
                if let reason = (refusal as? LedgerError)?.refusal?.reason {
                    problems.append((row.line, reason))
                } else if let refusal {
                    problems.append((row.line, "\(refusal)"))
                }
            }
            guard problems.isEmpty else {
                for p in problems.sorted(by: { $0.line < $1.line }) { warn("\(file):\(p.line): \(p.text)") }
                throw CLIError.invalidArgument("\(problems.count) of \(table.rows.count) rows are wrong; nothing was recorded")
            }
            let stored = try ledger.appendAll(items)
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
        @OptionGroup var signing: SigningOptions
        @Argument(help: "The member id.") var member: String
        @Option(help: "written, bylaw or qualified-check.") var method: String
        @Option(help: "When the member gave (or revoked) it, YYYY-MM-DD.") var date: String?
        @Option(help: "bylaw: the bylaws version (hex) the member received notice and a copy of (default: the version in force).")
        var bylawsVersion: String?
        @Option(help: "qualified-check: the fiscal year whose allocation the endorsed check paid.") var year: Int?
        @Flag(help: "Revoke the member's written or bylaw consent (from the next fiscal year on).") var revoke = false

        func run() throws {
            guard let consent = ConsentMethod(rawValue: method) else {
                throw CLIError.invalidArgument("--method is written, bylaw or qualified-check, not \"\(method)\"")
            }
            var body: [String: JSONValue] = ["member": .string(try parseMember(member).description), "method": .string(consent.rawValue)]
            if let date { body["date"] = .string(try parseDate(date).description) }
            if let year { body["year"] = .integer(Int64(year)) }
            if revoke { body["revoke"] = .bool(true) }
            if consent == .bylaw, !revoke {
                let version = try bylawsVersion ?? global.openLedger(readOnly: true).state().bylawsHash?.hex ?? ""
                body["bylaws_version"] = .string(version)
            } else if let bylawsVersion {
                body["bylaws_version"] = .string(bylawsVersion)
            }
            guard let stored = try global.append(.patronageConsent, body, signing) else { return }
            say("entry \(stored.index): \(member)'s \(consent.rawValue) consent \(revoke ? "revoked" : "recorded")")
        }
    }

    struct CloseYear: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-year",
            abstract: "Close a fiscal year's patronage with its net surplus (treasurer); its quantities are then fixed.",
            discussion: "A loss is a negative surplus (--surplus -1200.00). Closing again before the commit corrects it.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var signing: SigningOptions
        @Argument(help: "The fiscal year.") var year: Int
        @Option(help: "Net patronage-sourced surplus in dollars (negative for a loss).") var surplus: String
        @Option(help: "Non-patronage income in dollars (rent, investments, business with non-members): never allocated.")
        var nonpatronage: String?

        func run() throws {
            guard let net = Money(surplus) else {
                throw CLIError.invalidArgument("\"\(surplus)\" is not an amount: write dollars and cents such as 12500.00 or -1200.00")
            }
            var body: [String: JSONValue] = ["year": .integer(Int64(year)), "surplus": .integer(net.cents)]
            if let nonpatronage { body["nonpatronage"] = .integer(try parseAmount(nonpatronage).cents) }
            guard let stored = try global.append(.patronageCloseYear, body, signing) else { return }
            say("entry \(stored.index): fiscal year \(year) closed with net surplus \(net.dollars); next: coop patronage preview \(year)")
        }
    }

    struct Commit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the year's allocation once the members approved its result hash (treasurer).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var signing: SigningOptions
        @Argument(help: "The fiscal year.") var year: Int

        func run() throws {
            let state = try global.openLedger(readOnly: true).state()
            let result = try state.patronageComputation(year: year)
            guard let stored = try global.append(.patronageCommit, ["year": .integer(Int64(year)), "result_hash": .string(result.resultHash.hex)], signing) else { return }
            let a = result.allocation
            say("entry \(stored.index): fiscal year \(year) committed (result \(result.resultHash.hex))")
            say("  \(a.members.count) members: \(a.allocated.dollars) allocated, \(a.cash.dollars) cash payable by \(result.fiscal.paymentPeriodEnd), "
                + "\(a.retained.dollars) retained; reserve \(a.reserve.dollars)")
        }
    }

    struct Pay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record cash patronage paid (treasurer): one member, or everyone still owed for the year.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The fiscal year.") var year: Int
        @Argument(help: "The member id (default: every member still owed).") var member: String?
        @Option(help: "The gross amount paid (default: all still owed).") var amount: String?
        @Option(help: "Backup withholding kept from the amount (1099-PATR box 4).") var withheld: String?
        @Option(help: "How it was paid (e.g. ach, check).") var method: String?
        @Option(help: "A reference (check number, transfer id).") var ref: String?

        func run() throws {
            let ledger = try global.openLedger()
            let register = try ledger.state().patronage[year]
            guard register.commit != nil else { throw CLIError.invalidArgument("fiscal year \(year) is not committed: nothing is payable yet") }
            let members = try member.map { [try parseMember($0)] }
                ?? register.commit?.cashDue.keys.filter { register.cashOutstanding($0) > .zero }.sorted() ?? []
            guard member != nil || amount == nil, member != nil || withheld == nil else {
                throw CLIError.invalidArgument("--amount and --withheld apply to one member: name the member")
            }
            guard !members.isEmpty else { say("nothing is owed for \(year)"); return }
            let key = try global.signingKey()
            let me = try global.member(holding: key.publicKey, in: try ledger.state()).id
            let amounts = try members.map { try amount.map(parseAmount) ?? register.cashOutstanding($0) }
            let items = try zip(members, amounts).map { m, paid in
                var body: [String: JSONValue] = ["member": .string(m.description), "year": .integer(Int64(year)), "amount": .integer(paid.cents)]
                if let withheld { body["withheld"] = .integer(try parseWithheld(withheld).cents) }
                for case let (name, value?) in ["method": method, "ref": ref] { body[name] = .string(value) }
                return (type: EntryType.patronagePay, body: JSONValue.object(body), author: me, key: key)
            }
            for (entry, (m, paid)) in zip(try ledger.appendAll(items), zip(members, amounts)) {
                say("entry \(entry.index): paid \(m) \(paid.dollars) of \(year) patronage")
            }
        }

        private func parseWithheld(_ text: String) throws -> Money {
            guard let money = Money(text), money >= .zero else { throw CLIError.invalidArgument("--withheld \"\(text)\" is not an amount") }
            return money
        }
    }

    struct Revolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revolve retained patronage (board): pay out every lot of YEAR and earlier, oldest first.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var signing: SigningOptions
        @Argument(help: "The last allocation year to redeem.") var year: Int
        @Flag(help: "Show what would be paid, and append nothing.") var dryRun = false

        func run() throws {
            let plan = try global.openLedger(readOnly: true).state().revolvingPlan(through: year)
            for lot in plan.redeemed {
                say("  \(lot.member.description.padding(8)) \(lot.year) \(lot.equityClass == .qualified ? "qualified    " : "non-qualified") \(lot.amount.description.leftPadded(12))")
            }
            say("revolving through \(year): \(plan.redeemed.count) lots, \(plan.total.dollars) (non-qualified \(plan.nonQualifiedTotal.dollars), 1099-PATR box 5)")
            guard !dryRun else { return }
            guard let stored = try global.append(.patronageRevolve, ["year": .integer(Int64(year)), "total": .integer(plan.total.cents)], signing) else { return }
            say("entry \(stored.index): revolved")
        }
    }
}

/// One patronage record as the CLI takes it (argument or CSV row), checked for form.
struct PatronageRecordRow {
    let body: [String: JSONValue]

    init(member: String, measure: String, quantity: String, year: Int, period: YearMonth?) throws {
        guard let q = Int64(quantity) else {
            throw CLIError.invalidArgument("quantity \"\(quantity)\" is not a whole number: give it in the measure's unit (cents, hours), without separators")
        }
        var body: [String: JSONValue] = [
            "member": .string(try parseMember(member).description), "measure": .string(measure),
            "quantity": .integer(q), "year": .integer(Int64(year)),
        ]
        if let period { body["period"] = .string(period.description) }
        self.body = body
    }
}
