/// The keyed, unkeyed and single-value containers of `TreeEncoder`.
///
/// Each integer overload funnels into `TreeEncoder.integer` (range check) and each float
/// overload into `TreeEncoder.floatError`.
struct TreeKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TreeEncoder
    let storage: ObjectStorage
    /// The keys of the containers this one is nested in, below `encoder`'s value.
    let nested: [any CodingKey]

    var codingPath: [any CodingKey] { encoder.codingPath + nested }

    private func set(_ value: JSONValue, for key: Key) { storage.set(.value(value), for: key.stringValue) }
    private func setInteger<I: BinaryInteger>(_ value: I, for key: Key) throws {
        set(try TreeEncoder.integer(value, at: codingPath + [key]), for: key)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, for: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), for: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), for: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw TreeEncoder.floatError(at: codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw TreeEncoder.floatError(at: codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try setInteger(value, for: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        storage.set(try encoder.box(value, nested: nested, step: .key(key)), for: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let object = ObjectStorage()
        storage.set(.object(object), for: key.stringValue)
        return KeyedEncodingContainer(TreeKeyedEncodingContainer<NestedKey>(encoder: encoder, storage: object, nested: nested + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let array = ArrayStorage()
        storage.set(.array(array), for: key.stringValue)
        return TreeUnkeyedEncodingContainer(encoder: encoder, storage: array, nested: nested + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: JSONKey.super) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        // The whole path, not the parent: this child is kept in the parent's tree.
        let child = TreeEncoder(.path(codingPath + [key]), userInfo: encoder.userInfo)
        storage.set(.deferred(child), for: key.stringValue)
        return child
    }
}

struct TreeUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: TreeEncoder
    let storage: ArrayStorage
    /// The keys of the containers this one is nested in, below `encoder`'s value.
    let nested: [any CodingKey]

    var codingPath: [any CodingKey] { encoder.codingPath + nested }
    var count: Int { storage.elements.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONKey(index: count)] }
    private func append(_ value: JSONValue) { storage.elements.append(.value(value)) }
    private func appendInteger<I: BinaryInteger>(_ value: I) throws {
        append(try TreeEncoder.integer(value, at: nextPath))
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { throw TreeEncoder.floatError(at: nextPath) }
    mutating func encode(_ value: Float) throws { throw TreeEncoder.floatError(at: nextPath) }
    mutating func encode(_ value: Int) throws { try appendInteger(value) }
    mutating func encode(_ value: Int8) throws { try appendInteger(value) }
    mutating func encode(_ value: Int16) throws { try appendInteger(value) }
    mutating func encode(_ value: Int32) throws { try appendInteger(value) }
    mutating func encode(_ value: Int64) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt8) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt16) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt32) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt64) throws { try appendInteger(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        storage.elements.append(try encoder.box(value, nested: nested, step: .index(count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = JSONKey(index: count)
        let object = ObjectStorage()
        storage.elements.append(.object(object))
        return KeyedEncodingContainer(TreeKeyedEncodingContainer<NestedKey>(encoder: encoder, storage: object, nested: nested + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = JSONKey(index: count)
        let array = ArrayStorage()
        storage.elements.append(.array(array))
        return TreeUnkeyedEncodingContainer(encoder: encoder, storage: array, nested: nested + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = TreeEncoder(.path(nextPath), userInfo: encoder.userInfo)
        storage.elements.append(.deferred(child))
        return child
    }
}

struct TreeSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: JSONValue) { encoder.root = .value(value) }
    private func setInteger<I: BinaryInteger>(_ value: I) throws {
        set(try TreeEncoder.integer(value, at: codingPath))
    }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { throw TreeEncoder.floatError(at: codingPath) }
    mutating func encode(_ value: Float) throws { throw TreeEncoder.floatError(at: codingPath) }
    mutating func encode(_ value: Int) throws { try setInteger(value) }
    mutating func encode(_ value: Int8) throws { try setInteger(value) }
    mutating func encode(_ value: Int16) throws { try setInteger(value) }
    mutating func encode(_ value: Int32) throws { try setInteger(value) }
    mutating func encode(_ value: Int64) throws { try setInteger(value) }
    mutating func encode(_ value: UInt) throws { try setInteger(value) }
    mutating func encode(_ value: UInt8) throws { try setInteger(value) }
    mutating func encode(_ value: UInt16) throws { try setInteger(value) }
    mutating func encode(_ value: UInt32) throws { try setInteger(value) }
    mutating func encode(_ value: UInt64) throws { try setInteger(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.root = try encoder.box(value, nested: [], step: nil)
    }
}
