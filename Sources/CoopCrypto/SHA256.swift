import CSHA256

/// A SHA-256 digest (FIPS 180-4), 32 bytes.
///
/// The bytes are kept inline, not in an array: a verification makes a digest for every leaf and
/// every tree node, and an array each was a heap allocation and a reference count each.
public struct SHA256Digest: Hashable, Sendable, Comparable {
    /// The 32 bytes in memory order.
    private var storage = InlineBytes32()

    /// The 32 digest bytes (a new array: loops should use `withUnsafeBytes`).
    public var bytes: [UInt8] { storage.array }

    /// Wraps 32 bytes; returns nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.init(uncheckedBytes: bytes)
    }

    /// Parses 64 lowercase hex characters.
    public init?(hex: String) {
        var hex = hex
        guard let digest = hex.withUTF8({ SHA256Digest(hexUTF8: $0) }) else { return nil }
        self = digest
    }

    /// Parses 64 lowercase hex characters from their UTF-8 bytes, straight into the digest.
    public init?(hexUTF8 utf8: UnsafeBufferPointer<UInt8>) {
        guard storage.withUnsafeMutableBytes({ Hex.decode(utf8: utf8, into: $0) }) else { return nil }
    }

    /// Copies 32 bytes (the caller has checked the count).
    init(uncheckedBytes raw: some ContiguousBytes) {
        storage = raw.withUnsafeBytes { InlineBytes32(copying: UnsafeRawBufferPointer(rebasing: $0.prefix(32))) }
    }

    /// Calls `body` with the 32 bytes, in order, without copying them.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes(body)
    }

    /// Lowercase hex, 64 characters.
    public var hex: String { withUnsafeBytes { Hex.encode($0) } }

    /// Byte order, as `lexicographicallyPrecedes` on the bytes.
    public static func < (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool { InlineBytes32.precedes(lhs.storage, rhs.storage) }

    /// The digest `finalize` writes into.
    fileprivate static func writing(_ body: (UnsafeMutablePointer<UInt8>) -> Void) -> SHA256Digest {
        var digest = SHA256Digest()
        digest.storage.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { body(base.assumingMemoryBound(to: UInt8.self)) }
        }
        return digest
    }

    private init() {}
}

/// SHA-256 over byte buffers, with an incremental hasher for multi-part input.
public enum SHA256 {
    /// The digest of `data`.
    public static func hash<D: ContiguousBytes>(_ data: D) -> SHA256Digest {
        var hasher = Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The digest of raw bytes, with no generic dispatch: the Merkle tree's loops call this a
    /// million times for a million leaves (the generic path's metadata look-ups and closures
    /// were half of a tree node's cost).
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// True when the CPU's SHA extensions compute the blocks (else portable C; same digests).
    public static var isAccelerated: Bool { coop_sha256_accelerated() == 1 }

    /// Incremental SHA-256; avoids concatenating buffers just to hash them.
    public struct Hasher {
        private var state = coop_sha256_ctx()

        public init() {
            coop_sha256_init(&state)
        }

        public mutating func update<D: ContiguousBytes>(_ data: D) {
            data.withUnsafeBytes { update($0) }
        }

        /// `update` for raw bytes, with no generic dispatch (see `SHA256.hash(_:)` for raw bytes).
        public mutating func update(_ raw: UnsafeRawBufferPointer) {
            guard let base = raw.baseAddress else { return }
            coop_sha256_update(&state, base.assumingMemoryBound(to: UInt8.self), raw.count)
        }

        public mutating func update(byte: UInt8) {
            withUnsafeBytes(of: byte) { update($0) }
        }

        public mutating func finalize() -> SHA256Digest {
            SHA256Digest.writing { coop_sha256_final(&state, $0) }
        }
    }
}

/// Tests compare the accelerated and the portable block functions.
public enum SHA256Implementation {
    /// Runs `body` with the portable block function forced (not thread-safe: tests only).
    public static func withPortable<T>(_ body: () throws -> T) rethrows -> T {
        coop_sha256_force_portable(1)
        defer { coop_sha256_force_portable(0) }
        return try body()
    }
}

/// Encoded as its lowercase hex text, the one form digests take in entries, snapshots and exports.
extension SHA256Digest: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = SHA256Digest(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a SHA-256 hex digest: \(text)"))
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
