import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel

/// Prints a JSON value as one canonical line (stable, and easy for scripts to parse).
func printJSON(_ value: JSONValue) throws {
    say(String(decoding: try CanonicalJSON.encode(value), as: UTF8.self))
}

extension MemberRecord {
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(id.description),
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
