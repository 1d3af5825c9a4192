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
        case let .object(storage): return .object(storage.resolved)
        case let .array(storage): return .array(storage.elements.map(\.resolved))
        case let .deferred(encoder): return encoder.root?.resolved ?? .object([:])
        }
    }
}

/// An object being filled in by a keyed container: its members in the order they were set (a
/// key set again replaces its value), made a dictionary once, at its final size, when resolved.
final class ObjectStorage {
    private var members: [(key: String, node: EncodingNode)] = []

    func set(_ node: EncodingNode, for key: String) { members.append((key, node)) }

    var resolved: [String: JSONValue] {
        var object = [String: JSONValue](minimumCapacity: members.count)
        for (key, node) in members { object[key] = node.resolved }
        return object
    }
}

/// An array being filled in by an unkeyed container.
final class ArrayStorage {
    var elements: [EncodingNode] = []
}

/// The `Encoder` handed to `encode(to:)` implementations.
///
/// Its coding path is built only when asked for (an error, or an `encode(to:)` that reads it):
/// building it for every nested value, an array and for array elements an `Index n` key each,
/// was a fifth of encoding a state snapshot.
final class TreeEncoder: Encoder {
    let userInfo: [CodingUserInfoKey: Any]
    private let origin: Origin
    /// What this encoder's value has become so far; nil until a container is requested.
    var root: EncodingNode?

    /// Where an encoder sits: under a parent encoder (its containers' nested keys, then the
    /// member's key or element's index), or at a path given whole.
    enum Origin {
        case child(parent: TreeEncoder, nested: [any CodingKey], step: Step)
        case path([any CodingKey])
    }

    /// The last step to an encoder's value.
    enum Step {
        case key(any CodingKey)
        case index(Int)

        var key: any CodingKey {
            switch self {
            case let .key(key): key
            case let .index(index): JSONKey(index: index)
            }
        }
    }

    init(_ origin: Origin, userInfo: [CodingUserInfoKey: Any]) {
        self.origin = origin
        self.userInfo = userInfo
    }

    var codingPath: [any CodingKey] {
        switch origin {
        case let .child(parent, nested, step): parent.codingPath + nested + [step.key]
        case let .path(path): path
        }
    }

    static func encode<T: Encodable>(_ value: T, userInfo: [CodingUserInfoKey: Any]) throws -> JSONValue {
        try TreeEncoder(.path([]), userInfo: userInfo).box(value, nested: [], step: nil).resolved
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let storage: ObjectStorage
        if case let .object(existing)? = root {
            storage = existing
        } else {
            storage = ObjectStorage()
            root = .object(storage)
        }
        return KeyedEncodingContainer(TreeKeyedEncodingContainer(encoder: self, storage: storage, nested: []))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let storage: ArrayStorage
        if case let .array(existing)? = root {
            storage = existing
        } else {
            storage = ArrayStorage()
            root = .array(storage)
        }
        return TreeUnkeyedEncodingContainer(encoder: self, storage: storage, nested: [])
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TreeSingleValueEncodingContainer(encoder: self)
    }

    /// Turns one nested value into a node: this encoder's own value (`step` nil), or the one
    /// at `step` under its containers' `nested` keys. Common leaf types skip the round trip
    /// through a child encoder; everything else (including other integer widths and floats)
    /// gets there through its own `encode(to:)` and the containers' checks.
    func box<T: Encodable>(_ value: T, nested: [any CodingKey], step: Step?) throws -> EncodingNode {
        if T.self == String.self, let string = value as? String { return .value(.string(string)) }
        if T.self == Int.self, let number = value as? Int { return .value(try Self.integer(number, at: path(nested, step))) }
        if T.self == Int64.self, let number = value as? Int64 { return .value(try Self.integer(number, at: path(nested, step))) }
        if T.self == Bool.self, let flag = value as? Bool { return .value(.bool(flag)) }
        if T.self == JSONValue.self, let json = value as? JSONValue { return .value(json) }
        let child = TreeEncoder(step.map { .child(parent: self, nested: nested, step: $0) } ?? .path(path(nested, nil)), userInfo: userInfo)
        try value.encode(to: child)
        // A value that requested no container at all encodes as an empty object, as Foundation's does.
        return child.root ?? .value(.object([:]))
    }

    /// The coding path to `step` under `nested` (for errors).
    func path(_ nested: [any CodingKey], _ step: Step?) -> [any CodingKey] {
        codingPath + nested + (step.map { [$0.key] } ?? [])
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
