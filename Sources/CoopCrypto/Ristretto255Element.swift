import CSodium

extension Ristretto255 {
    /// An element of the ristretto255 group, held as its canonical 32-byte encoding (RFC 9496
    /// §4.3.2). Equal elements have equal bytes. The identity (32 zero bytes) is an element;
    /// protocols that must not accept it (public keys) check `isIdentity` themselves.
    public struct Element: Hashable, Sendable {
        /// The canonical encoding.
        public let bytes: [UInt8]

        /// Decodes an element, refusing any encoding RFC 9496 §4.3.1 rejects (non-canonical field
        /// elements, negative `s`, points off the curve or outside the group's image).
        /// - Throws: `elementLength` unless 32 bytes, `invalidElement` otherwise.
        public init(encoding bytes: [UInt8]) throws {
            guard bytes.count == Ristretto255.encodedLength else { throw Ristretto255Error.elementLength(bytes.count) }
            Sodium.ready()
            guard crypto_core_ristretto255_is_valid_point(bytes) == 1 else { throw Ristretto255Error.invalidElement }
            self.bytes = bytes
        }

        /// The element for 64 uniformly random bytes: RFC 9496 §4.3.4's one-way map
        /// (`crypto_core_ristretto255_from_hash`), as used for hashing to the group.
        /// - Throws: `wideInputLength` unless 64 bytes.
        public init(uniformBytes wide: [UInt8]) throws {
            guard wide.count == Ristretto255.wideLength else { throw Ristretto255Error.wideInputLength(wide.count) }
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            // No failure path: every 64-byte string maps to an element.
            crypto_core_ristretto255_from_hash(&out, wide)
            bytes = out
        }

        init(unchecked bytes: [UInt8]) { self.bytes = bytes }

        /// The identity element (encoded as 32 zero bytes).
        public static let identity = Element(unchecked: [UInt8](repeating: 0, count: Ristretto255.encodedLength))

        /// The generator B of RFC 9496 §4.4 (libsodium's base point).
        public static let generator = Element.generatorMultiple(Scalar.one)

        /// True for the identity element.
        public var isIdentity: Bool { bytes.allSatisfy { $0 == 0 } }

        /// `scalar` · B, for a public scalar.
        public static func generatorMultiple(_ scalar: Scalar) -> Element {
            scalar.bytes.withUnsafeBytes { baseMultiple($0.bytes) }
        }

        /// `scalar` · B, for a secret scalar (constant time).
        public static func generatorMultiple(_ scalar: SecretScalar) -> Element {
            scalar.withPointer { baseMultiple($0) }
        }

        public static func + (a: Element, b: Element) -> Element {
            Element(unchecked: combine(a, b, crypto_core_ristretto255_add))
        }

        public static func - (a: Element, b: Element) -> Element {
            Element(unchecked: combine(a, b, crypto_core_ristretto255_sub))
        }

        /// The inverse element, −a.
        public static prefix func - (a: Element) -> Element { identity - a }

        /// `scalar` · `element` for a public scalar.
        public static func * (scalar: Scalar, element: Element) -> Element {
            scalar.bytes.withUnsafeBytes { element.multiplied(by: $0.bytes) }
        }

        /// `scalar` · `element` for a secret scalar (constant time).
        public static func * (scalar: SecretScalar, element: Element) -> Element {
            scalar.withPointer { element.multiplied(by: $0) }
        }

        /// libsodium returns -1 from a scalar multiplication in two cases: the point does not
        /// decode (impossible for an `Element`) or the product is the identity (a zero scalar or
        /// the identity point). The second is a correct result, so -1 means the identity here.
        private func multiplied(by scalar: UnsafePointer<UInt8>) -> Element {
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            let rc = crypto_scalarmult_ristretto255(&out, scalar, bytes)
            return rc == 0 ? Element(unchecked: out) : .identity
        }

        /// As `multiplied(by:)`: -1 from the base-point multiplication means a zero scalar.
        private static func baseMultiple(_ scalar: UnsafePointer<UInt8>) -> Element {
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            let rc = crypto_scalarmult_ristretto255_base(&out, scalar)
            return rc == 0 ? Element(unchecked: out) : .identity
        }

        private static func combine(
            _ a: Element, _ b: Element,
            _ op: (UnsafeMutablePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> Int32
        ) -> [UInt8] {
            Sodium.ready()
            var out = [UInt8](repeating: 0, count: Ristretto255.encodedLength)
            let rc = op(&out, a.bytes, b.bytes)
            // Fails only when an operand does not decode, which no `Element` can be.
            precondition(rc == 0, "libsodium refused a valid ristretto255 element")
            return out
        }
    }
}

extension Ristretto255.Element: CustomStringConvertible {
    /// Standard base64 of the 32-byte encoding (the form used in JSON).
    public var description: String { Base64.encode(bytes) }
}
