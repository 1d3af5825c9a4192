import Foundation

/// Why a CSV file cannot be read as the table asked for: the file and a reason a person can
/// act on (line numbers included).
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot read \(path): \(reason)" }
}

/// A CSV file (RFC 4180) read into a header and rows, for the files treasurers supply (bank
/// exports, member lists, patronage measures, tax ids). Quoted fields may hold commas, quotes
/// (doubled) and line breaks; CRLF and LF line ends are both accepted; a UTF-8 byte order mark
/// is skipped.
public struct CSVTable: Sendable {
    public let path: String
    public let header: [String]
    /// Each data row with its 1-based line number in the file (for error messages).
    public let rows: [(line: Int, fields: [String])]

    /// Reads `path`, requiring exactly the columns `required` (in any order) plus any of `optional`
    /// (and, with `otherColumns`, any others: a bank's export has many the import ignores).
    public init(path: String, required: [String], optional: [String] = [], otherColumns: Bool = false) throws(CSVError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CSVError(path: path, reason: "no such file, or it is not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CSVError(path: path, reason: "it is not UTF-8 text")
        }
        try self.init(text: text, path: path, required: required, optional: optional, otherColumns: otherColumns)
    }

    /// Reads `text` as the file `path` would be read (the path names it in errors).
    public init(text: String, path: String, required: [String], optional: [String] = [], otherColumns: Bool = false) throws(CSVError) {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var records = try Self.parse(text, path: path)
        guard !records.isEmpty else { throw CSVError(path: path, reason: "it is empty: the first line names the columns") }
        let header = records.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let missing = required.filter { !header.contains($0) }
        let unknown = otherColumns ? [] : header.filter { !required.contains($0) && !optional.contains($0) }
        guard missing.isEmpty, unknown.isEmpty, Set(header).count == header.count else {
            throw CSVError(
                path: path,
                reason: "the first line must name the columns \((required + optional.map { "[\($0)]" }).joined(separator: ","))"
                    + (missing.isEmpty ? "" : "; missing: \(missing.joined(separator: ", "))")
                    + (unknown.isEmpty ? "" : "; unknown: \(unknown.joined(separator: ", "))"))
        }
        for record in records where record.fields.count != header.count {
            throw CSVError(path: path, reason: "line \(record.line) has \(record.fields.count) fields, not \(header.count)")
        }
        self.path = path
        self.header = header
        rows = records
    }

    /// The value of `column` in `row` (empty when the column is optional and absent).
    public func value(_ column: String, in row: [String]) -> String {
        header.firstIndex(of: column).map { row[$0] } ?? ""
    }

    /// Splits `text` into records; blank lines are skipped.
    private static func parse(_ text: String, path: String) throws(CSVError) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var line = 1, recordLine = 1
        var scalars = Array(text.unicodeScalars)[...]
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            wasQuoted = false
        }
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" {
                        scalars.removeFirst()
                        field.unicodeScalars.append(c)
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !wasQuoted else {
                    throw CSVError(path: path, reason: "line \(line): a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                quoted = true
                wasQuoted = true
            case ",":
                fields.append(field)
                field = ""
                wasQuoted = false
            case "\r" where scalars.first == "\n":
                break
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                guard !wasQuoted else {
                    throw CSVError(path: path, reason: "line \(line): text after a closing quote")
                }
                field.unicodeScalars.append(c)
            }
        }
        guard !quoted else { throw CSVError(path: path, reason: "line \(recordLine): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
