import CSodium

/// The ristretto255 prime-order group (RFC 9496) through libsodium's `crypto_core_ristretto255_*`
/// and `crypto_scalarmult_ristretto255*`.
///
/// - `Element`: a group element, always held in its canonical 32-byte encoding. Decoding
///   refuses every non-canonical or invalid encoding (RFC 9496 §4.3.1), so two equal elements
///   have equal bytes and no element outside the group can be made.
/// - `Scalar`: a public integer modulo the group order ℓ (challenges, responses, Lagrange
///   coefficients), 32 bytes little-endian and always below ℓ.
/// - `SecretScalar`: a secret integer modulo ℓ (keys, shares, encryption randomness, proof
///   nonces) in memory that is zeroed when the value is released.
/// - `Transcript`: Fiat–Shamir challenges, SHA-512 of domain-separated, length-prefixed
///   fields reduced modulo ℓ.
///
/// The operations on valid elements and canonical scalars cannot fail in libsodium; where its
/// C functions return a code, the only failure they can report is an invalid input, which these
/// types make impossible to construct, so such a code stops the program (as `Ed25519` does for
/// a key that libsodium refuses to derive) instead of returning a wrong value. Every input that
/// comes from outside (bytes to decode) is checked and refused with a thrown `Ristretto255Error`.
public enum Ristretto255 {
    /// Bytes in an encoded element or scalar.
    public static let encodedLength = 32
    /// Bytes hashed down to one scalar or mapped to one element.
    public static let wideLength = 64

    /// The group order ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian.
    static let order: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ]

    /// True when the 32 little-endian bytes at `bytes` are below ℓ. The time taken does not
    /// depend on the value (a full-width subtraction whose final borrow is the answer), so it
    /// may be used on secret scalars.
    static func isCanonicalScalar(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == encodedLength else { return false }
        var borrow: Int16 = 0
        for i in 0..<encodedLength {
            // value - ℓ, byte by byte; borrow ends at -1 exactly when value < ℓ.
            let difference = Int16(bytes[i]) - Int16(order[i]) + borrow
            borrow = difference >> 8  // arithmetic shift: 0 or -1
        }
        return borrow == -1
    }
}
