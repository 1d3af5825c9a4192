import CoopCrypto

/// A trustee's share `x_j = Σ_{i∈Q} f_i(j)` of the election's secret key (zeroed when
/// released), rebuilt at tally time from the shares sealed to the trustee in the qualified
/// dealings. It is checked against the trustee's verification key before use.
public struct TrusteeShare: Sendable {
    /// The trustee's number.
    public let trustee: Int
    /// `x_j`.
    let share: Ristretto255.SecretScalar
    /// `Y_j = x_j·B`.
    public let verificationKey: Ristretto255.Element

    /// Opens and adds up `secret`'s shares from the qualified dealers of `setup`.
    /// - Throws: `wrongTrusteeSecret`, `shareDoesNotVerify` naming a dealer whose share is bad
    ///   (the trustee should have complained), `shareDoesNotMatchVerificationKey`, and the key
    ///   errors of `TrusteeKeys`.
    public static func derive(
        ceremony: TrusteeCeremony, setup: TrusteeSetup, secret: TrusteeSecret, keys: [TrusteeKey], dealings: [Dealing]
    ) throws -> TrusteeShare {
        try ceremony.check(trustee: secret.trustee)
        let keys = try TrusteeKeys(ceremony: ceremony, keys: keys)
        try secret.check(against: keys.published(secret.trustee))
        guard let verificationKey = setup.verificationKey(of: secret.trustee) else {
            throw SecretBallotError.trusteeOutOfRange(trustee: secret.trustee, trustees: setup.verificationKeys.count)
        }
        var sum: Ristretto255.SecretScalar?
        for dealer in setup.qualified {
            guard let dealing = dealings.first(where: { $0.dealer == dealer }),
                (try? dealing.verify(ceremony: ceremony)) != nil,
                let share = dealing.openShare(ceremony: ceremony, secret: secret)
            else { throw SecretBallotError.shareDoesNotVerify(trustee: secret.trustee, dealer: dealer) }
            sum = sum.map { $0 + share } ?? share
        }
        guard let total = sum, Ristretto255.Element.generatorMultiple(total) == verificationKey else {
            throw SecretBallotError.shareDoesNotMatchVerificationKey(trustee: secret.trustee)
        }
        return TrusteeShare(trustee: secret.trustee, share: total, verificationKey: verificationKey)
    }
}
