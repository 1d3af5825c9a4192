/// What one ballot says: a position on a motion, or the candidates chosen in an election.
///
/// Encoded as `"yes"`, `"no"`, `"abstain"`, or an array of candidate names (`[]` abstains in an
/// election: the ballot counts toward quorum and for no one).
public enum Choice: Hashable, Sendable {
    case yes
    case no
    case abstain
    /// Candidates chosen in an election, by name.
    case selection([String])
}

extension Choice: Codable {
    public init(from decoder: any Decoder) throws {
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
                in: c, debugDescription: "a choice is \"yes\", \"no\", \"abstain\" or a list of candidates, not \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .yes: try c.encode("yes")
        case .no: try c.encode("no")
        case .abstain: try c.encode("abstain")
        case .selection(let names): try c.encode(names)
        }
    }
}
