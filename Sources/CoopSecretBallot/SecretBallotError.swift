import CoopModel

/// Everything CoopSecretBallot refuses. Each message says what was wrong and what to do.
public enum SecretBallotError: Error, Equatable, Sendable, CustomStringConvertible {
    // Election and ceremony parameters.
    /// An election context that cannot hold a ballot (choices, min, max or key out of range).
    case invalidContext(String)
    /// A trustee ceremony that cannot run (threshold, trustee list).
    case invalidCeremony(String)

    // Casting.
    /// The voter gave a selection for a different number of choices than the motion has.
    case wrongNumberOfSelections(expected: Int, actual: Int)
    /// A selected choice number outside `0..<choices`.
    case selectionOutOfRange(index: Int, choices: Int)
    /// The voter selected fewer than `minimum` or more than `maximum` choices.
    case selectionCountOutOfRange(selected: Int, minimum: Int, maximum: Int)

    // Ballot verification.
    /// A ballot's structure does not match the election (number of choices or proof branches).
    case malformedBallot(String)
    /// The proof that choice `choice` (0-based) encrypts 0 or 1 does not verify for this election and voter.
    case choiceProofFails(choice: Int)
    /// The proof that the number of selected choices lies in min...max does not verify.
    case sumProofFails
    /// A ballot refused during an audit, with the voter it was cast for.
    case ballotRefused(voter: MemberID, reason: String)
    /// Two counted ballots share a ciphertext: one was copied from the other.
    case replayedCiphertext(voter: MemberID, copiedFrom: MemberID)
    /// The same voter appears twice among the counted ballots.
    case duplicateVoter(MemberID)

    // Trustee ceremony.
    /// A trustee number outside 1...n.
    case trusteeOutOfRange(trustee: Int, trustees: Int)
    /// A trustee's published encryption key is malformed or its proof of possession fails.
    case invalidTrusteeKey(trustee: Int, reason: String)
    /// Some trustees have not published their encryption key yet.
    case missingTrusteeKeys([Int])
    /// Two entries for the same trustee and step.
    case duplicateStep(trustee: Int, step: String)
    /// A dealing that fails the public checks (shape, proof of knowledge).
    case invalidDealing(dealer: Int, reason: String)
    /// A complaint or share check that is malformed.
    case invalidShareCheck(trustee: Int, reason: String)
    /// Fewer dealings qualified than the threshold: no key can be trusted.
    case notEnoughQualifiedDealers(qualified: [Int], threshold: Int)
    /// The qualified dealings add up to the identity, which is no public key.
    case identityElectionKey
    /// A trustee's share from a qualified dealer does not open or match the dealer's commitments.
    case shareDoesNotVerify(trustee: Int, dealer: Int)
    /// A trustee's combined share does not match its verification key.
    case shareDoesNotMatchVerificationKey(trustee: Int)
    /// A trustee secret that does not belong to the trustee's published key.
    case wrongTrusteeSecret(trustee: Int)

    // Tally.
    /// Fewer valid partial decryptions than the threshold.
    case notEnoughPartialDecryptions(valid: [Int], threshold: Int, rejected: [RejectedPartial])
    /// A decrypted count outside 0...ballots: the partial decryptions or the tally are not what they claim.
    case countOutOfRange(choice: Int, ballots: Int)
    /// The counts announced for the election are not the counts the ballots and decryptions prove.
    case countsDiffer(claimed: [Int], proven: [Int])

    public var description: String {
        switch self {
        case let .invalidContext(reason):
            return "the secret election's parameters are invalid: \(reason)"
        case let .invalidCeremony(reason):
            return "the trustee ceremony's parameters are invalid: \(reason)"
        case let .wrongNumberOfSelections(expected, actual):
            return "the ballot has \(actual) selections but the motion has \(expected) choices; give one per choice"
        case let .selectionOutOfRange(index, choices):
            return "choice \(index) does not exist; choices are numbered 0 to \(choices - 1)"
        case let .selectionCountOutOfRange(selected, minimum, maximum):
            return "\(selected) choices selected; this motion takes \(minimum == maximum ? "exactly \(minimum)" : "\(minimum) to \(maximum)")"
        case let .malformedBallot(reason):
            return "the encrypted ballot is malformed: \(reason); it was not made for this election by coop"
        case let .choiceProofFails(choice):
            return "the proof that choice \(choice) is 0 or 1 does not verify for this election and voter; "
                + "the ballot is refused (altered, made for another motion or voter, or not a 0/1 vote)"
        case .sumProofFails:
            return "the proof that the number of selected choices is within the allowed range does not verify; "
                + "the ballot is refused (altered, made for another motion or voter, or too many or too few choices)"
        case let .ballotRefused(voter, reason):
            return "the ballot of \(voter) is refused: \(reason)"
        case let .replayedCiphertext(voter, copiedFrom):
            return "the ballot of \(voter) reuses a ciphertext of \(copiedFrom)'s ballot; a copied ballot is refused"
        case let .duplicateVoter(voter):
            return "\(voter) has two counted ballots; count only the last ballot of each voter"
        case let .trusteeOutOfRange(trustee, trustees):
            return "there is no trustee \(trustee); trustees are numbered 1 to \(trustees)"
        case let .invalidTrusteeKey(trustee, reason):
            return "trustee \(trustee)'s encryption key is refused: \(reason); the trustee must publish a new one"
        case let .missingTrusteeKeys(trustees):
            return "waiting for the encryption keys of trustees \(trustees.map(String.init).joined(separator: ", ")); "
                + "each must publish one before shares can be dealt"
        case let .duplicateStep(trustee, step):
            return "trustee \(trustee) published \(step) twice; only one is allowed"
        case let .invalidDealing(dealer, reason):
            return "trustee \(dealer)'s dealing is refused: \(reason)"
        case let .invalidShareCheck(trustee, reason):
            return "trustee \(trustee)'s share check is refused: \(reason)"
        case let .notEnoughQualifiedDealers(qualified, threshold):
            return "only \(qualified.count) trustees dealt valid shares (\(qualified.map(String.init).joined(separator: ", "))) "
                + "but the threshold is \(threshold); start the ceremony again with trustees who take part"
        case .identityElectionKey:
            return "the qualified dealings add up to the identity element, which is no public key; start the ceremony again"
        case let .shareDoesNotVerify(trustee, dealer):
            return "trustee \(trustee)'s share from trustee \(dealer) does not open or does not match the dealer's "
                + "commitments; trustee \(trustee) should have complained in the share check"
        case let .shareDoesNotMatchVerificationKey(trustee):
            return "trustee \(trustee)'s combined share does not match its verification key; the shares or the setup were altered"
        case let .wrongTrusteeSecret(trustee):
            return "this secret key is not trustee \(trustee)'s published encryption key; use the key file the trustee made"
        case let .notEnoughPartialDecryptions(valid, threshold, rejected):
            let bad = rejected.isEmpty ? "" : "; rejected: " + rejected.map(\.description).joined(separator: "; ")
            return "\(valid.count) valid partial decryptions of the \(threshold) needed"
                + (valid.isEmpty ? "" : " (trustees \(valid.map(String.init).joined(separator: ", ")))")
                + bad + "; waiting for \(threshold - valid.count) more trustee\(threshold - valid.count == 1 ? "" : "s")"
        case let .countOutOfRange(choice, ballots):
            return "choice \(choice) does not decrypt to a count between 0 and \(ballots); the tally or the decryptions were altered"
        case let .countsDiffer(claimed, proven):
            return "the announced counts \(claimed) differ from the counts the ballots and decryptions prove, \(proven)"
        }
    }
}
