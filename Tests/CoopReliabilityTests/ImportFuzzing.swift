import CoopImport
import CoopModel

/// What FuzzImport checks on one input, shared with `HostileInputCorpusTests` (this file is
/// linked into the fuzz target too): the first byte picks the columns a treasurer's file must
/// have (a bank export, a member list, patronage measures), the rest is the file's text. Reading
/// it either fails with a `CSVError` naming a reason, or gives a table whose every row has the
/// header's width, in file order; every cell read as an amount or a date gives a value that
/// reads back the same.
enum ImportFuzzing {
    /// (required, optional, other columns allowed), as `coop dues import` (the map's default
    /// names), `coop member import` and `coop patronage import` ask for them.
    static let layouts: [(required: [String], optional: [String], other: Bool)] = [
        (["member", "amount"], ["date", "ref", "method"], true),
        (["name", "pubkey", "class"], ["tier", "dues_amount", "effective"], false),
        (["member", "measure", "quantity", "year"], ["period"], false),
    ]

    /// The problem found, or nil.
    static func check(_ bytes: [UInt8]) -> String? {
        guard let selector = bytes.first else { return nil }
        let layout = layouts[Int(selector) % layouts.count]
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let table: CSVTable
        do {
            table = try CSVTable(text: text, path: "fuzz.csv", required: layout.required, optional: layout.optional, otherColumns: layout.other)
        } catch {
            return error.reason.isEmpty ? "a CSVError without a reason" : nil
        }
        for column in layout.required where !table.header.contains(column) { return "the header lacks the required \(column)" }
        var previous = 1
        for row in table.rows {
            guard row.fields.count == table.header.count else { return "line \(row.line) has \(row.fields.count) fields" }
            guard row.line > previous else { return "line \(row.line) comes after line \(previous)" }
            previous = row.line
            for column in table.header {
                let cell = table.value(column, in: row.fields)
                if let money = ImportMoney.parse(cell), ImportMoney.parse(money.description) != money {
                    return "the amount \(cell) reads as \(money), which reads back otherwise"
                }
                if let date = ImportDate.parse(cell), ImportDate.parse(date.description) != date {
                    return "the date \(cell) reads as \(date), which reads back otherwise"
                }
            }
        }
        return nil
    }

    /// Real files as treasurers hand them over (a bank export with its own columns, a member
    /// list, billing aggregates with a quoted comma and CRLF line ends), each behind its layout.
    static let seeds: [(name: String, bytes: [UInt8])] = [
        (
            "seed-bank-export",
            [0]
                + Array(
                    "\u{FEFF}Date,amount,ref,member,Balance\n08/01/2026,85.00,ACH-0801-1,DUES m1,\"$1,204.50\"\n"
                        .utf8) + Array("08/02/2026,(17.00),ACH-0802-1,m4,\"1,187.50\"\n2026-08-03,$1,ACH-0803-1,m2,\n".utf8)
        ),
        (
            "seed-member-list",
            [1]
                + Array(
                    "name,pubkey,class,tier,dues_amount,effective\nEve Okafor,ed25519:Q6cucUQBdi32a2jCbfvfJoKq7J8kdOykYT5CSg+6/Tw=,therapist,,,\n"
                        .utf8)
                + Array("\"Fay Lin, LCSW\",ed25519:C1E62bSSQBXKCQLtB5BE06xdvsIwbwaUjBDajrbjny0=,staff,sliding,60.00,2026-03-01\n".utf8)
        ),
        (
            "seed-patronage-measures",
            [2]
                + Array("member,measure,quantity,year,period\r\nm1,revenue,125000,2026,2026-Q1\r\nm2,hours,0,2026,\r\nm3,\"revenue\",98000,2026,\r\n".utf8)
        ),
    ]
}
