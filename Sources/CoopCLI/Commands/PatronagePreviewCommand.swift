import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopPatronage

/// `coop patronage preview YEAR`: the allocation as it would be committed now, with the result
/// hash the members approve.
struct PatronagePreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Compute a closed year's allocation and print it with its result hash (nothing is written).",
        discussion: "Once committed, it shows the committed allocation. --json prints the result with amounts in integer cents.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The fiscal year.") var year: Int
    @Flag(help: "One CSV row per member instead of text.") var csv = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        let state = try global.openLedger(readOnly: true).state()
        let result = try state.patronageComputation(year: year)
        if output.json { return try printJSON(result.json(committed: state.patronage[year].commit != nil)) }
        if csv { return CLIContext.current.output.write(result.csv) }
        for line in result.report(names: state.members.mapValues(\.name), committed: state.patronage[year].commit) { say(line) }
    }
}

extension PatronageComputation {
    /// The result document plus the hash and the headline figures, for scripts.
    func json(committed: Bool) throws -> JSONValue {
        let a = allocation
        var object: [String: JSONValue] = [
            "year": .integer(Int64(fiscal.year)), "start": .string(fiscal.start.description), "end": .string(fiscal.end.description),
            "rules_version": .string(rulesVersion.hex), "result_hash": .string(resultHash.hex), "committed": .bool(committed),
            "payment_period_end": .string(fiscal.paymentPeriodEnd.description),
            "allocation": try JSONValue(encoding: a), "members": try JSONValue(encoding: a.members),
        ]
        for (name, money) in [
            ("net_surplus", a.netSurplus), ("pool", a.pool), ("reserve", a.reserve), ("allocated", a.allocated),
            ("cash", a.cash), ("retained", a.retained), ("non_qualified_retained", a.nonQualifiedRetained),
        ] {
            object[name + "_cents"] = .integer(money.cents)
        }
        return .object(object)
    }

