import CoopLedger

/// What every CSV import shares: each well-formed row judged as its entry would be, before
/// anything is written, and every wrong row named as FILE:LINE — then all rows or none.
struct RowImport {
    let file: String
    let rowCount: Int
    /// Rows that could not become an entry (a bad value), by line.
    var problems: [(line: Int, text: String)] = []

    /// Adds the ledger's verdict on each row's draft to `problems` (the refusal's reason alone:
    /// the entry index it would have had means nothing to the person importing), then throws,
    /// listing every problem, unless there are none.
    mutating func judge(_ lines: [Int], _ drafts: [Ledger.Draft], on ledger: Ledger, nothingWritten: String) throws {
        for (line, refusal) in zip(lines, try ledger.check(drafts)) {
            if let reason = (refusal as? LedgerError)?.refusal?.reason {
                problems.append((line, reason))
            } else if let refusal {
                problems.append((line, "\(refusal)"))
            }
        }
        guard problems.isEmpty else {
            for p in problems.sorted(by: { $0.line < $1.line }) { warn("\(file):\(p.line): \(p.text)") }
            throw CLIError.invalidArgument("\(problems.count) of \(rowCount) rows are wrong; \(nothingWritten)")
        }
    }
}
