import CoopCrypto

/// What every ballot proof and partial decryption of one secret election is bound to: the
/// ledger, the motion, the electorate's fingerprint, the shape of the ballot and the election's
/// public key. A proof made for one context does not verify in any other.
///
/// JSON: `{"ledger_id", "motion_id", "electorate_hash", "choices", "min", "max", "public_key"}`
/// with the three ids as the ledger writes them, integers, and the key in base64.
public struct ElectionContext: Codable, Sendable, Hashable {
    /// The most choices one ballot may have.
    public static let maximumChoices = 64

    /// The ledger's id (32 lowercase hex characters).
    public let ledgerID: String
    /// The motion's id as the ledger writes it.
    public let motionID: String
    /// The electorate's fingerprint recorded when the motion opened.
    public let electorateHash: String
    /// The number of choices on the ballot (1...64); each is encrypted as 0 or 1.
    public let choices: Int
    /// The fewest choices a voter must select.
    public let minimum: Int
    /// The most choices a voter may select.
    public let maximum: Int
    /// The election's public key, from the trustees' ceremony (`TrusteeSetup.publicKey`).
    public let publicKey: Ristretto255.Element

    enum CodingKeys: String, CodingKey {
        case ledgerID = "ledger_id", motionID = "motion_id", electorateHash = "electorate_hash"
        case choices, minimum = "min", maximum = "max", publicKey = "public_key"
    }

    /// A checked context.
    /// - Throws: `invalidContext` unless 1 ≤ choices ≤ 64, 0 ≤ min ≤ max ≤ choices, the ids are
    ///   non-empty, and the key is not the identity.
    public init(
        ledgerID: String, motionID: String, electorateHash: String, choices: Int, minimum: Int, maximum: Int,
        publicKey: Ristretto255.Element
    ) throws {
        self.ledgerID = ledgerID
        self.motionID = motionID
        self.electorateHash = electorateHash
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.publicKey = publicKey
        try validate()
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ledgerID = try c.decode(String.self, forKey: .ledgerID)
        motionID = try c.decode(String.self, forKey: .motionID)
        electorateHash = try c.decode(String.self, forKey: .electorateHash)
        choices = try c.decode(Int.self, forKey: .choices)
        minimum = try c.decode(Int.self, forKey: .minimum)
        maximum = try c.decode(Int.self, forKey: .maximum)
        publicKey = try c.decode(Ristretto255.Element.self, forKey: .publicKey)
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    /// Checks the parameters (the initialiser and decoding already do).
    public func validate() throws {
        func refuse(_ reason: String) -> SecretBallotError { .invalidContext(reason) }
        guard !ledgerID.isEmpty, !motionID.isEmpty, !electorateHash.isEmpty else {
            throw refuse("the ledger id, motion id and electorate hash must not be empty")
        }
        guard (1...Self.maximumChoices).contains(choices) else {
            throw refuse("a ballot has 1 to \(Self.maximumChoices) choices, not \(choices)")
        }
        guard minimum >= 0, minimum <= maximum, maximum <= choices else {
            throw refuse("min \(minimum) and max \(maximum) must satisfy 0 ≤ min ≤ max ≤ choices (\(choices))")
        }
        guard !publicKey.isIdentity else { throw refuse("the election key is the identity element") }
    }

    /// A transcript for `domain` that starts with this context's fields, in this order:
    /// ledger_id, motion_id, electorate_hash (UTF-8), choices, min, max (u64be), public_key.
    func transcript(domain: String) -> Ristretto255.Transcript {
        var t = Ristretto255.Transcript(domain: domain)
        t.append(ledgerID)
        t.append(motionID)
        t.append(electorateHash)
        t.append(UInt64(choices))
        t.append(UInt64(minimum))
        t.append(UInt64(maximum))
        t.append(publicKey)
        return t
    }
}
