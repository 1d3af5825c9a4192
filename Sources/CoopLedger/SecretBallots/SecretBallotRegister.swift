import CoopBylaws
import CoopCrypto
import CoopModel
import CoopSecretBallot

extension EntryType {
    /// A trustee publishes its encryption key for a secret motion's ceremony (step 0).
    public static let trusteeKey = EntryType("trustee.key")
    /// A trustee deals sealed shares of its polynomial to every trustee (step 1).
    public static let trusteeDeal = EntryType("trustee.deal")
    /// A trustee reports the shares sealed to it good, or complains (step 2).
    public static let trusteeCheck = EntryType("trustee.check")
    /// The secretary records the election key the ceremony gives (step 3); ballots may then be cast.
    public static let trusteeSetup = EntryType("trustee.setup")
    /// A member's encrypted ballot on a secret motion (or one cast for a grantor under a proxy).
    public static let ballotSecret = EntryType("ballot.secret")
    /// The secretary ends a secret vote and records the homomorphic sum of the counted ballots.
    public static let motionSeal = EntryType("motion.seal")
    /// A trustee's partial decryption of the sealed tally, with proofs.
    public static let trusteeDecrypt = EntryType("trustee.decrypt")
}

/// One recorded encrypted ballot: who cast it (and for whom, under a proxy), where, and its
/// ciphertexts. The proofs were checked when the entry was judged; the state keeps only what
/// the tally adds up.
public struct SecretBallotRecord: Sendable, Equatable, Codable {
    public var position: UInt64
    /// The entry's author.
    public var member: MemberID
    /// For a proxy ballot: the grantor it is cast for (and whose id the proofs are bound to).
    public var grantor: MemberID?
    /// One ciphertext per choice.
    public var ciphertexts: [Ciphertext]

    enum CodingKeys: String, CodingKey {
        case position, member, ciphertexts
        case grantor = "for"
    }

    /// The member the ballot counts for.
    public var voter: MemberID { grantor ?? member }
}

/// A secret motion's cryptographic state, replayed from its entries: the trustees' ceremony, the
/// election key, the encrypted ballots, the sealed tally, the partial decryptions and the counts.
public struct SecretElection: Sendable, Equatable, Codable {
    /// The trustees and threshold named at opening (label: the motion id).
    public var ceremony: TrusteeCeremony
    /// The ballot's shape: one encrypted 0/1 per choice, between `minimum` and `maximum` selected.
    public var choices: [String]
    public var minimum: Int
    public var maximum: Int
    /// Steps 0 to 2 of the ceremony, in ledger order.
    public var keys: [TrusteeKey] = []
    public var dealings: [Dealing] = []
    public var checks: [ShareCheck] = []
    /// Step 3, recorded by `trustee.setup`: from then on ballots are accepted.
    public var setup: TrusteeSetup?
    public var setupIndex: UInt64?
    /// Every encrypted ballot, in ledger order (later ones replace earlier ones as the ballot box says).
    public var ballots: [SecretBallotRecord] = []
    /// The sealed tally (`motion.seal`): no ballot is accepted after it.
    public var tally: EncryptedTally?
    public var sealIndex: UInt64?
    /// Every partial decryption posted, in ledger order (bad ones are named, not used).
    public var partials: [PartialDecryption] = []
    /// The counts the close recorded, with the trustees used and the partial decryptions set aside.
    public var result: DecryptedTally?

    /// Which member cast each ciphertext `alpha` seen so far (derived: rebuilt when decoded).
    var alphaOwners: [Ristretto255.Element: MemberID] = [:]

    public init(ceremony: TrusteeCeremony, choices: [String], minimum: Int, maximum: Int) {
        self.ceremony = ceremony
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
    }

    enum CodingKeys: String, CodingKey {
        case ceremony, choices, keys, dealings, checks, setup, ballots, tally, partials, result
        case minimum = "min"
        case maximum = "max"
        case setupIndex = "setup_index"
        case sealIndex = "seal_index"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ceremony = try c.decode(TrusteeCeremony.self, forKey: .ceremony)
        choices = try c.decode([String].self, forKey: .choices)
        minimum = try c.decode(Int.self, forKey: .minimum)
        maximum = try c.decode(Int.self, forKey: .maximum)
        keys = try c.decode([TrusteeKey].self, forKey: .keys)
        dealings = try c.decode([Dealing].self, forKey: .dealings)
        checks = try c.decode([ShareCheck].self, forKey: .checks)
        setup = try c.decodeIfPresent(TrusteeSetup.self, forKey: .setup)
        setupIndex = try c.decodeIfPresent(UInt64.self, forKey: .setupIndex)
        ballots = try c.decode([SecretBallotRecord].self, forKey: .ballots)
        tally = try c.decodeIfPresent(EncryptedTally.self, forKey: .tally)
        sealIndex = try c.decodeIfPresent(UInt64.self, forKey: .sealIndex)
        partials = try c.decode([PartialDecryption].self, forKey: .partials)
        result = try c.decodeIfPresent(DecryptedTally.self, forKey: .result)
        for b in ballots {
            for ct in b.ciphertexts { alphaOwners[ct.alpha] = alphaOwners[ct.alpha] ?? b.voter }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ceremony, forKey: .ceremony)
        try c.encode(choices, forKey: .choices)
        try c.encode(minimum, forKey: .minimum)
        try c.encode(maximum, forKey: .maximum)
        try c.encode(keys, forKey: .keys)
        try c.encode(dealings, forKey: .dealings)
        try c.encode(checks, forKey: .checks)
        try c.encodeIfPresent(setup, forKey: .setup)
        try c.encodeIfPresent(setupIndex, forKey: .setupIndex)
        try c.encode(ballots, forKey: .ballots)
        try c.encodeIfPresent(tally, forKey: .tally)
        try c.encodeIfPresent(sealIndex, forKey: .sealIndex)
        try c.encode(partials, forKey: .partials)
        try c.encodeIfPresent(result, forKey: .result)
    }

    /// The trustee number of `member` in this ceremony, if a trustee.
    public func trustee(_ member: MemberID) -> Int? { ceremony.index(of: member) }

    /// Trustees (numbers) who have not yet published step `step`'s entry.
    public func missing(_ step: KeyPath<SecretElection, [Int]>) -> [Int] {
        let done = Set(self[keyPath: step])
        return (1...ceremony.count).filter { !done.contains($0) }
    }

    public var keyTrustees: [Int] { keys.map(\.trustee) }
    public var dealers: [Int] { dealings.map(\.dealer) }
    public var checkers: [Int] { checks.map(\.trustee) }
}
