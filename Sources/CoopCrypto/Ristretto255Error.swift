/// What can go wrong with ristretto255 values and the boxes sealed to them. Each message says
/// what was wrong and what to do.
public enum Ristretto255Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// An element encoding that is not 32 bytes.
    case elementLength(Int)
    /// 32 bytes that are not the canonical encoding of a ristretto255 element (RFC 9496 §4.3.1).
    case invalidElement
    /// A scalar encoding that is not 32 bytes.
    case scalarLength(Int)
    /// 32 bytes whose little-endian value is ℓ or more: scalars have exactly one encoding.
    case nonCanonicalScalar
    /// Input for hashing to a scalar or element that is not 64 bytes.
    case wideInputLength(Int)
    /// The inverse of zero was asked for.
    case zeroHasNoInverse
    /// Text that is not standard base64 of 32 bytes.
    case invalidText(String)
    /// A box sealed to the identity element (anyone could open it).
    case identityRecipient
    /// A sealed box of the wrong length.
    case boxLength(expected: Int, actual: Int)
    /// The box does not open with this key and context: wrong recipient, wrong context, or altered.
    case boxDoesNotOpen
    /// libsodium refused to encrypt.
    case sealingFailed

    public var description: String {
        switch self {
        case let .elementLength(n):
            return "a ristretto255 element has 32 bytes, not \(n); check that the value was copied whole"
        case .invalidElement:
            return "these 32 bytes are not a canonical ristretto255 element (RFC 9496 §4.3.1); "
                + "the value was altered or made by faulty software, and is refused"
        case let .scalarLength(n):
            return "a ristretto255 scalar has 32 bytes, not \(n); check that the value was copied whole"
        case .nonCanonicalScalar:
            return "this scalar is not below the group order (a non-canonical encoding); "
                + "the value was altered or made by faulty software, and is refused"
        case let .wideInputLength(n):
            return "hashing to ristretto255 needs 64 bytes of input, not \(n)"
        case .zeroHasNoInverse:
            return "zero has no inverse modulo the group order; two trustee indices are probably equal"
        case let .invalidText(text):
            return "not a ristretto255 value: \(text.prefix(80)) (expected 44 characters of standard base64 of 32 bytes)"
        case .identityRecipient:
            return "cannot seal to the identity element: that is not anybody's public key"
        case let .boxLength(expected, actual):
            return "a sealed box of this kind has \(expected) bytes, not \(actual); check that it was copied whole"
        case .boxDoesNotOpen:
            return "the sealed box does not open: it was sealed to another key or for another purpose, "
                + "or it was altered"
        case .sealingFailed:
            return "libsodium could not seal the box"
        }
    }
}
