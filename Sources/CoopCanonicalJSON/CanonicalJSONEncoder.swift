/// Encodes `Encodable` values to canonical JSON through a real `Encoder` over `JSONValue`.
///
/// Integers of every width map to `.integer` when inside −(2^53−1) … 2^53−1 and throw otherwise;
/// `Double` and `Float` always throw (so does anything encoding through them, such as `Date`).
/// Keys are the `CodingKey` string values exactly as written, with no conversion. `nil`
/// optionals are omitted by the synthesized `encodeIfPresent`, as usual in Swift.
public struct CanonicalJSONEncoder: Sendable {
    /// Limits the output must respect.
    public var options: CanonicalJSONOptions
    /// Handed to `encode(to:)` implementations as `encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// An encoder with the given limits and user info.
    public init(options: CanonicalJSONOptions = .default, userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.options = options
        self.userInfo = userInfo
    }

    /// The canonical bytes of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try CanonicalJSON.encode(try encodeValue(value), options: options)
    }

    /// The `JSONValue` tree of `value`, before the profile's string and key checks.
    public func encodeValue<T: Encodable>(_ value: T) throws -> JSONValue {
        try TreeEncoder.encode(value, userInfo: userInfo.isEmpty ? [:] : userInfo.mapValues { $0 as Any })
    }
}

extension JSONValue {
    /// Encodes `value` into a tree through the Codable bridge (see `CanonicalJSONEncoder`).
    ///
    /// Integer ranges and floats are checked here; string and key checks happen when the tree
    /// is encoded to bytes.
    public init(encoding value: some Encodable, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws {
        self = try CanonicalJSONEncoder(userInfo: userInfo).encodeValue(value)
    }
}

/// A value under construction. Containers are references so that a container handed out by
/// `container(keyedBy:)` keeps writing into the tree after it is returned.
enum EncodingNode {
    case value(JSONValue)
    case object(ObjectStorage)
    case array(ArrayStorage)
    /// A `superEncoder()` whose value is only known once its user has finished with it.
    case deferred(TreeEncoder)

    /// The finished value.
    var resolved: JSONValue {
        switch self {
        case let .value(value): return value
        case let .object(storage): return .object(storage.members.mapValues(\.resolved))
        case let .array(storage): return .array(storage.elements.map(\.resolved))
        case let .deferred(encoder): return encoder.root?.resolved ?? .object([:])
        }
    }
}

/// An object being filled in by a keyed container.
final class ObjectStorage {
    var members: [String: EncodingNode] = [:]
}

/// An array being filled in by an unkeyed container.
final class ArrayStorage {
    var elements: [EncodingNode] = []
}

/// The `Encoder` handed to `encode(to:)` implementations.
final class TreeEncoder: Encoder {
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]
    /// What this encoder's value has become so far; nil until a container is requested.
    var root: EncodingNode?

    init(codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    static func encode<T: Encodable>(_ value: T, userInfo: [CodingUserInfoKey: Any]) throws -> JSONValue {
        try TreeEncoder(codingPath: [], userInfo: userInfo).box(value, at: []).resolved
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let storage: ObjectStorage
        if case let .object(existing)? = root {
            storage = existing
        } else {
            storage = ObjectStorage()
            root = .object(storage)
        }
        return KeyedEncodingContainer(TreeKeyedEncodingContainer(encoder: self, storage: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let storage: ArrayStorage
        if case let .array(existing)? = root {
            storage = existing
        } else {
            storage = ArrayStorage()
            root = .array(storage)
        }
        return TreeUnkeyedEncodingContainer(encoder: self, storage: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TreeSingleValueEncodingContainer(encoder: self)
    }

    /// Turns one nested value into a node. Common leaf types skip the round trip through a
    /// child encoder; everything else (including other integer widths and floats) gets there
    /// through its own `encode(to:)` and the containers' checks.
    func box<T: Encodable>(_ value: T, at path: @autoclosure () -> [any CodingKey]) throws -> EncodingNode {
        if T.self == String.self, let string = value as? String { return .value(.string(string)) }
        if T.self == Int.self, let number = value as? Int { return .value(try Self.integer(number, at: path())) }
        if T.self == Int64.self, let number = value as? Int64 { return .value(try Self.integer(number, at: path())) }
        if T.self == Bool.self, let flag = value as? Bool { return .value(.bool(flag)) }
        if T.self == JSONValue.self, let json = value as? JSONValue { return .value(json) }
        let child = TreeEncoder(codingPath: path(), userInfo: userInfo)
        try value.encode(to: child)
        // A value that requested no container at all encodes as an empty object, as Foundation's does.
        return child.root ?? .value(.object([:]))
    }

    /// `.integer(value)` if it is inside the profile's range.
    static func integer<I: BinaryInteger>(
        _ value: I, at path: @autoclosure () -> [any CodingKey]
    ) throws(CanonicalJSONError) -> JSONValue {
        guard let number = Int64(exactly: value), CanonicalJSON.integerRange.contains(number) else {
            throw .invalidValue(path: JSONPath.render(path()), violation: .integerOutOfRange)
        }
        return .integer(number)
    }

    /// The error for any floating-point value.
    static func floatError(at path: [any CodingKey]) -> CanonicalJSONError {
        .invalidValue(path: JSONPath.render(path), violation: .floatNotAllowed)
    }
}
