import CoopCrypto

/// Step 2 of the ceremony: a trustee opens the share each dealer sealed to it, checks it against
/// the dealer's commitments, and publishes the result: no complaints (all shares good) or one
/// `Complaint` per dealer whose share is bad. A trustee who publishes nothing is taken to have
/// no complaint.
///
/// JSON: `{"trustee": 2, "complaints": [Complaint…]}`; about 30 bytes when all is well, plus
/// about 190 bytes per complaint.
public struct ShareCheck: Codable, Sendable, Hashable {
    /// The checking trustee's number.
    public var trustee: Int
    /// One complaint per dealer whose share is bad; empty when all are good.
    public var complaints: [Complaint]

    public init(trustee: Int, complaints: [Complaint]) {
        self.trustee = trustee
        self.complaints = complaints
    }

    /// True when the trustee found every share good.
    public var isOK: Bool { complaints.isEmpty }

    /// Checks the shares sealed to `secret`'s trustee in every dealing that passes the public
    /// checks (a dealing that fails them is disqualified without a complaint).
    /// - Throws: `missingTrusteeKeys`, `invalidTrusteeKey`, `wrongTrusteeSecret`, `trusteeOutOfRange`.
    public static func check(
        ceremony: TrusteeCeremony, secret: TrusteeSecret, keys: [TrusteeKey], dealings: [Dealing],
        random: any RandomSource = SystemRandomSource()
    ) throws -> ShareCheck {
        try ceremony.check(trustee: secret.trustee)
        let keys = try TrusteeKeys(ceremony: ceremony, keys: keys)
        try secret.check(against: keys.published(secret.trustee))
        var complaints: [Complaint] = []
        for dealing in dealings.sorted(by: { $0.dealer < $1.dealer }) where (try? dealing.verify(ceremony: ceremony)) != nil {
            if dealing.openShare(ceremony: ceremony, secret: secret) == nil {
                complaints.append(
                    try Complaint.make(
                        ceremony: ceremony, secret: secret, publicKey: keys.key(of: secret.trustee), dealing: dealing, random: random))
            }
        }
        return ShareCheck(trustee: secret.trustee, complaints: complaints)
    }
}
