/// Why a partial decryption was set aside.
public enum PartialRejection: Codable, Sendable, Hashable, CustomStringConvertible {
    /// No trustee of the setup has this number.
    case unknownTrustee
    /// The trustee already has a valid partial decryption among those given; later ones are set aside.
    case duplicate
    /// The factors or proofs do not match the tally's number of choices.
    case wrongShape(factors: Int, proofs: Int, choices: Int)
    /// The proof of correct decryption fails for this choice (0-based).
    case proofFails(choice: Int)

    public var description: String {
        switch self {
        case .unknownTrustee: return "no such trustee"
        case .duplicate: return "a second partial decryption from the same trustee"
        case let .wrongShape(factors, proofs, choices):
            return "\(factors) factors and \(proofs) proofs for \(choices) choices"
        case let .proofFails(choice): return "the proof of correct decryption fails for choice \(choice)"
        }
    }
}

/// A trustee's partial decryption that was not used, and why.
public struct RejectedPartial: Codable, Sendable, Hashable, CustomStringConvertible {
    public var trustee: Int
    public var reason: PartialRejection

    public init(trustee: Int, reason: PartialRejection) {
        self.trustee = trustee
        self.reason = reason
    }

    public var description: String { "trustee \(trustee): \(reason)" }
}
