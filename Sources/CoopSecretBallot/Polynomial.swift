import CoopCrypto

/// A dealer's secret polynomial `f(z) = a_0 + a_1·z + … + a_{t−1}·z^{t−1}` (coefficients zeroed
/// when released) and the public view of it, the Feldman commitments `A_k = a_k·B`.
struct SecretPolynomial {
    let coefficients: [Ristretto255.SecretScalar]

    init(degreeBelow t: Int, random: any RandomSource) {
        coefficients = (0..<t).map { _ in random.secretScalar() }
    }

    /// `f(z)` by Horner's rule.
    func evaluate(at z: Int) -> Ristretto255.SecretScalar {
        let point = Ristretto255.Scalar(UInt64(z))
        var value = coefficients[coefficients.count - 1]
        for a in coefficients.dropLast().reversed() { value = point * value + a }
        return value
    }

    var commitments: [Ristretto255.Element] { coefficients.map { Ristretto255.Element.generatorMultiple($0) } }
}

enum Feldman {
    /// `Σ_k z^k · A_k`: what `f(z)·B` must equal for the polynomial committed to by `commitments`.
    static func expected(at z: Int, commitments: [Ristretto255.Element]) -> Ristretto255.Element {
        let point = Ristretto255.Scalar(UInt64(z))
        var power = Ristretto255.Scalar.one
        var sum = Ristretto255.Element.identity
        for a in commitments {
            sum = sum + power * a
            power = power * point
        }
        return sum
    }
}
