import CoopCrypto
import CoopLedger
import Foundation
import GRDB
import Testing

/// A cooperative on the shipped bylaws, driven through the built `coop` as child processes,
/// with `COOP_TIME` stating when each command runs: m1 Ada (founder: secretary, treasurer,
/// board), m2 Ben (therapist, treasurer too: the second officer), m3 Cho (staff), m4 Dev
/// (prescriber). Everyone but Dev paid a year of dues ahead on 2026-01-15.
final class IntegrityCoop {
    let dir: String
    /// When the next command runs (the operator's clock, `COOP_TIME`).
    var time = "2026-01-15T12:00:00Z"

    struct Run {
        let status: Int32
        let output: String
        let errors: String
        var ok: Bool { status == 0 }
        var text: String { output + errors }
    }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-integrity-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard let root = CoopProcess.packageRoot() else { throw CocoaError(.fileNoSuchFile) }
        for who in ["ada", "ben", "cho", "dev", "eve"] { try ok(["key", "new", "--out", path("\(who).key"), "--name", who]) }
        try ok(
            ["init", "--name", "Riverbend", "--bylaws", root + "/Bylaws", "--founder-name", "Ada", "--founder-class", "therapist"]
                + key("ada"))
        for (who, name, cls) in [("ben", "Ben", "therapist"), ("cho", "Cho", "staff"), ("dev", "Dev", "prescriber")] {
            try ok(["member", "admit", "--name", name, "--pubkey", try ok(["key", "show", path("\(who).key")]), "--class", cls] + key("ada"))
        }
        try ok(["member", "role", "grant", "m2", "treasurer"] + key("ada"))
        for (member, amount) in [("m1", "1020.00"), ("m2", "1020.00"), ("m3", "300.00")] {
            try ok(["dues", "pay", member, amount] + key("ada"))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ name: String) -> String { dir + "/" + name }
    func key(_ who: String) -> [String] { ["--key", path("\(who).key")] }
    var ledgerPath: String { path("coop.ledger") }

    /// Runs `coop arguments` at `time` (or `at`), to completion.
    @discardableResult
    func run(_ arguments: [String], at: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let child = try CoopProcess.Child(
            arguments, in: dir, name: "cmd-\(UUID().uuidString)",
            environment: ["COOP_TIME": at ?? time].merging(environment) { _, new in new })
        child.process.waitUntilExit()
        return Run(status: child.process.terminationStatus, output: child.output, errors: child.errors)
    }

    /// Runs a command that must succeed; returns its trimmed output.
    @discardableResult
    func ok(_ arguments: [String], at: String? = nil, environment: [String: String] = [:]) throws -> String {
        let r = try run(arguments, at: at, environment: environment)
        if !r.ok { Issue.record("coop \(arguments.joined(separator: " ")) failed (\(r.status)): \(r.text)") }
        return r.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a command that must fail; returns what it said.
    @discardableResult
    func refused(_ arguments: [String], at: String? = nil, environment: [String: String] = [:]) throws -> String {
        let r = try run(arguments, at: at, environment: environment)
        if r.ok { Issue.record("coop \(arguments.joined(separator: " ")) was accepted: \(r.output)") }
        return r.text
    }

    /// `coop verify --json` (and any extra arguments), parsed.
    func verify(_ extra: [String] = []) throws -> (status: Int32, json: [String: Any]) {
        let r = try run(["verify", "--json"] + extra)
        let json = (try? JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any]) ?? [:]
        return (r.status, json)
    }

    /// The messages of the problems `coop verify --json` reports.
    func problems(_ extra: [String] = []) throws -> [String] {
        let (_, json) = try verify(extra)
        return (json["problems"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    }

    /// Writes `text` to a file in the folder and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    /// Proposes a resolution as Ada; returns its id.
    func propose(_ title: String, extra: [String] = []) throws -> String {
        let text = try write("motion-\(UUID().uuidString).md", "Resolved: \(title).\n")
        return try ok(["motion", "propose", "--kind", "resolution", "--title", title, "--text", text] + extra + key("ada"))
    }

    /// The electorate `coop motion show --json` reports for `motion`.
    func electorate(_ motion: String) throws -> [String] {
        let shown = try ok(["motion", "show", motion, "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any]
        let opening = (json?["motion"] as? [String: Any])?["opening"] as? [String: Any]
        return opening?["electorate"] as? [String] ?? []
    }

    /// Runs `edit` on the ledger file with the append-only triggers dropped: an insider.
    func editFile(_ edit: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: ledgerPath)
        try queue.write { db in
            for table in ["entries", "nodes", "checkpoints", "snapshots", "meta"] {
                for op in ["update", "delete"] { try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_no_\(op)") }
            }
            try edit(db)
        }
        try queue.close()
    }
}
