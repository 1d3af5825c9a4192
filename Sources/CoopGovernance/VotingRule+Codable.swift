import CoopModel

/// The encoded form of a voting rule, as the bylaws schema and ledger bodies write it
/// (snake_case keys, kebab-case values, fractions as text):
///
/// ```json
/// {"quorum": {"fraction": "1/5"},      // or "none", or {"count": 12}
///  "threshold": "2/3",                 // 0 < threshold ≤ 1
///  "base": "votes-cast",               // or "ballots-cast", "electorate"
///  "comparison": "inclusive",          // or "strict"
///  "notice_days": 14,                  // optional, default 0
///  "voting_days": 7,                   // optional: no fixed window when absent
///  "proxies": {"per_holder_limit": 1}, // optional: proxies not allowed when absent
///  "eligible_classes": ["therapist"],  // optional: every class when absent
///  "proposers": "board",               // or {"any_member": {"seconds": 2}}, {"roles": ["secretary"]}
///  "record_date": "proposal",          // or "open"; optional when decoding, always encoded
///  "ballot": "secret",                 // or "on-request"; absent: "open" (encoded only when not open)
///  "secret_proxies": true}             // optional, encoded only when true
/// ```
///
/// Decoding refuses values no bylaws could mean (a threshold above 1, a negative notice, an
/// empty class list), so a mistake in the rules file is caught when it is read, not at a vote.
extension VotingRule: Codable {
    enum CodingKeys: String, CodingKey {
        case quorum, threshold, base, comparison, proposers, proxies
        case noticeDays = "notice_days"
        case votingDays = "voting_days"
        case eligibleClasses = "eligible_classes"
        case recordDate = "record_date"
        case ballot
        case secretProxies = "secret_proxies"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let threshold = try c.decode(Ratio.self, forKey: .threshold)
        guard threshold.numerator > 0, threshold <= Ratio.one else {
            throw DecodingError.dataCorruptedError(
                forKey: .threshold, in: c, debugDescription: "threshold must be above 0 and at most 1, not \(threshold)")
        }
        let notice = try c.decodeIfPresent(Int.self, forKey: .noticeDays) ?? 0
        guard notice >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .noticeDays, in: c, debugDescription: "notice_days cannot be negative")
        }
        let window = try c.decodeIfPresent(Int.self, forKey: .votingDays)
        if let window, window < 1 {
            throw DecodingError.dataCorruptedError(forKey: .votingDays, in: c, debugDescription: "voting_days must be at least 1")
        }
        let proxies = try c.decodeIfPresent(ProxyRule.self, forKey: .proxies)
        if let proxies, proxies.perHolderLimit < 1 {
            throw DecodingError.dataCorruptedError(
                forKey: .proxies, in: c, debugDescription: "per_holder_limit must be at least 1 (omit proxies to forbid them)")
        }
        let classes = try c.decodeIfPresent([String].self, forKey: .eligibleClasses)
        if let classes, classes.isEmpty {
            throw DecodingError.dataCorruptedError(
                forKey: .eligibleClasses, in: c, debugDescription: "eligible_classes is empty: no one could vote (omit it for every class)")
        }
        self.init(
            quorum: try c.decode(Quorum.self, forKey: .quorum), threshold: threshold,
            base: try c.decode(ThresholdBase.self, forKey: .base),
            comparison: try c.decode(Comparison.self, forKey: .comparison),
            noticeDays: notice, votingDays: window, proxies: proxies, eligibleClasses: classes,
            proposers: try c.decode(Proposers.self, forKey: .proposers),
            recordDate: try c.decodeIfPresent(RecordDate.self, forKey: .recordDate) ?? .proposal,
            ballot: try c.decodeIfPresent(BallotMode.self, forKey: .ballot) ?? .open,
            secretProxies: try c.decodeIfPresent(Bool.self, forKey: .secretProxies) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(quorum, forKey: .quorum)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(base, forKey: .base)
        try c.encode(comparison, forKey: .comparison)
        try c.encode(noticeDays, forKey: .noticeDays)
        try c.encodeIfPresent(votingDays, forKey: .votingDays)
        try c.encodeIfPresent(proxies, forKey: .proxies)
        try c.encodeIfPresent(eligibleClasses, forKey: .eligibleClasses)
        try c.encode(proposers, forKey: .proposers)
        try c.encode(recordDate, forKey: .recordDate)
        // Absent when open and without secret proxies, so rules written before secret ballots
        // keep their encoding (and the state digests of existing ledgers).
        if ballot != .open { try c.encode(ballot, forKey: .ballot) }
        if secretProxies { try c.encode(secretProxies, forKey: .secretProxies) }
    }
}

/// `"none"`, `{"count": 12}` or `{"fraction": "1/5"}`.
extension Quorum: Codable {
    enum CodingKeys: String, CodingKey { case count, fraction }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard text == "none" else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "quorum is \"none\", {\"count\": N} or {\"fraction\": \"1/5\"}, not \"\(text)\""))
            }
            self = .none
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch (try c.decodeIfPresent(Int64.self, forKey: .count), try c.decodeIfPresent(Ratio.self, forKey: .fraction)) {
        case (let n?, nil) where n >= 0:
            self = .count(n)
        case (nil, let r?) where r <= Ratio.one:
            self = .fraction(r)
        default:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "quorum needs exactly one of count (0 or more) or fraction (at most 1)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .none:
            var c = encoder.singleValueContainer()
            try c.encode("none")
        case .count(let n):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(n, forKey: .count)
        case .fraction(let r):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(r, forKey: .fraction)
        }
    }
}

/// `"board"`, `{"any_member": {"seconds": 2}}` or `{"roles": ["secretary"]}`.
extension Proposers: Codable {
    enum CodingKeys: String, CodingKey {
        case roles
        case anyMember = "any_member"
    }

    enum SecondsKeys: String, CodingKey { case seconds }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard text == "board" else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "proposers is \"board\", {\"any_member\": {\"seconds\": N}} or {\"roles\": [...]}, not \"\(text)\""))
            }
            self = .board
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let roles = try c.decodeIfPresent([String].self, forKey: .roles)
        let seconds =
            c.contains(.anyMember)
            ? try c.nestedContainer(keyedBy: SecondsKeys.self, forKey: .anyMember).decode(Int.self, forKey: .seconds)
            : nil
        switch (seconds, roles) {
        case (let n?, nil) where n >= 0:
            self = .anyMember(seconds: n)
        case (nil, let r?) where !r.isEmpty:
            self = .roles(r)
        default:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "proposers needs exactly one of any_member (seconds 0 or more) or roles (not empty)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .board:
            var c = encoder.singleValueContainer()
            try c.encode("board")
        case .anyMember(let seconds):
            var c = encoder.container(keyedBy: CodingKeys.self)
            var inner = c.nestedContainer(keyedBy: SecondsKeys.self, forKey: .anyMember)
            try inner.encode(seconds, forKey: .seconds)
        case .roles(let roles):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(roles, forKey: .roles)
        }
    }
}
