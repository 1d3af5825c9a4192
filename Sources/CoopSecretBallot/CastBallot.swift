import CoopModel

/// A counted ballot: the voter (public, from the signed ledger entry) and the encrypted ballot.
///
/// JSON: `{"voter": "m7", "ballot": EncryptedBallot}`.
public struct CastBallot: Codable, Sendable, Hashable {
    public var voter: MemberID
    public var ballot: EncryptedBallot

    public init(voter: MemberID, ballot: EncryptedBallot) {
        self.voter = voter
        self.ballot = ballot
    }
}
