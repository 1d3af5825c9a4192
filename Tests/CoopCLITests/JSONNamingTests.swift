import CoopCanonicalJSON
import CoopModel
import Foundation
import Testing

/// One naming rule for every `--json` output: snake_case keys, amounts in cents named
/// `…_cents`, a member's id under `member`.
@Suite struct JSONNamingTests {
    /// Every object key in `value`, with its path.
    static func keys(_ value: JSONValue, path: String = "$") -> [(path: String, key: String, value: JSONValue)] {
        switch value {
        case let .object(members):
            return members.flatMap { key, child in [(path, key, child)] + keys(child, path: path + "." + key) }
        case let .array(items):
            return items.enumerated().flatMap { i, child in keys(child, path: path + "[\(i)]") }
        default:
            return []
        }
    }

    /// Objects whose keys are data, not field names: signed entry statements (their format is
    /// FORMAT.md's), and the bylaws' maps keyed by motion kind or entry type.
    static func isData(_ path: String) -> Bool {
        path.contains(".statement") || path.hasPrefix("$.rules.governance") || path.hasPrefix("$.rules.controls")
    }

    @Test func everyReportNamesItsFieldsOneWay() throws {
        let cli = try MembershipBooksCommandTests().founded()
        let ada = ["--key", cli.path("ada.key")]
        try cli.ok(["dues", "pay", "m2", "17.00"] + ada)
        try cli.ok(["equity", "share", "m2", "100.00"] + ada)
        try "Resolved: buy a printer.\n".write(toFile: cli.path("printer.md"), atomically: true, encoding: .utf8)
        let motion = try cli.ok(["motion", "propose", "--kind", "resolution", "--title", "Buy a printer", "--text", cli.path("printer.md")] + ada)
        cli.now = try #require(Timestamp("2026-01-26T09:00:00Z"))  // after the bylaws' notice
        try cli.ok(["motion", "open", motion] + ada)
        try cli.ok(["vote", motion, "yes"] + ada)
        try cli.ok(["checkpoint"])
        let commands: [[String]] = [
            ["status"], ["me"] + ada, ["member", "list"], ["member", "show", "m2"], ["dues", "status"], ["dues", "statement", "m2"],
            ["equity", "show", "m2"], ["equity", "register"], ["motion", "list"], ["motion", "show", motion], ["motion", "tally", motion],
            ["bylaws", "show"], ["log"], ["verify"], ["patronage", "status", "2026"],
        ]
        var problems: [String] = []
        for command in commands {
            let result = cli.run(command + ["--json"])
            guard result.error == nil else {
                problems.append("\(command.joined(separator: " ")): \(result.error.map { "\($0)" } ?? "")")
                continue
            }
            let value = try CanonicalJSON.decode(Array(result.output.utf8))
            for (path, key, child) in Self.keys(value) where !Self.isData(path) {
                let location = "\(command.joined(separator: " ")) \(path).\(key)"
                if key.contains(where: { !($0.isLowercase || $0.isNumber || $0 == "_") }) { problems.append("\(location): not snake_case") }
                if ["amount", "balance", "total", "charged", "credited", "reserve"].contains(key), case .integer = child {
                    problems.append("\(location): an amount in cents is named …_cents")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // A member is named by `member` in every report, lists included.
        let listed = try CanonicalJSON.decode(Array(try cli.ok(["member", "list", "--json"]).utf8))
        #expect(listed.arrayValue?.first?["member"] == .string("m1"))
        // member show --json carries what its text shows: dues, equity, entries, history.
        let ben = try CanonicalJSON.decode(Array(try cli.ok(["member", "show", "m2", "--json"]).utf8))
        #expect(ben["equity_total_cents"] == .integer(10_000))
        #expect(ben["dues"]?["paid_through"] != nil && ben["dues"]?["good_standing"] != nil, "\(ben)")
        #expect(ben["history"] == .array([]) && ben["entries"] == .integer(0), "\(ben)")  // Ada signed everything here
        // Capital-account components have one shape in every report.
        let shown = try CanonicalJSON.decode(Array(try cli.ok(["equity", "show", "m2", "--json"]).utf8))
        let register = try CanonicalJSON.decode(Array(try cli.ok(["equity", "register", "--json"]).utf8))
        let registered = register["members"]?.arrayValue?.first { $0["member"] == .string("m2") }
        #expect(shown["components"] != nil && shown["components"] == registered?["components"], "\(shown) \(register)")
    }
}
