import CoopBylaws
import CoopCrypto
import CoopModel
import CoopSecretBallot

/// `trustee.key`: step 0 of a secret motion's ceremony, by the trustee it numbers.
public struct TrusteeKeyBody: SingleTypeBody {
    public static let entryType = EntryType.trusteeKey
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var key: TrusteeKey

    public init(motion: MotionID, key: TrusteeKey) {
        self.motion = motion
        self.key = key
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case motion, key }
}

/// `trustee.deal`: step 1, the dealer's commitments, proof and sealed shares.
public struct TrusteeDealBody: SingleTypeBody {
    public static let entryType = EntryType.trusteeDeal
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var dealing: Dealing

    public init(motion: MotionID, dealing: Dealing) {
        self.motion = motion
        self.dealing = dealing
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case motion, dealing }
}

/// `trustee.check`: step 2, the trustee's verdict on the shares sealed to it.
public struct TrusteeCheckBody: SingleTypeBody {
    public static let entryType = EntryType.trusteeCheck
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var check: ShareCheck

    public init(motion: MotionID, check: ShareCheck) {
        self.motion = motion
        self.check = check
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case motion, check }
}

/// `trustee.setup`: step 3, the election key the ceremony gives, which the handler re-derives.
public struct TrusteeSetupBody: SingleTypeBody {
    public static let entryType = EntryType.trusteeSetup
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var publicKey: Ristretto255.Element

    public init(motion: MotionID, publicKey: Ristretto255.Element) {
        self.motion = motion
        self.publicKey = publicKey
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case motion
        case publicKey = "public_key"
    }
}

/// `ballot.secret`: an encrypted ballot, for oneself or (with `for`) for a proxy's grantor.
public struct SecretBallotBody: SingleTypeBody {
    public static let entryType = EntryType.ballotSecret
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var ballot: EncryptedBallot
    public var grantor: MemberID?

    public init(motion: MotionID, ballot: EncryptedBallot, grantor: MemberID? = nil) {
        self.motion = motion
        self.ballot = ballot
        self.grantor = grantor
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case motion, ballot
        case grantor = "for"
    }
}

/// `motion.seal`: the end of a secret vote, with the homomorphic sum of the counted ballots.
public struct MotionSealBody: SingleTypeBody {
    public static let entryType = EntryType.motionSeal
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var tally: EncryptedTally

    public init(motion: MotionID, tally: EncryptedTally) {
        self.motion = motion
        self.tally = tally
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case motion, tally }
}

/// `trustee.decrypt`: a trustee's partial decryption of the sealed tally.
public struct TrusteeDecryptBody: SingleTypeBody {
    public static let entryType = EntryType.trusteeDecrypt
    public static let fields = fieldNames(CodingKeys.self)

    public var motion: MotionID
    public var partial: PartialDecryption

    public init(motion: MotionID, partial: PartialDecryption) {
        self.motion = motion
        self.partial = partial
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case motion, partial }
}
