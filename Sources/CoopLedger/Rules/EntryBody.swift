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
    public func json() throws -> JSONValue {
        try CanonicalJSON.decode(try CanonicalJSONEncoder().encode(self))
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
