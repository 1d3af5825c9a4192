/// Decodes `Decodable` values from canonical JSON through a real `Decoder` over `JSONValue`.
///
/// Integer types accept `.integer` values that fit them; `Double` and `Float` always throw (the
/// profile has no floating point). A missing key decodes as nil for optionals (through
/// `decodeIfPresent`) and throws `missingKey` otherwise. Keys are matched exactly as the
/// `CodingKey` string values are written.
public struct CanonicalJSONDecoder: Sendable {
    /// Limits for reading bytes.
    public var options: CanonicalJSONOptions
    /// When true (the default), `decode(_:from:)` on bytes uses `CanonicalJSON.decodeCanonical`
    /// and rejects anything but the canonical form; when false it uses `CanonicalJSON.decode`.
    public var requiresCanonicalInput: Bool
    /// Handed to `init(from:)` implementations as `decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]
    /// When true, a keyed container below the top level throws `unknownKey` for a member its
    /// `CodingKey` type does not name (dictionaries, whose keys take any string, are unaffected).
    /// The top level is left to the caller, who may allow more fields than one type decodes; a
    /// typo nested in a signed document must not be read as if it were absent.
    public var refusesUnknownNestedKeys: Bool

    /// A decoder with the given limits, strictness and user info.
    public init(
        options: CanonicalJSONOptions = .default, requiresCanonicalInput: Bool = true,
        userInfo: [CodingUserInfoKey: any Sendable] = [:], refusesUnknownNestedKeys: Bool = false
    ) {
        self.options = options
        self.requiresCanonicalInput = requiresCanonicalInput
        self.userInfo = userInfo
        self.refusesUnknownNestedKeys = refusesUnknownNestedKeys
    }

    /// Parses `bytes` (see `requiresCanonicalInput`) and decodes a `T` from them.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value =
            requiresCanonicalInput
            ? try CanonicalJSON.decodeCanonical(bytes, options: options)
            : try CanonicalJSON.decode(bytes, options: options)
        return try decode(type, from: value)
    }

    /// Decodes a `T` from an already parsed value.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        let decoder = TreeDecoder(
            value: value, codingPath: [], userInfo: userInfo.isEmpty ? [:] : userInfo.mapValues { $0 as Any },
            refusesUnknownNestedKeys: refusesUnknownNestedKeys)
        return try decoder.unbox(value, as: type, at: [])
    }
}

/// The `Decoder` handed to `init(from:)` implementations: a view of one `JSONValue`.
struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]
    /// See `CanonicalJSONDecoder.refusesUnknownNestedKeys`.
    var refusesUnknownNestedKeys = false

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .object(members) = value else {
            throw CanonicalJSONError.typeMismatch(path: JSONPath.render(codingPath), expected: "an object")
        }
        if refusesUnknownNestedKeys, !codingPath.isEmpty,
            let unknown = members.keys.sorted().first(where: { Key(stringValue: $0) == nil })
        {
            throw CanonicalJSONError.unknownKey(path: JSONPath.render(codingPath), key: unknown)
        }
        return KeyedDecodingContainer(TreeKeyedDecodingContainer<Key>(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .array(elements) = value else {
            throw CanonicalJSONError.typeMismatch(path: JSONPath.render(codingPath), expected: "an array")
        }
        return TreeUnkeyedDecodingContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        TreeSingleValueDecodingContainer(decoder: self)
    }

    /// Decodes a nested `T` from `value` found at `path`.
    func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, at path: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self, let json = value as? T { return json }
        return try T(from: child(value, at: path))
    }

    /// A decoder for `value` at `path`, with this one's user info and strictness.
    func child(_ value: JSONValue, at path: [any CodingKey]) -> TreeDecoder {
        TreeDecoder(value: value, codingPath: path, userInfo: userInfo, refusesUnknownNestedKeys: refusesUnknownNestedKeys)
    }
}

/// Conversions from `JSONValue` to the primitive types every container offers.
enum Unbox {
    static func string(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws(CanonicalJSONError) -> String {
        guard case let .string(string) = value else { throw mismatch(path(), expected: "a string") }
        return string
    }

    static func bool(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws(CanonicalJSONError) -> Bool {
        guard case let .bool(flag) = value else { throw mismatch(path(), expected: "a boolean") }
        return flag
    }

    static func integer<I: FixedWidthInteger>(
        _ value: JSONValue, as type: I.Type, at path: @autoclosure () -> [any CodingKey]
    ) throws(CanonicalJSONError) -> I {
        guard case let .integer(number) = value else { throw mismatch(path(), expected: "an integer") }
        guard let result = I(exactly: number) else {
            throw .integerOverflow(path: JSONPath.render(path()), type: String(describing: I.self))
        }
        return result
    }

    /// The error for any floating-point type: the profile has none.
    static func floatError(at path: [any CodingKey]) -> CanonicalJSONError {
        .invalidValue(path: JSONPath.render(path), violation: .floatNotAllowed)
    }

    private static func mismatch(_ path: [any CodingKey], expected: String) -> CanonicalJSONError {
        .typeMismatch(path: JSONPath.render(path), expected: expected)
    }
}