    /// `member,qualified,<measure>...,weight_ppm,allocation,cash,retained` rows, CRLF, amounts in
    /// dollars, `qualified` true/false like every CSV coop writes.
    var csv: String {
        let measures = allocation.rules.measures.map(\.name)
        var text = (["member", "qualified"] + measures + ["weight_ppm", "allocation", "cash", "retained"]).joined(separator: ",") + "\r\n"
        for row in allocation.members {
            let cells =
                [row.member.description, csvBool(row.qualified)] + row.factors.map { String($0.quantity) }
                + [String(weightPPM(row)), row.allocation.description, row.cash.description, row.retained.description]
            text += cells.joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// The member's combined weight Σ wₖ·qₖ/Qₖ in parts per million, rounded down per factor:
    /// for reading only (the allocation itself uses the exact fractions).
    func weightPPM(_ row: MemberPatronage) -> Int128 {
        zip(zip(allocation.rules.measures, allocation.measures), row.factors).reduce(Int128(0)) { sum, item in
            let ((rule, total), factor) = item
            guard total.total > 0 else { return sum }
            return sum + Int128(rule.weight.numerator) * Int128(factor.quantity) * 1_000_000
                / (Int128(rule.weight.denominator) * Int128(total.total))
        }
    }

    /// The treasurer's text report: the year's figures, one line per member, totals, the hash.
    func report(names: [MemberID: String], committed: YearCommit?) -> [String] {
        let a = allocation
        func money(_ label: String, _ m: Money, _ note: String = "") -> String {
            "  " + label.padding(26) + m.description.leftPadded(14) + (note.isEmpty ? "" : "  " + note)
        }
        var lines = ["patronage for fiscal year \(fiscal.year) (\(fiscal.start) to \(fiscal.end)), rules version \(rulesVersion.hex.prefix(16))…"]
        lines.append(
            "  measures: "
                + zip(a.rules.measures, a.measures).map { "\($0.name) \($0.weight.percentText) (total \($1.total) \($0.unit))" }
                .joined(separator: ", "))
        lines.append(money("net surplus", a.netSurplus, a.loss > .zero ? "a loss: charged by the bylaws' rule (\(a.rules.lossPolicy.rawValue))" : ""))
        lines.append(money("non-patronage income", a.nonPatronageIncome, "not allocated"))
        if a.carriedLossIn > .zero { lines.append(money("carried loss in", a.carriedLossIn, "offset against this year: \(a.carriedLossOffset)")) }
        lines.append(
            money(
                "reserve", a.reserve,
                "\(a.rules.reserve.percentText) of \(a.distributable)"
                    + (a.belowMinimum > .zero ? " + \(a.belowMinimum) under the minimum" : "")))
        if a.lossToReserve > .zero { lines.append(money("loss charged to reserve", -a.lossToReserve)) }
        if a.lossToCapitalAccounts > .zero { lines.append(money("loss charged to members", -a.lossToCapitalAccounts, "capital accounts, by patronage")) }
        if a.lossCarriedForward > .zero { lines.append(money("loss carried forward", -a.lossCarriedForward, "against future surpluses")) }
        if a.carriedLossOut > .zero { lines.append(money("loss carried to next year", a.carriedLossOut)) }
        if a.loss == .zero { lines.append(money("pool for members", a.pool)) }
        // In a loss year a member's row is a charge to their capital account, not an allocation.
        lines.append(
            "  " + "member".padding(9) + "weight".leftPadded(11) + (a.loss > .zero ? "charge" : "allocation").leftPadded(14)
                + "cash".leftPadded(12) + "retained".leftPadded(12) + "  notice")
        for row in a.members {
            let ppm = weightPPM(row)
            let weight = "\(ppm / 10_000).\(zeroPadded(ppm % 10_000, 4))%"
            lines.append(
                "  " + row.member.description.padding(9) + weight.leftPadded(11) + row.allocation.description.leftPadded(14)
                    + row.cash.description.leftPadded(12) + row.retained.description.leftPadded(12)
                    + "  " + (row.qualified ? "qualified (\(consents[row.member]?.method.rawValue ?? "consent"))" : "non-qualified")
                    + (names[row.member].map { "  " + $0 } ?? ""))
        }
        lines.append(
            "  " + "TOTAL".padding(20) + a.allocated.description.leftPadded(14) + a.cash.description.leftPadded(12)
                + a.retained.description.leftPadded(12))
        lines.append(
            "  reconciles: \(a.reconciles ? "yes" : "NO")  ("
                + (a.loss > .zero
                    ? "loss \(a.loss) = to reserve \(a.lossToReserve) + to members \(a.lossToCapitalAccounts) + carried forward \(a.lossCarriedForward)"
                    : "reserve + allocated = distributable: \(a.reserve) + \(a.allocated) = \(a.distributable)"
                        + "; cash + retained = allocated")
                + ")")
        lines.append("result hash: \(resultHash.hex)")
        if let committed {
            lines.append("committed at entry \(committed.index) on \(committed.date)" + (committed.motion.map { ", approved by \($0)" } ?? ""))
        } else {
            lines.append(
                "approve with: coop motion propose --kind patronage-approval --year \(fiscal.year) --result-hash \(resultHash.hex) --title \"Patronage \(fiscal.year)\""
            )
        }
        return lines
    }
}

extension Ratio {
    /// `60%` when the ratio is a whole or decimal percentage, else the fraction.
    var percentText: String {
        let hundredths = Int128(numerator) * 10_000
        guard hundredths % Int128(denominator) == 0 else { return description }
        let value = hundredths / Int128(denominator)
        return value % 100 == 0 ? "\(value / 100)%" : "\(value / 100).\(zeroPadded(value % 100, 2))%"
    }
}

/// `n` (non-negative) in at least `width` digits: the decimals of a percentage.
func zeroPadded(_ n: Int128, _ width: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
