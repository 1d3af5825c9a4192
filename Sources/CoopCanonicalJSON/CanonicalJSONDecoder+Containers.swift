/// The keyed, unkeyed and single-value containers of `TreeDecoder`.
struct TreeKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TreeDecoder
    let members: [String: JSONValue]

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func value(for key: Key) throws(CanonicalJSONError) -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw .missingKey(path: JSONPath.render(codingPath), key: key.stringValue)
        }
        return value
    }

    private func integer<I: FixedWidthInteger>(_ key: Key) throws -> I {
        try Unbox.integer(value(for: key), as: I.self, at: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(for: key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Unbox.bool(value(for: key), at: codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try Unbox.string(value(for: key), at: codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw Unbox.floatError(at: codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw Unbox.floatError(at: codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.unbox(value(for: key), as: type, at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try child(for: key, value: value(for: key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(for: key, value: value(for: key)).unkeyedContainer()
    }

    /// A decoder for the member `super`, or for `null` when there is none (as Foundation does).
    func superDecoder() throws -> any Decoder { child(for: JSONKey.super, value: members[JSONKey.super.stringValue] ?? .null) }
    func superDecoder(forKey key: Key) throws -> any Decoder { child(for: key, value: members[key.stringValue] ?? .null) }

    private func child(for key: any CodingKey, value: JSONValue) -> TreeDecoder {
        decoder.child(value, at: codingPath + [key])
    }
}

struct TreeUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: TreeDecoder
    let elements: [JSONValue]
    private(set) var currentIndex = 0

    init(decoder: TreeDecoder, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var currentPath: [any CodingKey] { codingPath + [JSONKey(index: currentIndex)] }

    /// The next element, advancing past it.
    private mutating func next() throws(CanonicalJSONError) -> JSONValue {
        guard !isAtEnd else { throw .arrayTooShort(path: JSONPath.render(codingPath), count: elements.count) }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    private mutating func integer<I: FixedWidthInteger>() throws -> I {
        let path = currentPath
        return try Unbox.integer(next(), as: I.self, at: path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw CanonicalJSONError.arrayTooShort(path: JSONPath.render(codingPath), count: elements.count) }
        guard elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let path = currentPath
        return try Unbox.bool(next(), at: path)
    }
    mutating func decode(_ type: String.Type) throws -> String {
        let path = currentPath
        return try Unbox.string(next(), at: path)
    }
    mutating func decode(_ type: Double.Type) throws -> Double { throw Unbox.floatError(at: currentPath) }
    mutating func decode(_ type: Float.Type) throws -> Float { throw Unbox.floatError(at: currentPath) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = currentPath
        return try decoder.unbox(next(), as: type, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try nextDecoder() }

    private mutating func nextDecoder() throws(CanonicalJSONError) -> TreeDecoder {
        let path = currentPath
        return decoder.child(try next(), at: path)
    }
}

struct TreeSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: TreeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    private var value: JSONValue { decoder.value }

    private func integer<I: FixedWidthInteger>() throws -> I { try Unbox.integer(value, as: I.self, at: codingPath) }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try Unbox.bool(value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try Unbox.string(value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { throw Unbox.floatError(at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { throw Unbox.floatError(at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.unbox(value, as: type, at: codingPath)
    }
}
