import CoopCanonicalJSON

/// The UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// `bytes` as text, for comparing encoder output with a readable expectation.
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// The error `decode` (or `decodeCanonical`) throws for `bytes`, or nil if it succeeds.
func decodeError(
    _ bytes: [UInt8], canonical: Bool = false, options: CanonicalJSONOptions = .default
) -> CanonicalJSONError? {
    do {
        _ =
            canonical
            ? try CanonicalJSON.decodeCanonical(bytes, options: options)
            : try CanonicalJSON.decode(bytes, options: options)
        return nil
    } catch {
        return error
    }
}

/// The error `encode` throws for `value`, or nil if it succeeds.
func encodeError(_ value: JSONValue, options: CanonicalJSONOptions = .default) -> CanonicalJSONError? {
    do {
        _ = try CanonicalJSON.encode(value, options: options)
        return nil
    } catch {
        return error
    }
}

/// `depth` arrays nested inside each other, innermost empty.
func nestedArrays(_ depth: Int) -> JSONValue {
    var value: JSONValue = []
    for _ in 1..<max(depth, 1) { value = [value] }
    return value
}
