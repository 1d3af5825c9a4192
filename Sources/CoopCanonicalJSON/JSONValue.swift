/// A JSON value inside the coop canonical profile: no floating point, integers only.
///
/// Equality is Swift's: `.string` payloads compare by canonical equivalence, as `String` does.
/// The profile only admits NFC strings, so two decoded or encodable strings are equal exactly
/// when their bytes are.
///
/// `array` and `object` already store their elements out of line, so the enum needs no
/// `indirect` boxes; leaving it off saves a heap allocation per scalar value.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer; canonical JSON only admits −(2^53−1) … 2^53−1 (`CanonicalJSON.integerRange`).
    case integer(Int64)
    /// A string; canonical JSON only admits NFC text.
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// Members by key. Order is irrelevant: the canonical form sorts keys. Canonical JSON only
    /// admits printable ASCII keys (0x20–0x7E).
    case object([String: JSONValue])
}

extension JSONValue {
    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` of an array; nil when out of bounds or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case let .array(elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The payload of `.string`, else nil.
    public var stringValue: String? {
        guard case let .string(value) = self else { return nil }
        return value
    }

    /// The payload of `.integer`, else nil.
    public var intValue: Int64? {
        guard case let .integer(value) = self else { return nil }
        return value
    }

    /// The payload of `.bool`, else nil.
    public var boolValue: Bool? {
        guard case let .bool(value) = self else { return nil }
        return value
    }

    /// The payload of `.array`, else nil.
    public var arrayValue: [JSONValue]? {
        guard case let .array(value) = self else { return nil }
        return value
    }

    /// The payload of `.object`, else nil.
    public var objectValue: [String: JSONValue]? {
        guard case let .object(value) = self else { return nil }
        return value
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text for logs and messages.
    ///
    /// Canonical for values inside the profile; values outside it are rendered anyway (keys in
    /// UTF-16 order, as RFC 8785 sorts them) rather than rejected. Use `CanonicalJSON.encode`
    /// for bytes that must be canonical.
    public var description: String {
        var serializer = CanonicalJSONSerializer(options: .default, capacity: 64, validating: false)
        serializer.writeUnchecked(self)
        return String(decoding: serializer.output, as: UTF8.self)
    }
}
