import CoopCrypto

/// Step 3 of the ceremony, which anyone can compute from the published steps 0 to 2: which
/// dealers qualified, the election's public key `Y = Σ_{i∈Q} A_{i,0}` and each trustee's
/// verification key `Y_j = Σ_{i∈Q} Σ_k j^k·A_{i,k}` (`= x_j·B` for the trustee's key share
/// `x_j = Σ_{i∈Q} f_i(j)`). Nobody ever holds the election's secret key `Σ_{i∈Q} a_{i,0}`.
///
/// JSON: `{"threshold", "public_key", "verification_keys": [base64 × n], "qualified": [1, 2, …],
/// "disqualified": [{"dealer", "reason"}], "rejected_complaints": [{"trustee", "dealer", "reason"}]}`.
public struct TrusteeSetup: Codable, Sendable, Hashable {
    /// A dealer left out of the key, and why.
    public struct Disqualification: Codable, Sendable, Hashable {
        public var dealer: Int
        public var reason: String
    }

    /// A complaint that did not hold, and why.
    public struct RejectedComplaint: Codable, Sendable, Hashable {
        public var trustee: Int
        public var dealer: Int
        public var reason: String
    }

    /// How many trustees must take part in decrypting.
    public var threshold: Int
    /// The election's public key `Y`.
    public var publicKey: Ristretto255.Element
    /// `verificationKeys[j − 1]` is trustee `j`'s `Y_j`.
    public var verificationKeys: [Ristretto255.Element]
    /// The qualified dealers `Q`, ascending.
    public var qualified: [Int]
    /// The dealers left out, ascending.
    public var disqualified: [Disqualification]
    /// Complaints that did not hold.
    public var rejectedComplaints: [RejectedComplaint]

    enum CodingKeys: String, CodingKey {
        case threshold, publicKey = "public_key", verificationKeys = "verification_keys", qualified, disqualified
        case rejectedComplaints = "rejected_complaints"
    }

    /// The verification key of `trustee`, or nil if there is no such trustee.
    public func verificationKey(of trustee: Int) -> Ristretto255.Element? {
        trustee >= 1 && trustee <= verificationKeys.count ? verificationKeys[trustee - 1] : nil
    }

    /// Derives the outcome of the ceremony.
    ///
    /// A dealer is disqualified when it published no dealing, when its dealing fails the public
    /// checks, or when a complaint against it is upheld. Complaints whose proof fails or whose
    /// share turns out correct are rejected and change nothing.
    /// - Parameters:
    ///   - keys: every trustee's step-0 key (all n are needed).
    ///   - dealings: the step-1 dealings published (at most one per trustee).
    ///   - checks: the step-2 share checks published (at most one per trustee; none means no complaint).
    /// - Throws: `missingTrusteeKeys`, `invalidTrusteeKey`, `duplicateStep`, `trusteeOutOfRange`,
    ///   `invalidShareCheck`, `notEnoughQualifiedDealers`, `identityElectionKey`.
    public static func derive(
        ceremony: TrusteeCeremony, keys: [TrusteeKey], dealings: [Dealing], checks: [ShareCheck]
    ) throws -> TrusteeSetup {
        try ceremony.validate()
        let keys = try TrusteeKeys(ceremony: ceremony, keys: keys)
        var byDealer: [Int: Dealing] = [:]
        var disqualified: [Int: String] = [:]
        for dealing in dealings {
            try ceremony.check(trustee: dealing.dealer)
            guard byDealer[dealing.dealer] == nil else { throw SecretBallotError.duplicateStep(trustee: dealing.dealer, step: "a dealing") }
            byDealer[dealing.dealer] = dealing
            do {
                try dealing.verify(ceremony: ceremony)
            } catch let SecretBallotError.invalidDealing(_, reason) {
                disqualified[dealing.dealer] = reason
            }
        }
        for dealer in 1...ceremony.count where byDealer[dealer] == nil {
            disqualified[dealer] = "it published no dealing"
        }

        var rejected: [RejectedComplaint] = []
        var seenChecks = Set<Int>()
        for check in checks.sorted(by: { $0.trustee < $1.trustee }) {
            try ceremony.check(trustee: check.trustee)
            guard seenChecks.insert(check.trustee).inserted else {
                throw SecretBallotError.duplicateStep(trustee: check.trustee, step: "a share check")
            }
            var seenDealers = Set<Int>()
            for complaint in check.complaints {
                guard complaint.dealer >= 1, complaint.dealer <= ceremony.count, seenDealers.insert(complaint.dealer).inserted else {
                    throw SecretBallotError.invalidShareCheck(
                        trustee: check.trustee, reason: "it complains about dealer \(complaint.dealer) twice or about no trustee")
                }
                // A dealer already out needs no judging; only a qualified dealing's shares are opened.
                guard disqualified[complaint.dealer] == nil, let dealing = byDealer[complaint.dealer] else { continue }
                switch complaint.verdict(ceremony: ceremony, complainer: check.trustee, key: keys.key(of: check.trustee), dealing: dealing) {
                case let .upheld(reason):
                    disqualified[complaint.dealer] = "complaint by trustee \(check.trustee) upheld: \(reason)"
                case let .rejected(reason):
                    rejected.append(RejectedComplaint(trustee: check.trustee, dealer: complaint.dealer, reason: reason))
                }
            }
        }

        let qualified = (1...ceremony.count).filter { disqualified[$0] == nil }
        guard qualified.count >= ceremony.threshold else {
            throw SecretBallotError.notEnoughQualifiedDealers(qualified: qualified, threshold: ceremony.threshold)
        }
        // Sum the qualified commitments coefficient by coefficient, then evaluate at each j.
        var combined = [Ristretto255.Element](repeating: .identity, count: ceremony.threshold)
        for dealer in qualified {
            guard let dealing = byDealer[dealer] else { continue }
            for k in 0..<ceremony.threshold { combined[k] = combined[k] + dealing.commitments[k] }
        }
        guard !combined[0].isIdentity else { throw SecretBallotError.identityElectionKey }
        return TrusteeSetup(
            threshold: ceremony.threshold, publicKey: combined[0],
            verificationKeys: (1...ceremony.count).map { Feldman.expected(at: $0, commitments: combined) },
            qualified: qualified,
            disqualified: disqualified.keys.sorted().map { Disqualification(dealer: $0, reason: disqualified[$0] ?? "") },
            rejectedComplaints: rejected)
    }
}
