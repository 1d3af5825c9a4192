import CoopImport

/// Reads a CSV file a treasurer supplies (`CSVTable`), failing as the CLI fails on any file it
/// cannot read (exit status and message).
func readCSV(path: String, required: [String], optional: [String] = [], otherColumns: Bool = false) throws -> CSVTable {
    do {
        return try CSVTable(path: path, required: required, optional: optional, otherColumns: otherColumns)
    } catch {
        throw CLIError.unreadable(path: error.path, reason: error.reason)
    }
}
