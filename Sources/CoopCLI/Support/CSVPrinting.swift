import CoopExport

/// Prints a table as CSV (RFC 4180, the quoting of every CSV coop writes: `CSV.record`).
func printCSV(header: [String], rows: [[String]]) {
    let out = CLIContext.current.output
    out.write(CSV.record(header))
    for row in rows { out.write(CSV.record(row)) }
}

/// A boolean as every CSV coop writes it.
func csvBool(_ value: Bool) -> String { CSV.bool(value) }
