import CSodium

extension Ristretto255 {
    /// A secret integer modulo ℓ: a private key, a key share, a polynomial coefficient, the
    /// randomness of an encryption or a proof's nonce. Its 32 bytes live in `SecretBytes`,
    /// zeroed when the last reference goes away; they never pass through a Swift array, and
    /// `description` and `dump` show nothing of them.
    ///
    /// Arithmetic with a secret operand gives a secret result. A secret becomes public only
    /// through `disclosed()`, for values that are meant to be published (a proof's response,
    /// which the nonce masks).
    public final class SecretScalar: Sendable {
        let storage: SecretBytes

        init(storage: SecretBytes) { self.storage = storage }

        /// A uniformly random secret from the system generator (`crypto_core_ristretto255_scalar_random`).
        public static func random() -> SecretScalar {
            SecretScalar(
                storage: SecretBytes(count: Ristretto255.encodedLength) { out in
                    crypto_core_ristretto255_scalar_random(out.bytes)
                })
        }

        /// 64 secret bytes reduced modulo ℓ: how a seeded generator (tests) or a key derivation
        /// turns bytes into a scalar with negligible bias.
        /// - Throws: `wideInputLength` unless 64 bytes.
        public convenience init(reducing wide: SecretBytes) throws {
            guard wide.count == Ristretto255.wideLength else { throw Ristretto255Error.wideInputLength(wide.count) }
            Sodium.ready()
            self.init(
                storage: SecretBytes(count: Ristretto255.encodedLength) { out in
                    wide.withUnsafeBytes { w in
                        crypto_core_ristretto255_scalar_reduce(
                            out.bytes, w.bytes)
                    }
                })
        }

        /// A secret from its canonical 32-byte encoding (a decrypted key share, a stored key).
        /// The check takes the same time for every value.
        /// - Throws: `scalarLength` unless 32 bytes, `nonCanonicalScalar` if the value is ℓ or more.
        public convenience init(canonical bytes: SecretBytes) throws {
            guard bytes.count == Ristretto255.encodedLength else { throw Ristretto255Error.scalarLength(bytes.count) }
            guard bytes.withUnsafeBytes({ Ristretto255.isCanonicalScalar($0) }) else {
                throw Ristretto255Error.nonCanonicalScalar
            }
            self.init(
                storage: SecretBytes(count: Ristretto255.encodedLength) { out in
                    bytes.withUnsafeBytes { out.copyMemory(from: $0) }
                })
        }

        /// A public value held as a secret (so that it can be combined with secrets).
        public convenience init(_ value: Scalar) {
            self.init(
                storage: SecretBytes(count: Ristretto255.encodedLength) { out in
                    value.bytes.withUnsafeBytes { out.copyMemory(from: $0) }
                })
        }

        /// The value as a public scalar. Only for values that are published by design.
        public func disclosed() -> Scalar {
            Scalar(unchecked: storage.withUnsafeBytes { Array($0) })
        }

        /// The canonical encoding as `SecretBytes` (to seal or store the secret).
        public func encoded() -> SecretBytes {
            SecretBytes(count: Ristretto255.encodedLength) { out in storage.withUnsafeBytes { out.copyMemory(from: $0) } }
        }

        /// Lends the 32-byte canonical encoding to `body`; do not let it escape.
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try storage.withUnsafeBytes(body)
        }

        /// Constant-time equality (`sodium_memcmp`).
        public func constantTimeEquals(_ other: SecretScalar) -> Bool { storage.constantTimeEquals(other.storage) }

        /// True for 0, in constant time (`sodium_is_zero`).
        public var isZero: Bool {
            storage.withUnsafeBytes { sodium_is_zero($0.bytes, $0.count) == 1 }
        }

        public static func + (a: SecretScalar, b: SecretScalar) -> SecretScalar { combine(a, b, crypto_core_ristretto255_scalar_add) }
        public static func + (a: SecretScalar, b: Scalar) -> SecretScalar { combine(a, SecretScalar(b), crypto_core_ristretto255_scalar_add) }
        public static func - (a: SecretScalar, b: SecretScalar) -> SecretScalar { combine(a, b, crypto_core_ristretto255_scalar_sub) }
        public static func * (a: SecretScalar, b: SecretScalar) -> SecretScalar { combine(a, b, crypto_core_ristretto255_scalar_mul) }
        public static func * (a: Scalar, b: SecretScalar) -> SecretScalar { combine(SecretScalar(a), b, crypto_core_ristretto255_scalar_mul) }

        /// −a modulo ℓ.
        public func negated() -> SecretScalar {
            SecretScalar(
                storage: SecretBytes(count: Ristretto255.encodedLength) { out in
                    withPointer { crypto_core_ristretto255_scalar_negate(out.bytes, $0) }
                })
        }

        func withPointer<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
            try storage.withUnsafeBytes { try body($0.bytes) }
        }

        private static func combine(
            _ a: SecretScalar, _ b: SecretScalar,
            _ op: (UnsafeMutablePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> Void
        ) -> SecretScalar {
            Sodium.ready()
            return SecretScalar(
                storage: SecretBytes(count: Ristretto255.encodedLength) { out in
                    a.withPointer { pa in b.withPointer { pb in op(out.bytes, pa, pb) } }
                })
        }
    }
}

extension Ristretto255.SecretScalar: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Says what it is, never its value.
    public var description: String { "Ristretto255.SecretScalar(hidden)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
