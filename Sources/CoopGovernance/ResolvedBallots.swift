import CoopModel

/// The ballot that counts for one member.
public struct CountedBallot: Hashable, Sendable, Codable {
    public var member: MemberID
    public var choice: Choice
    /// Ledger position of the counted ballot.
    public var position: UInt64
    /// Who cast it, when it was cast by proxy.
    public var proxyHolder: MemberID?

    public var byProxy: Bool { proxyHolder != nil }

    public init(member: MemberID, choice: Choice, position: UInt64, proxyHolder: MemberID?) {
        self.member = member
        self.choice = choice
        self.position = position
        self.proxyHolder = proxyHolder
    }

    enum CodingKeys: String, CodingKey {
        case member, choice, position
        case proxyHolder = "proxy_holder"
    }
}

/// The outcome of resolving a ballot box: which ballot counts for whom, which were set aside and
/// why, and the counts to decide on. Exactly one of `tally` (motions) and `electionTally` is set.
public struct ResolvedBallots: Hashable, Sendable, Codable {
    /// One per member who voted (directly or by proxy), ordered by member.
    public var ballots: [CountedBallot]
    /// Positions of ballots replaced by a later ballot of the same voter (or same proxy holder for
    /// the same grantor), ascending.
    public var superseded: [UInt64]
    /// Positions of proxy ballots set aside because the grantor voted directly, ascending.
    public var overriddenProxyBallots: [UInt64]
    /// Positions of proxy ballots set aside because the grant was revoked or replaced, ascending.
    public var revokedProxyBallots: [UInt64]
    public var tally: Tally?
    public var electionTally: ElectionTally?

    public init(
        ballots: [CountedBallot], superseded: [UInt64], overriddenProxyBallots: [UInt64],
        revokedProxyBallots: [UInt64], tally: Tally?, electionTally: ElectionTally?
    ) {
        self.ballots = ballots
        self.superseded = superseded
        self.overriddenProxyBallots = overriddenProxyBallots
        self.revokedProxyBallots = revokedProxyBallots
        self.tally = tally
        self.electionTally = electionTally
    }

    enum CodingKeys: String, CodingKey {
        case ballots, superseded, tally
        case overriddenProxyBallots = "overridden_proxy_ballots"
        case revokedProxyBallots = "revoked_proxy_ballots"
        case electionTally = "election_tally"
    }
}
