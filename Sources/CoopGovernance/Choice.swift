/// What one ballot says: a position on a motion, the candidates chosen in an election, or a
/// ranking of candidates in a ranked election.
///
/// Encoded as `"yes"`, `"no"`, `"abstain"`, an array of candidate names (`[]` abstains in an
/// election: the ballot counts toward quorum and for no one), or `{"rank": [names]}`, most
/// preferred first (`{"rank": []}` abstains in a ranked election). The ranking is an object, not
/// a bare array, so that a ranking and a selection can never be mistaken for each other.
public enum Choice: Hashable, Sendable {
    case yes
    case no
    case abstain
    /// Candidates chosen in an election, by name.
    case selection([String])
    /// Candidates ranked in a ranked election, by name, most preferred first.
    case ranking([String])
}

extension Choice: Codable {
    /// The one key of a ranking's object.
    struct RankKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let rank = RankKey(stringValue: "rank")
    }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: RankKey.self) {
            // Exactly one key: a stray one would be signed but ignored.
            guard keyed.allKeys.map(\.stringValue) == ["rank"] else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath, debugDescription: "a ranked choice is {\"rank\": [names]} with no other key"))
            }
            self = .ranking(try keyed.decode([String].self, forKey: .rank))
            return
        }
        let c = try decoder.singleValueContainer()
        if let names = try? c.decode([String].self) {
            self = .selection(names)
            return
        }
        switch try c.decode(String.self) {
        case "yes": self = .yes
        case "no": self = .no
        case "abstain": self = .abstain
        case let other:
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "a choice is \"yes\", \"no\", \"abstain\", a list of candidates or {\"rank\": [names]}, not \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .ranking(let names) = self {
            var keyed = encoder.container(keyedBy: RankKey.self)
            try keyed.encode(names, forKey: .rank)
            return
        }
        var c = encoder.singleValueContainer()
        switch self {
        case .yes: try c.encode("yes")
        case .no: try c.encode("no")
        case .abstain: try c.encode("abstain")
        case .selection(let names): try c.encode(names)
        case .ranking: break
        }
    }
}
