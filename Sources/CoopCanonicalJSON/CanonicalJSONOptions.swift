/// Limits that bound the work and memory one decode or encode may take.
///
/// The same options apply in both directions, so whatever `CanonicalJSON.encode` produces with
/// some options, `CanonicalJSON.decodeCanonical` accepts with the same options.
public struct CanonicalJSONOptions: Hashable, Sendable {
    /// How many objects and arrays may be nested (a top-level scalar has depth 0, `[]` depth 1).
    public var maxDepth: Int
    /// The longest input accepted, and the longest output produced, in bytes.
    public var maxInputSize: Int
    /// The longest string or object key, counted in UTF-8 bytes after unescaping.
    public var maxStringLength: Int

    /// Defaults suited to ledger statements: depth 64, 1 MiB documents, 64 KiB strings.
    public init(maxDepth: Int = 64, maxInputSize: Int = 1 << 20, maxStringLength: Int = 1 << 16) {
        self.maxDepth = maxDepth
        self.maxInputSize = maxInputSize
        self.maxStringLength = maxStringLength
    }

    /// Depth 64, 1 MiB documents, 64 KiB strings.
    public static var `default`: CanonicalJSONOptions { CanonicalJSONOptions() }
}
