import CoopPatronage

/// The bylaws' patronage article as data: the allocation rules and the consents they accept.
///
/// Absent from `BylawsRules` when the bylaws say nothing of patronage (a cooperative that makes
/// no allocations). The rules in force at the start of a fiscal year govern that year's
/// allocation; an amendment adopted mid-year applies from the next fiscal year.
public struct PatronageBylaws: Sendable, Equatable, Codable {
    public var rules: PatronageRules
    /// The consent methods the bylaws recognize (a `bylaw` consent needs the bylaws to provide for it).
    public var consent: Set<ConsentMethod>
    /// What happens to a departing member's retained patronage.
    public var onDeparture: PatronageOnDeparture
    /// The provision of the bylaws' text that makes membership a consent (`bylaw_consent`, such
    /// as "Article VI.3"): when set, every member admitted under these bylaws, and every member
    /// when they are adopted, holds a bylaw consent without a `patronage.consent` entry.
    public var bylawConsent: String?

    public init(
        rules: PatronageRules, consent: Set<ConsentMethod>, onDeparture: PatronageOnDeparture = .revolve, bylawConsent: String? = nil
    ) {
        self.rules = rules
        self.consent = consent
        self.onDeparture = onDeparture
        self.bylawConsent = bylawConsent
    }

    enum CodingKeys: String, CodingKey {
        case rules, consent
        case onDeparture = "on_departure"
        case bylawConsent = "bylaw_consent"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rules = try c.decode(PatronageRules.self, forKey: .rules)
        consent = Set(try c.decode([ConsentMethod].self, forKey: .consent))
        onDeparture = try c.decodeIfPresent(PatronageOnDeparture.self, forKey: .onDeparture) ?? .revolve
        bylawConsent = try c.decodeIfPresent(String.self, forKey: .bylawConsent)
    }

    /// Consent methods sorted, so the encoding (part of state snapshots) is deterministic.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rules, forKey: .rules)
        try c.encode(consent.sorted(), forKey: .consent)
        try c.encode(onDeparture, forKey: .onDeparture)
        try c.encodeIfPresent(bylawConsent, forKey: .bylawConsent)
    }
}

/// Retained patronage of a member who leaves: kept until the board revolves its year (the
/// default), or redeemable by the treasurer once the member has left (`equity.redeem`).
public enum PatronageOnDeparture: String, Sendable, Codable, CaseIterable {
    case revolve
    case redeem
}
