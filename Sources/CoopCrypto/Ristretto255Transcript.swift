extension Ristretto255 {
    /// Fiat–Shamir challenges and other hashes to a scalar, domain-separated.
    ///
    /// The hashed string is a sequence of fields, each written as its length in bytes (4 bytes,
    /// big-endian) followed by the bytes:
    ///
    ///     field(x) = u32be(len(x)) ‖ x
    ///     input    = field(domain) ‖ field(f1) ‖ field(f2) ‖ … ‖ field(fk)
    ///     scalar   = SHA-512(input) read as a 512-bit little-endian integer, reduced mod ℓ
    ///
    /// `domain` is a UTF-8 string naming the purpose (coop's start with `coop/`), so a hash made
    /// for one purpose is never a valid hash for another, and the length prefixes make the
    /// encoding injective: no two different field sequences give the same input. Elements are
    /// their 32-byte encodings, public scalars their 32-byte encodings, integers 8 bytes
    /// big-endian (`u64be`), text its UTF-8 bytes; each is one field.
    ///
    /// A copy of a transcript continues independently, so a statement's common prefix is hashed
    /// once and then finished for each proof.
    public struct Transcript {
        private var hasher = SHA512.Hasher()

        /// Starts a transcript whose first field is `domain`.
        public init(domain: String) {
            append(domain)
        }

        /// Appends one field: the length-prefixed bytes.
        public mutating func append<D: ContiguousBytes>(bytes: D) {
            let count = bytes.withUnsafeBytes { $0.count }
            precondition(count <= Int(UInt32.max), "a transcript field is limited to 4 GiB")
            let length = UInt32(count)
            let prefix: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            hasher.update(prefix)
            hasher.update(bytes)
        }

        /// Appends an element's 32-byte encoding as one field.
        public mutating func append(_ element: Element) { append(bytes: element.bytes) }

        /// Appends a public scalar's 32-byte encoding as one field.
        public mutating func append(_ scalar: Scalar) { append(bytes: scalar.bytes) }

        /// Appends an integer as one 8-byte big-endian field.
        public mutating func append(_ value: UInt64) {
            append(bytes: (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) })
        }

        /// Appends text as one field of its UTF-8 bytes.
        public mutating func append(_ text: String) { append(bytes: Array(text.utf8)) }

        /// The challenge: SHA-512 of everything appended, reduced modulo ℓ. The transcript itself
        /// is unchanged and can still be extended or copied.
        public func challenge() -> Scalar {
            var copy = hasher
            return Scalar(reducingDigest: copy.finalize())
        }

        /// The 64-byte SHA-512 digest of everything appended (for use as a context string).
        public func digest() -> [UInt8] {
            var copy = hasher
            return copy.finalize()
        }

        /// The digest in secret memory, for keys derived from secret fields (reduce it with
        /// `SecretScalar(reducing:)`). The transcript's state, which absorbed the secrets, is
        /// zeroed: do not use the transcript afterwards.
        public mutating func secretDigest() -> SecretBytes {
            hasher.finalizeSecret()
        }
    }
}
