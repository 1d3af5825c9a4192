import CoopCrypto

/// A trustee's complaint that the share a dealer sealed to it is bad. The complainer publishes
/// the box's shared element `S = x·R` (`R` the box's ephemeral element, `x` its own secret key)
/// with a Chaum–Pedersen proof that `log_B(X) = log_R(S)`; anyone can then open that one box
/// and see whether the share matches the dealer's commitments. An upheld complaint disqualifies
/// the dealer; a false one is rejected (and reveals only a share of a dealer that stays
/// qualified, which alone tells nothing).
///
/// Proof transcript (domain `coop/secret-ballot/v1/complaint`): the ceremony's fields, the
/// complainer and the dealer (u64be), `X`, `R`, `S`, then the commitments `w·B`, `w·R`.
///
/// JSON: `{"dealer": 3, "shared_element": base64, "proof": {"challenge", "response"}}`.
public struct Complaint: Codable, Sendable, Hashable {
    /// The dealer complained about.
    public var dealer: Int
    /// `S = x·R` for the box sealed to the complainer.
    public var sharedElement: Ristretto255.Element
    /// Proof that `S` is the complainer's key applied to the box's `R`.
    public var proof: ChallengeResponse

    enum CodingKeys: String, CodingKey {
        case dealer, sharedElement = "shared_element", proof
    }

    static let domain = "coop/secret-ballot/v1/complaint"

    public init(dealer: Int, sharedElement: Ristretto255.Element, proof: ChallengeResponse) {
        self.dealer = dealer
        self.sharedElement = sharedElement
        self.proof = proof
    }

    /// What the ceremony makes of a complaint.
    enum Verdict: Equatable {
        /// The share is bad: the dealer is disqualified for this reason.
        case upheld(String)
        /// The complaint does not hold, for this reason.
        case rejected(String)
    }

    static func make(
        ceremony: TrusteeCeremony, secret: TrusteeSecret, publicKey: Ristretto255.Element, dealing: Dealing,
        random: any RandomSource
    ) throws -> Complaint {
        let box = dealing.shares[secret.trustee - 1].bytes
        let r = try Ristretto255.SealedBox.ephemeralKey(of: box)
        let s = secret.key * r
        let t = transcript(ceremony: ceremony, complainer: secret.trustee, dealer: dealing.dealer, key: publicKey, r: r, s: s)
        let proof = ChaumPedersen.prove(secret: secret.key, base: r, transcript: t, random: random)
        return Complaint(dealer: dealing.dealer, sharedElement: s, proof: proof)
    }

    /// Judges this complaint by `complainer` (whose published key is `key`) against `dealing`.
    func verdict(ceremony: TrusteeCeremony, complainer: Int, key: Ristretto255.Element, dealing: Dealing) -> Verdict {
        let box = dealing.shares[complainer - 1].bytes
        guard let r = try? Ristretto255.SealedBox.ephemeralKey(of: box) else {
            return .upheld("the share sealed to trustee \(complainer) has no valid ephemeral element")
        }
        let t = Self.transcript(ceremony: ceremony, complainer: complainer, dealer: dealer, key: key, r: r, s: sharedElement)
        guard ChaumPedersen.verify(proof, h1: key, base: r, h2: sharedElement, transcript: t) else {
            return .rejected("its proof that the shared element is the complainer's does not verify")
        }
        let context = SealedShare.context(ceremony: ceremony, dealer: dealer, recipient: complainer)
        guard let opened = try? Ristretto255.SealedBox.open(box, recipient: key, sharedElement: sharedElement, context: context) else {
            return .upheld("the share sealed to trustee \(complainer) does not decrypt")
        }
        guard let share = try? Ristretto255.SecretScalar(canonical: opened) else {
            return .upheld("the share sealed to trustee \(complainer) is not a canonical scalar")
        }
        guard Ristretto255.Element.generatorMultiple(share) == Feldman.expected(at: complainer, commitments: dealing.commitments) else {
            return .upheld("the share sealed to trustee \(complainer) does not match the dealer's commitments")
        }
        return .rejected("the share sealed to the complainer is correct")
    }

    static func transcript(
        ceremony: TrusteeCeremony, complainer: Int, dealer: Int, key: Ristretto255.Element, r: Ristretto255.Element,
        s: Ristretto255.Element
    ) -> Ristretto255.Transcript {
        var t = ceremony.transcript(domain: domain)
        t.append(UInt64(complainer))
        t.append(UInt64(dealer))
        t.append(key)
        t.append(r)
        t.append(s)
        return t
    }
}
