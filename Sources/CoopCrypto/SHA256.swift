import CSodium

/// A SHA-256 digest (FIPS 180-4), 32 bytes.
public struct SHA256Digest: Hashable, Sendable, Comparable {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 bytes; returns nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 lowercase hex characters.
    public init?(hex: String) {
        guard let raw = Hex.decode(hex), raw.count == 32 else { return nil }
        self.bytes = raw
    }

    /// Lowercase hex, 64 characters.
    public var hex: String { Hex.encode(bytes) }

    public static func < (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

/// SHA-256 over byte buffers, with an incremental hasher for multi-part input.
public enum SHA256 {
    /// The digest of `data`.
    public static func hash<D: ContiguousBytes>(_ data: D) -> SHA256Digest {
        var hasher = Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// Incremental SHA-256; avoids concatenating buffers just to hash them.
    public struct Hasher {
        private var state = crypto_hash_sha256_state()

        public init() {
            Sodium.ready()
            crypto_hash_sha256_init(&state)
        }

        public mutating func update<D: ContiguousBytes>(_ data: D) {
            data.withUnsafeBytes { raw in
                let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
                _ = crypto_hash_sha256_update(&state, base, UInt64(raw.count))
            }
        }

        public mutating func update(byte: UInt8) {
            withUnsafeBytes(of: byte) { update($0) }
        }

        public mutating func finalize() -> SHA256Digest {
            var out = [UInt8](repeating: 0, count: 32)
            crypto_hash_sha256_final(&state, &out)
            // 32 bytes by construction.
            return SHA256Digest(uncheckedBytes: out)
        }
    }
}

extension SHA256Digest {
    init(uncheckedBytes: [UInt8]) { self.bytes = uncheckedBytes }
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
