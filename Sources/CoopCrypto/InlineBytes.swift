/// 32 bytes kept inline, as four words: a digest or a public key. A verification makes one of
/// each for every entry (and a digest for every tree node), and an array each was a heap
/// allocation and reference counting for every copy.
struct InlineBytes32: Hashable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// 32 zero bytes.
    init() {}

    /// Copies exactly 32 bytes (the caller has checked the count).
    init(copying raw: UnsafeRawBufferPointer) {
        precondition(raw.count == 32, "InlineBytes32 takes 32 bytes")
        withUnsafeMutableBytes { $0.copyMemory(from: raw) }
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeMutableBytes(of: &words, body)
    }

    /// Byte order: the words read big-endian compare as the bytes do.
    static func precedes(_ a: Self, _ b: Self) -> Bool { a.bigEndianWords < b.bigEndianWords }

    private var bigEndianWords: (UInt64, UInt64, UInt64, UInt64) {
        (UInt64(bigEndian: words.0), UInt64(bigEndian: words.1), UInt64(bigEndian: words.2), UInt64(bigEndian: words.3))
    }

    var array: [UInt8] { withUnsafeBytes { Array($0) } }

    static func == (a: Self, b: Self) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

/// 64 bytes kept inline, as eight words: a signature (one an entry, as `InlineBytes32`).
struct InlineBytes64: Hashable, Sendable {
    private var low = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    private var high = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))

    /// Copies exactly 64 bytes (the caller has checked the count).
    init(copying raw: UnsafeRawBufferPointer) {
        precondition(raw.count == 64, "InlineBytes64 takes 64 bytes")
        withUnsafeMutableBytes { $0.copyMemory(from: raw) }
    }

    private mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeMutableBytes(of: &self, body)
    }

    /// The 64 bytes in order: `low` then `high`, laid out with no padding between them.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: self, body)
    }

    var array: [UInt8] { withUnsafeBytes { Array($0) } }

    static func == (a: Self, b: Self) -> Bool {
        a.low.0 == b.low.0 && a.low.1 == b.low.1 && a.low.2 == b.low.2 && a.low.3 == b.low.3
            && a.high.0 == b.high.0 && a.high.1 == b.high.1 && a.high.2 == b.high.2 && a.high.3 == b.high.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(low.0)
        hasher.combine(low.1)
        hasher.combine(low.2)
        hasher.combine(low.3)
        hasher.combine(high.0)
        hasher.combine(high.1)
        hasher.combine(high.2)
        hasher.combine(high.3)
    }
}
