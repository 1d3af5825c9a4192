import CoopModel

/// A proxy in force: `holder` may vote for the grantor.
public struct ProxyGrant: Hashable, Sendable, Codable {
    public var holder: MemberID
    /// Ledger position of the grant.
    public var position: UInt64

    public init(holder: MemberID, position: UInt64) {
        self.holder = holder
        self.position = position
    }
}

/// Proxies. Why these rules: a proxy is a member's standing instruction, so the member's own
/// ballot always wins over it; a proxy is personal and not passed on (a holder who has given
/// their own proxy away still votes the proxies they hold, and no one votes through a chain);
/// the per-holder limit is checked when the grant is made, so a grant the bylaws forbid is
/// refused at once rather than discovered at the count.
extension BallotBox {
    /// Grants `grantor`'s proxy to `holder`. A new grant replaces the grantor's earlier one (to
    /// someone else); any ballot the earlier holder cast for the grantor stops counting.
    public mutating func grantProxy(from grantor: MemberID, to holder: MemberID, position: UInt64) throws(GovernanceError) {
        try checkOrder(position)
        guard let rule = proxyRule else { throw .proxiesNotAllowed }
        guard electorate.contains(grantor) else { throw .notInElectorate(grantor) }
        guard electorate.contains(holder) else { throw .notInElectorate(holder) }
        guard grantor != holder else { throw .proxyToSelf(grantor) }
        let previous = grants[grantor]
        if previous?.holder == holder {
            // Granting again to the same holder changes nothing; the original grant stands.
            lastPosition = position
            return
        }
        guard held[holder, default: 0] < rule.perHolderLimit else {
            throw .proxyLimitReached(holder: holder, limit: rule.perHolderLimit)
        }
        lastPosition = position
        if previous != nil { endGrant(of: grantor) }
        grants[grantor] = ProxyGrant(holder: holder, position: position)
        held[holder, default: 0] += 1
    }

    /// Revokes `grantor`'s proxy; a ballot the holder already cast for the grantor stops counting.
    public mutating func revokeProxy(from grantor: MemberID, position: UInt64) throws(GovernanceError) {
        try checkOrder(position)
        guard grants[grantor] != nil else { throw .noProxyToRevoke(grantor) }
        lastPosition = position
        endGrant(of: grantor)
    }

    /// Records a ballot `holder` casts for `grantor` under a grant in force. It counts only if the
    /// grantor casts no ballot of their own before the vote closes; a later proxy ballot from the
    /// same holder for the same grantor replaces it.
    public mutating func castAsProxy(holder: MemberID, for grantor: MemberID, choice: Choice, position: UInt64) throws(GovernanceError) {
        try checkOrder(position)
        guard electorate.contains(holder) else { throw .notInElectorate(holder) }
        guard electorate.contains(grantor) else { throw .notInElectorate(grantor) }
        guard grants[grantor]?.holder == holder else { throw .notProxyHolder(holder: holder, grantor: grantor) }
        let choice = try validated(choice, by: holder)
        lastPosition = position
        if let earlier = slots[grantor]?.proxy { superseded.append(earlier.position) }
        slots[grantor, default: Slot()].proxy = Cast(choice: choice, position: position)
        slots[grantor, default: Slot()].proxyHolder = holder
    }

    /// The grant `grantor` has in force, if any.
    public func proxyGrant(of grantor: MemberID) -> ProxyGrant? { grants[grantor] }

    /// How many grants `holder` carries now.
    public func proxiesHeld(by holder: MemberID) -> Int { held[holder, default: 0] }

    /// Drops the grant and the proxy ballot cast under it.
    mutating func endGrant(of grantor: MemberID) {
        guard let grant = grants.removeValue(forKey: grantor) else { return }
        let remaining = held[grant.holder, default: 1] - 1
        held[grant.holder] = remaining > 0 ? remaining : nil
        if let ballot = slots[grantor]?.proxy {
            revokedProxyBallots.append(ballot.position)
            slots[grantor]?.proxy = nil
            slots[grantor]?.proxyHolder = nil
        }
    }
}
