import CSodium

extension Ristretto255 {
    /// A public integer modulo the group order ℓ: a proof's challenge or response, a Lagrange
    /// coefficient, a small count. Held as its canonical encoding, 32 bytes little-endian below ℓ.
    ///
    /// For keys, shares, encryption randomness and proof nonces use `SecretScalar`, whose memory
    /// is zeroed when released; a `SecretScalar` becomes a `Scalar` only through `disclosed()`.
    public struct Scalar: Hashable, Sendable {
        /// The canonical encoding: 32 bytes, little-endian, value below ℓ.
        public let bytes: [UInt8]

        /// Decodes a canonical scalar.
        /// - Throws: `scalarLength` unless 32 bytes, `nonCanonicalScalar` if the value is ℓ or more.
        public init(canonicalBytes bytes: [UInt8]) throws {
            guard bytes.count == Ristretto255.encodedLength else { throw Ristretto255Error.scalarLength(bytes.count) }
            guard bytes.withUnsafeBytes({ Ristretto255.isCanonicalScalar($0) }) else {
                throw Ristretto255Error.nonCanonicalScalar
            }
            self.bytes = bytes
        }

        /// The scalar `value` (every `UInt64` is below ℓ).
        public init(_ value: UInt64) {
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            for i in 0..<8 { out[i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
            bytes = out
        }

        /// The 64 little-endian bytes `wide` reduced modulo ℓ (`crypto_core_ristretto255_scalar_reduce`).
        /// - Throws: `wideInputLength` unless 64 bytes.
        public init(reducing wide: [UInt8]) throws {
            guard wide.count == Ristretto255.wideLength else { throw Ristretto255Error.wideInputLength(wide.count) }
            self.init(reducingDigest: wide)
        }

        /// `init(reducing:)` for a SHA-512 digest, 64 bytes by construction.
        init(reducingDigest wide: [UInt8]) {
            precondition(wide.count == Ristretto255.wideLength, "a SHA-512 digest has 64 bytes")
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            crypto_core_ristretto255_scalar_reduce(&out, wide)
            bytes = out
        }

        init(unchecked bytes: [UInt8]) { self.bytes = bytes }

        /// A uniformly random scalar from the system generator. Use it only for values that are
        /// published (a simulated proof branch); secrets come from `SecretScalar.random()`.
        public static func random() -> Scalar {
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            crypto_core_ristretto255_scalar_random(&out)
            return Scalar(unchecked: out)
        }

        public static let zero = Scalar(0)
        public static let one = Scalar(1)

        /// True for the scalar 0.
        public var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

        public static func + (a: Scalar, b: Scalar) -> Scalar {
            Scalar(unchecked: apply(a.bytes, b.bytes, crypto_core_ristretto255_scalar_add))
        }

        public static func - (a: Scalar, b: Scalar) -> Scalar {
            Scalar(unchecked: apply(a.bytes, b.bytes, crypto_core_ristretto255_scalar_sub))
        }

        public static func * (a: Scalar, b: Scalar) -> Scalar {
            Scalar(unchecked: apply(a.bytes, b.bytes, crypto_core_ristretto255_scalar_mul))
        }

        public static prefix func - (a: Scalar) -> Scalar {
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            crypto_core_ristretto255_scalar_negate(&out, a.bytes)
            return Scalar(unchecked: out)
        }

        /// The multiplicative inverse modulo ℓ.
        /// - Throws: `zeroHasNoInverse` for 0.
        public func inverted() throws -> Scalar {
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            guard crypto_core_ristretto255_scalar_invert(&out, bytes) == 0 else { throw Ristretto255Error.zeroHasNoInverse }
            return Scalar(unchecked: out)
        }

        private static func apply(
            _ a: [UInt8], _ b: [UInt8],
            _ op: (UnsafeMutablePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> Void
        ) -> [UInt8] {
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            op(&out, a, b)
            return out
        }
    }
}

extension Ristretto255.Scalar: CustomStringConvertible {
    /// Standard base64 of the 32-byte encoding (the form used in JSON).
    public var description: String { Base64.encode(bytes) }
}
