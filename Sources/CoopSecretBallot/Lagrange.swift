import CoopCrypto

/// Lagrange interpolation at 0 over the trustees who took part: `λ_i = Π_{j∈S, j≠i} j / (j − i)`
/// modulo ℓ, so that `Σ λ_i·f(i) = f(0)` for any polynomial of degree below |S|.
enum Lagrange {
    /// The coefficients for `indices`, in the same order. The indices are trustee numbers taken
    /// from a set: distinct, positive and at most 64, so every denominator is a product of
    /// non-zero numbers far below ℓ and has an inverse.
    static func coefficientsAtZero(_ indices: [Int]) -> [Ristretto255.Scalar] {
        precondition(Set(indices).count == indices.count && indices.allSatisfy { $0 > 0 }, "Lagrange needs distinct positive indices")
        return indices.map { i in
            var numerator = Ristretto255.Scalar.one
            var denominator = Ristretto255.Scalar.one
            for j in indices where j != i {
                let sj = Ristretto255.Scalar(UInt64(j))
                numerator = numerator * sj
                denominator = denominator * (sj - Ristretto255.Scalar(UInt64(i)))
            }
            guard let inverse = try? denominator.inverted() else { preconditionFailure("a product of non-zero differences is zero") }
            return numerator * inverse
        }
    }
}
