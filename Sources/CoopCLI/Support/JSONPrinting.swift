import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel

/// Limits for what the CLI prints: the canonical form, but not the 1 MiB document limit of a
/// ledger entry (output is not a signed document, and `coop log --json` of a large ledger is
/// many megabytes), nor the 64 KiB string limit.
let outputJSONOptions = CanonicalJSONOptions(maxInputSize: .max, maxStringLength: .max)

/// Prints a JSON value as one canonical line (stable, and easy for scripts to parse).
func printJSON(_ value: JSONValue) throws {
    say(String(decoding: try CanonicalJSON.encode(value, options: outputJSONOptions), as: UTF8.self))
}

/// Prints a JSON array as one canonical line, one element at a time: the same bytes as
/// `printJSON(.array(...))` without holding every element (or the whole text) in memory.
func printJSONArray<S: Sequence>(_ elements: S, _ element: (S.Element) throws -> JSONValue) throws {
    let out = CLIContext.current.output
    var separator = "["
    for e in elements {
        let text = String(decoding: try CanonicalJSON.encode(try element(e), options: outputJSONOptions), as: UTF8.self)
        out.write(separator + text)
        separator = ","
    }
    out.write(separator == "[" ? "[]\n" : "]\n")
}

extension MemberRecord {
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "member": .string(id.description),
            "name": .string(name),
            "roles": .array(roles.sorted().map { .string($0.rawValue) }),
            "status": .string(status.rawValue),
            "admitted_at": .integer(Int64(admittedAt)),
            "admitted_on": .string(admittedOn.description),
        ]
        o["key"] = key.map { .string($0.text) } ?? .null
        if let memberClass { o["class"] = .string(memberClass) }
        if let tier { o["tier"] = .string(tier) }
        return .object(o)
    }
}

extension StoredEntry {
    /// The entry with its index, ledger time, hash, signatures and statement (decoded from the
    /// stored bytes).
    func json() throws -> JSONValue {
        let statement = try CanonicalJSON.decode(entry.statementBytes)
        return .object([
            "index": .integer(Int64(index)),
            "ledger_time": .string(entry.ledgerTime.description),
            "hash": .string(entry.hash.hex),
            "signatures": .array(entry.signed.signatures.map { .string($0.base64) }),
            "statement": statement,
        ])
    }

    /// The author, read from the statement.
    var author: String {
        (try? CanonicalJSON.decode(entry.statementBytes))?["author"]?.stringValue ?? "?"
    }
}
