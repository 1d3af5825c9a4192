import CoopLedger
import CoopModel
import Foundation

/// One table of a CSV export: its file name and its RFC 4180 text.
public struct BooksCSVFile: Sendable, Equatable {
    public let name: String
    public let text: String
}

extension BooksExport {
    /// The CSV tables, in the order a reader would open them:
    ///
    /// - `members.csv`: id,name,class,tier,status,admitted_on,good_standing
    /// - `dues.csv`: every payment, waiver and refund (amounts as recorded, positive), from `since`
    /// - `dues_status.csv`: each member's dues position at the end of `month`
    /// - `equity.csv`: every capital-account and reserve movement (signed: + adds to the account),
    ///   from `since`
    /// - `equity_register.csv`: kind,member,component,balance: `member` rows (one per member and
    ///   component: their sum is the members' capital accounts), one `reserve` row and one `total`
    ///   row equal to Σ capital accounts + reserve (`Registers.totalEquity`); sum the rows of one
    ///   kind, never the whole column
    ///
    /// Amounts are dollars with two decimals and no `$` (`17.00`, `-500.00`) so spreadsheets
    /// read them as numbers; booleans are `true`/`false`; empty fields mean "none".
    public var csvFiles: [BooksCSVFile] {
        [membersCSV, duesCSV, duesStatusCSV, equityCSV, equityRegisterCSV]
    }

    /// Writes `csvFiles` into `dir`, which must be new or empty: an export mixed with older files
    /// could be mistaken for one consistent moment. With `replacing`, a folder holding only an
    /// earlier export's files (the same names) is overwritten.
    public func writeCSV(to dir: String, replacing: Bool = false) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: dir, isDirectory: &isFolder) {
            let names = Set(csvFiles.map(\.name))
            let held = (try? fm.contentsOfDirectory(atPath: dir)) ?? ["?"]
            guard isFolder.boolValue, held.isEmpty || (replacing && held.allSatisfy(names.contains)) else {
                throw BooksExportError.folderNotEmpty(path: dir)
            }
        }
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw BooksExportError.cannotWrite(path: dir, reason: error.localizedDescription)
        }
        for file in csvFiles {
            let path = (dir as NSString).appendingPathComponent(file.name)
            do {
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw BooksExportError.cannotWrite(path: path, reason: error.localizedDescription)
            }
        }
    }

    var membersCSV: BooksCSVFile {
        let rows = memberIDs.compactMap { state.members[$0] }.map { m in
            [
                m.id.description, m.name, m.memberClass ?? "", m.tier ?? "", m.status.rawValue,
                m.admittedOn.description, CSV.bool(state.inGoodStanding(m.id, asOf: month)),
            ]
        }
        return CSV.file("members.csv", header: ["id", "name", "class", "tier", "status", "admitted_on", "good_standing"], rows: rows)
    }

    var duesCSV: BooksCSVFile {
        let movements = duesMembers.flatMap { id in (state.registers.dues[id]?.movements ?? []).map { (id, $0) } }
            .filter { item in since.map { item.1.date >= $0 } ?? true }
            .sorted { $0.1.index < $1.1.index }
        let rows = movements.map { id, m in
            [
                m.date.description, String(m.index), id.description, m.kind.rawValue, m.amount.description,
                m.period?.description ?? "", m.method ?? "", m.reference ?? "", m.reason ?? "",
            ]
        }
        return CSV.file("dues.csv", header: ["date", "entry", "member", "kind", "amount", "period", "method", "reference", "reason"], rows: rows)
    }

    var duesStatusCSV: BooksCSVFile {
        let rows = duesMembers.compactMap(duesPosition).map { p in
            [
                p.member.description, p.paidThrough?.description ?? "", p.charged.description, p.credited.description,
                p.balance.description, String(p.monthsInArrears), CSV.bool(p.goodStanding),
            ]
        }
        return CSV.file(
            "dues_status.csv", header: ["member", "paid_through", "charged", "credited", "balance", "months_in_arrears", "good_standing"], rows: rows)
    }

    var equityCSV: BooksCSVFile {
        let rows = equityMovements.filter { item in since.map { item.movement.date >= $0 } ?? true }.map { holder, m in
            [
                m.date.description, String(m.index), holder?.description ?? Self.reserveLabel, m.component.accountName, m.kind.rawValue,
                m.amount.description, m.note ?? "",
            ]
        }
        return CSV.file("equity.csv", header: ["date", "entry", "member", "component", "kind", "amount", "memo"], rows: rows)
    }

    var equityRegisterCSV: BooksCSVFile {
        var rows: [[String]] = []
        for id in equityMembers {
            for (component, balance) in state.registers.equity[id]?.components ?? [] {
                rows.append(["member", id.description, component.accountName, balance.description])
            }
        }
        rows.append([Self.reserveLabel, "", "", state.registers.reserve.balance.description])
        rows.append(["total", "", "", state.registers.totalEquity.description])
        return CSV.file("equity_register.csv", header: ["kind", "member", "component", "balance"], rows: rows)
    }

    /// Every equity movement with its holder (a member, or nil for the collective reserve), in
    /// entry order; within one entry, members in id order and the reserve last.
    var equityMovements: [(holder: MemberID?, movement: EquityMovement)] {
        let members = equityMembers.flatMap { id in
            (state.registers.equity[id]?.movements ?? []).map { (holder: Optional(id), movement: $0) }
        }
        let reserve = state.registers.reserve.movements.map { (holder: MemberID?.none, movement: $0) }
        // Enumerated so that the order within one entry is the order above (sort is not stable).
        return Array(
            (members + reserve).enumerated()
                .sorted { ($0.element.movement.index, $0.offset) < ($1.element.movement.index, $1.offset) }
                .map(\.element))
    }
}

/// RFC 4180 text: CRLF after every record, fields quoted when they hold a comma, a double quote,
/// CR or LF, and quotes inside quoted fields doubled. Public so that every CSV coop writes (the
/// books here, 1099-PATR data in the CLI) quotes the same way.
///
/// A cell a spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return: OWASP's CSV injection) is written with a leading `'`, so a member's name such
/// as `=HYPERLINK(...)` shows as text. Numbers coop writes itself (`-12.50`, `-1250`) are left as
/// numbers.
public enum CSV {
    static func file(_ name: String, header: [String], rows: [[String]]) -> BooksCSVFile {
        BooksCSVFile(name: name, text: ([header] + rows).map(record).joined())
    }

    /// A boolean as every CSV coop writes it: `true` or `false`.
    public static func bool(_ value: Bool) -> String { value ? "true" : "false" }

    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    public static func field(_ text: String) -> String {
        let text = neutralized(text)
        let special = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` with a leading `'` when a spreadsheet would read it as a formula.
    public static func neutralized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return isNumber(text) ? text : "'" + text
    }

    /// A plain decimal number: `-` optional, digits, optionally `.` and digits.
    static func isNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
