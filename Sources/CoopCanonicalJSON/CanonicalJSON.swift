/// RFC 8785 (JCS) canonical JSON, restricted to coop's profile.
///
/// The profile, enforced in both directions:
/// - values are `null`, `true`, `false`, strings, arrays, objects and integers n with
///   −(2^53−1) ≤ n ≤ 2^53−1; no fractions, exponents, `-0` or leading zeros;
/// - object keys are printable ASCII (0x20–0x7E) and unique, so sorting them by byte equals
///   RFC 8785's sort by UTF-16 code units;
/// - strings are well-formed UTF-8 (no overlong forms, no surrogates; escaped surrogate pairs
///   are accepted when decoding) in Unicode Normalization Form C;
/// - nesting depth, document size and string length are bounded by `CanonicalJSONOptions`;
/// - no byte order mark.
///
/// The canonical form has no whitespace, keys sorted, and strings escaped exactly as
/// ECMAScript's `JSON.stringify`: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other characters
/// below U+0020 as `\u00xx` (lowercase hex), everything else as literal UTF-8.
public enum CanonicalJSON {
    /// The integers the profile admits: −(2^53−1) … 2^53−1, exactly representable as doubles.
    public static let integerRange: ClosedRange<Int64> = -maxSafeInteger...maxSafeInteger

    /// 2^53−1, the largest integer magnitude the profile admits.
    public static let maxSafeInteger: Int64 = 9_007_199_254_740_991

    /// The canonical bytes of `value`.
    ///
    /// - Throws: `CanonicalJSONError.invalidValue` with the path of the first value outside the
    ///   profile, or `.tooLarge` when the output would exceed `options.maxInputSize`.
    public static func encode(
        _ value: JSONValue, options: CanonicalJSONOptions = .default
    ) throws(CanonicalJSONError) -> [UInt8] {
        var serializer = CanonicalJSONSerializer(options: options, capacity: 256)
        try serializer.serialize(value)
        return serializer.output
    }

    /// Parses one RFC 8259 JSON text that keeps to the profile.
    ///
    /// Whitespace around tokens is allowed and any valid escapes are accepted; the bytes need
    /// not be canonical. Use `decodeCanonical` for bytes that were signed.
    public static func decode(
        _ bytes: some Collection<UInt8>, options: CanonicalJSONOptions = .default
    ) throws(CanonicalJSONError) -> JSONValue {
        try withContiguousBytes(bytes, limit: options.maxInputSize) { input throws(CanonicalJSONError) in
            try CanonicalJSONParser.parse(input, options: options)
        }
    }

    /// Parses `bytes` and requires them to be exactly the canonical encoding of their value.
    ///
    /// This is what makes signed statements non-malleable: every value has one accepted
    /// encoding.
    ///
    /// - Throws: the errors of `decode`, or `.notCanonical(offset:)` naming the first byte where
    ///   the input differs from the canonical form (extra whitespace, unsorted keys, needless
    ///   escapes, and so on).
    public static func decodeCanonical(
        _ bytes: some Collection<UInt8>, options: CanonicalJSONOptions = .default
    ) throws(CanonicalJSONError) -> JSONValue {
        try withContiguousBytes(bytes, limit: options.maxInputSize) { input throws(CanonicalJSONError) in
            let inline = Swift.Result { () throws(CanonicalJSONError) in
                try CanonicalJSONParser.parse(input, options: options, canonical: true)
            }
            // Rare: let the reference name the error, so later parse errors still take
            // precedence and the offset is exactly the first differing byte.
            if case .failure(.notCanonical) = inline { return try decodeCanonicalReference(input, options: options) }
            return try inline.get()
        }
    }

    /// `decodeCanonical` by definition: parse, serialize the value, compare the bytes.
    ///
    /// The reference for the inline check of `decodeCanonical`, which the tests hold it to; it
    /// also names the error whenever the inline check rejects.
    static func decodeCanonicalReference(
        _ bytes: some Collection<UInt8>, options: CanonicalJSONOptions = .default
    ) throws(CanonicalJSONError) -> JSONValue {
        try withContiguousBytes(bytes, limit: options.maxInputSize) { input throws(CanonicalJSONError) in
            let value = try CanonicalJSONParser.parse(input, options: options)
            var serializer = CanonicalJSONSerializer(options: options, capacity: input.count)
            try serializer.serialize(value)
            if let offset = firstDifference(serializer.output, input) {
                throw .notCanonical(offset: offset)
            }
            return value
        }
    }

    /// The inline canonical parse alone, without the reference naming its errors (for tests).
    static func decodeCanonicalInline(
        _ bytes: some Collection<UInt8>, options: CanonicalJSONOptions = .default
    ) throws(CanonicalJSONError) -> JSONValue {
        try withContiguousBytes(bytes, limit: options.maxInputSize) { input throws(CanonicalJSONError) in
            try CanonicalJSONParser.parse(input, options: options, canonical: true)
        }
    }

    /// The value whose canonical encoding starts at `offset` of `input`, nested `depth` deep
    /// in the document, and the offset just after it; nil when the bytes there are not one.
    ///
    /// For readers of a fixed layout around such values (a statement's fields around its
    /// body): they check the bytes around it and the document's size limit themselves, and
    /// leave naming a fault to `decodeCanonical` of the whole document.
    public static func canonicalValue(
        in input: UnsafeBufferPointer<UInt8>, at offset: Int, depth: Int, options: CanonicalJSONOptions = .default
    ) -> (value: JSONValue, end: Int)? {
        guard offset >= 0, offset < input.count, input.count <= options.maxInputSize else { return nil }
        return try? CanonicalJSONParser.parseCanonicalValue(input, at: offset, depth: depth, options: options)
    }

    /// Whether `bytes` are canonical profile JSON, without keeping the value.
    public static func isCanonical(_ bytes: some Collection<UInt8>, options: CanonicalJSONOptions = .default) -> Bool {
        (try? decodeCanonical(bytes, options: options)) != nil
    }

    /// Runs `body` over the bytes as one contiguous buffer, copying only if the collection is not
    /// contiguous (and only after the size check, so an oversized input is never copied).
    private static func withContiguousBytes<Result>(
        _ bytes: some Collection<UInt8>, limit: Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws(CanonicalJSONError) -> Result
    ) throws(CanonicalJSONError) -> Result {
        let count = bytes.count
        guard count <= limit else { throw .tooLarge(size: count, limit: limit) }
        let direct = bytes.withContiguousStorageIfAvailable { buffer in
            Swift.Result { () throws(CanonicalJSONError) in try body(buffer) }
        }
        if let direct { return try direct.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in
            Swift.Result { () throws(CanonicalJSONError) in try body(buffer) }
        }.get()
    }

    /// The first offset where `a` and `b` differ, counting a length mismatch; nil if equal.
    private static func firstDifference(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Int? {
        a.withUnsafeBufferPointer { a in
            let common = min(a.count, b.count)
            var index = 0
            while index < common, a[index] == b[index] { index += 1 }
            return index == common && a.count == b.count ? nil : index
        }
    }
}
