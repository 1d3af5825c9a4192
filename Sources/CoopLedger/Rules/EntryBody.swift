import CoopCanonicalJSON

/// The typed body of an entry: a `Codable` value whose coding keys are exactly the fields its
/// entry types allow. The CLI, the handlers, the tests and the server build and read the same
/// values; the allowed fields come from the type, never from a list kept apart.
public protocol EntryBody: Codable, Sendable, Equatable {
    /// Every field this body may carry (its coding keys' names).
    static var fields: Set<String> { get }
}

/// A body that belongs to exactly one entry type.
public protocol SingleTypeBody: EntryBody {
    static var entryType: EntryType { get }
}

extension EntryBody {
    /// The body as the JSON object a statement carries.
    ///
    /// The tree is encoded to bytes only for the profile's string and key checks: a tree those
    /// accept reads back from its bytes as itself, so it is not parsed back (a parse for every
    /// entry built, on the caller's thread).
    public func json() throws -> JSONValue {
        let tree = try CanonicalJSONEncoder().encodeValue(self)
        _ = try CanonicalJSON.encode(tree)
        return tree
    }
}

extension DecodedEntry {
    /// Decodes the body into `B`, refusing fields `B` does not have (a typo must not be ignored).
    public func body<B: EntryBody>(_ type: B.Type) throws -> B {
        try body(B.self, allowed: B.fields)
    }
}

/// The names of a `CaseIterable` coding-key enum's cases: what `EntryBody.fields` returns.
func fieldNames<K: CodingKey & CaseIterable>(_: K.Type) -> Set<String> {
    Set(K.allCases.map(\.stringValue))
}
