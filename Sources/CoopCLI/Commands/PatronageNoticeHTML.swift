import CoopLedger
import CoopModel
import CoopPatronage

extension PatronageNotice {
    /// The notice as a self-contained page a member can read, print or keep: no scripts, no
    /// external files, every piece of text escaped (names are typed by people).
    var html: String {
        let title = "Written notice of allocation, fiscal year \(fiscalYear)"
        var body = """
            <h1>\(title.htmlEscaped)</h1>
            <p class="coop">\(cooperative.htmlEscaped)</p>
            <table>
            \(row("Member", "\(member) \(name)"))
            \(row("Fiscal year", "\(fiscalYear) (\(start) to \(end))"))
            \(row(isLossCharge ? "Loss charged" : "Patronage dividend allocated", money(allocation)))
            \(row("Notice", isLossCharge ? "Loss charge" : qualified ? "Qualified" : "Non-qualified"))
            </table>
            <h2>How it was computed</h2>
            <table class="factors">
            <tr><th>Measure</th><th>Unit</th><th>Your quantity</th><th>Total of all members</th><th>Weight</th><th>Your portion</th></tr>

            """
        for f in factors {
            body +=
                "<tr>"
                + [f.measure, f.unit, "\(f.quantity)", "\(f.measureTotal)", f.weight.percentText, money(f.portion)]
                .map { "<td>\($0.htmlEscaped)</td>" }.joined() + "</tr>\n"
        }
        body += """
            <tr class="total"><td colspan="5">Total</td><td>\(money(allocation).htmlEscaped)</td></tr>
            </table>
            <h2>How it is paid</h2>
            <table>
            \(row("Paid in cash", money(cash)))
            \(row("Retained in your capital account", money(retained)))
            \(row("Payment period ends (cash paid by then)", "\(paymentPeriodEnd)"))
            </table>
            <h2>Tax treatment</h2>
            <p>\(taxSentence.htmlEscaped)</p>
            <h2>Ledger references</h2>
            <table>
            \(row("Rules version (bylaws)", rulesVersion))
            \(row("Result hash", resultHash))
            \(row("Committed at ledger entry", "\(commitEntry)"))
            </table>

            """
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(title.htmlEscaped) \u{2014} \(member.description.htmlEscaped)</title>
            <style>
            body { font-family: sans-serif; max-width: 48em; margin: 2em auto; color: #111; }
            table { border-collapse: collapse; margin: 0.5em 0; }
            th, td { border: 1px solid #999; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            td:nth-child(n+2) { font-variant-numeric: tabular-nums; }
            tr.total td { font-weight: bold; }
            .coop { font-size: 1.2em; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// What the member is told about income tax: the sentence that differs between a qualified
    /// notice, a non-qualified one and a loss charge.
    var taxSentence: String {
        if isLossCharge {
            return "This notice charges your share of the fiscal year's patronage loss, \(money(-allocation)), to your capital account. "
                + "Nothing is paid to you and there is no patronage dividend to report for this year."
        }
        if qualified, let consent {
            let how =
                consent.source != nil
                ? "by membership: bylaw consent, \(consent.provision ?? "of the bylaws"), adopted \(consent.adopted?.description ?? consent.date.description), "
                    + "in force for you from \(consent.date) (ledger entry \(consent.entry))"
                : "\(consent.method.rawValue) consent given on \(consent.date), recorded at ledger entry \(consent.entry)"
            return "This is a qualified written notice of allocation: you consented (\(how)) to take the whole allocation into income, "
                + "so both the cash part and the retained part count as patronage dividends in the year you receive this notice."
        }
        return "This is a non-qualified written notice of allocation: the cash part is income in the year it is paid, but the retained part "
            + "(\(money(retained))) is not taxed to you now; it is taxed when the cooperative redeems it (pays it out to you)."
    }

    private func row(_ label: String, _ value: String) -> String {
        "<tr><th>\(label.htmlEscaped)</th><td>\(value.htmlEscaped)</td></tr>"
    }

    private func money(_ amount: Money) -> String { amount.dollars }
}

extension String {
    /// The text safe anywhere in HTML element content or a quoted attribute value.
    var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for c in unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
