import ArgumentParser
import CoopModel

extension ReportPeriod: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var defaultCompletionKind: CompletionKind { .default }
}

/// hledger's period options for reports: `-p/--period`, or `--begin` and `--end` (the end
/// exclusive, as in hledger), read into one `ReportPeriod`.
struct PeriodOptions: ParsableArguments {
    @Option(
        name: [.customShort("p"), .customLong("period")],
        help: ArgumentHelp("The period to report: \(ReportPeriod.formsHint) (2026Q1 is January to March).", valueName: "period"))
    var period: ReportPeriod?
    @Option(help: ArgumentHelp("From this day (YYYY-MM-DD), included.", valueName: "date"))
    var begin: CivilDate?
    @Option(help: ArgumentHelp("Up to this day (YYYY-MM-DD), NOT included, as in hledger: --end 2026-04-01 ends with March 31.", valueName: "date"))
    var end: CivilDate?

    func validate() throws {
        if period != nil, begin != nil || end != nil {
            throw ValidationError("give either -p/--period or --begin/--end, not both (-p 2026Q1 is --begin 2026-01-01 --end 2026-04-01)")
        }
        if let begin, let end, end <= begin {
            throw ValidationError("--end \(end) is not after --begin \(begin): the end is exclusive, so the period would hold no day")
        }
    }

    /// The period asked for; nil when none was given.
    var reportPeriod: ReportPeriod? {
        period ?? (begin == nil && end == nil ? nil : ReportPeriod(begin: begin, end: end))
    }

    /// The day a point-in-time report (a balance, a position) is drawn at: the period's last day,
    /// else `asOf`. Refuses a period with no end, and a period together with `--as-of`.
    func asOfDay(_ asOf: CivilDate?, report: String) throws -> CivilDate? {
        guard let p = reportPeriod else { return asOf }
        guard asOf == nil else {
            throw CLIError.invalidArgument("give either --as-of or a period (-p, --begin/--end), not both: \(report) is drawn at the period's last day")
        }
        guard let last = p.lastDay else {
            throw CLIError.invalidArgument("\(report) is drawn at a period's last day: give -p or --end (--end is exclusive), not --begin alone")
        }
        return last
    }
}

/// `--json` or `--csv` for tabular read commands (CSV: RFC 4180, amounts as dollars with two
/// decimals and no `$`, booleans `true`/`false`, empty fields for none).
struct TableOutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false
    @Flag(name: .long, help: "Print CSV (a header line, then one row each; booleans true/false) instead of text.")
    var csv = false

    func validate() throws {
        if json, csv { throw ValidationError("give --json or --csv, not both") }
    }
}
