import CSodium

/// SHA-512 (FIPS 180-4) through libsodium's `crypto_hash_sha512`: the hash behind
/// ristretto255 challenges (`Ristretto255.Transcript`) and sealed-box keys.
public enum SHA512 {
    /// Bytes in a digest.
    public static let digestLength = 64

    /// The 64-byte digest of `data`.
    public static func hash<D: ContiguousBytes>(_ data: D) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// Incremental SHA-512. A copy of a hasher carries on independently from the copied state,
    /// so a common prefix can be hashed once and then extended in several ways.
    public struct Hasher {
        private var state = crypto_hash_sha512_state()

        public init() {
            Sodium.ready()
            crypto_hash_sha512_init(&state)
        }

        public mutating func update<D: ContiguousBytes>(_ data: D) {
            data.withUnsafeBytes { raw in
                _ = crypto_hash_sha512_update(&state, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(raw.count))
            }
        }

        /// The digest. The hasher's state is zeroed afterwards (it may have absorbed secrets).
        public mutating func finalize() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: SHA512.digestLength)
            crypto_hash_sha512_final(&state, &out)
            withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) }
            return out
        }

        /// The digest written into a new `SecretBytes` (for keys derived from secrets), never
        /// through a Swift array. The state is zeroed afterwards.
        public mutating func finalizeSecret() -> SecretBytes {
            let out = SecretBytes(count: SHA512.digestLength) { buffer in
                crypto_hash_sha512_final(&state, buffer.bytes)
            }
            withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) }
            return out
        }
    }
}
