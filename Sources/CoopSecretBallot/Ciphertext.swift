import CoopCrypto

/// An exponential ElGamal ciphertext over ristretto255: `(alpha, beta) = (r·B, m·B + r·Y)` for
/// the message `m`, randomness `r` and election key `Y`. Ciphertexts add: the sum of
/// encryptions of `m1` and `m2` is an encryption of `m1 + m2`.
///
/// JSON: `{"alpha": base64, "beta": base64}`.
public struct Ciphertext: Codable, Sendable, Hashable {
    public var alpha: Ristretto255.Element
    public var beta: Ristretto255.Element

    public init(alpha: Ristretto255.Element, beta: Ristretto255.Element) {
        self.alpha = alpha
        self.beta = beta
    }

    /// The encryption of nothing yet: (identity, identity), the neutral element for `+`.
    public static let zero = Ciphertext(alpha: .identity, beta: .identity)

    /// Encrypts the small integer `message` under `key` with `randomness`.
    static func encrypt(_ message: Int, key: Ristretto255.Element, randomness: Ristretto255.SecretScalar) -> Ciphertext {
        let alpha = Ristretto255.Element.generatorMultiple(randomness)
        // The same operations whatever the message, so their time does not depend on it.
        let beta = randomness * key + Ristretto255.Element.generatorMultiple(Ristretto255.Scalar(UInt64(message)))
        return Ciphertext(alpha: alpha, beta: beta)
    }

    /// The homomorphic sum.
    public static func + (a: Ciphertext, b: Ciphertext) -> Ciphertext {
        Ciphertext(alpha: a.alpha + b.alpha, beta: a.beta + b.beta)
    }
}
