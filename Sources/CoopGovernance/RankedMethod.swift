/// How a ranked-choice election is counted. Each name is a published rule set, pinned down in
/// `docs/RANKED.md`, so that every tool following the same rules reaches the same result.
///
/// Encoded as `{"method": "irv", "seats": 1}`, `{"method": "scottish-stv", "seats": 3}` or
/// `{"method": "meek-stv", "seats": 3}`; `seats` may be omitted for `irv`.
public enum RankedMethod: Hashable, Sendable {
    /// Instant-runoff voting for one seat: the Scottish STV rules with one seat.
    case instantRunoff
    /// STV under the Scottish Local Government Elections Order 2007, Schedule 1 rules 45-52:
    /// Droop quota, fractional transfers truncated to 5 decimal places.
    case scottishSTV(seats: Int)
    /// STV by Meek's method as the Proportional Representation Foundation's Reference Meek Rule
    /// states it: 9 decimal places, iteration until the surplus is below 0.000001.
    case meekSTV(seats: Int)

    public var seats: Int {
        switch self {
        case .instantRunoff: return 1
        case .scottishSTV(let seats), .meekSTV(let seats): return seats
        }
    }

    /// The stable name the bylaws use: `irv`, `scottish-stv`, `meek-stv`.
    public var code: String {
        switch self {
        case .instantRunoff: return "irv"
        case .scottishSTV: return "scottish-stv"
        case .meekSTV: return "meek-stv"
        }
    }

    /// Decimal places of every value in the count (5 for the Scottish rules and IRV, 9 for Meek).
    public var decimalPlaces: Int {
        switch self {
        case .instantRunoff, .scottishSTV: return 5
        case .meekSTV: return 9
        }
    }
}

extension RankedMethod: Codable {
    enum CodingKeys: String, CodingKey { case method, seats }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let method = try c.decode(String.self, forKey: .method)
        let seats = try c.decodeIfPresent(Int.self, forKey: .seats)
        switch method {
        case "irv":
            guard seats == nil || seats == 1 else {
                throw DecodingError.dataCorruptedError(forKey: .seats, in: c, debugDescription: "irv fills exactly 1 seat")
            }
            self = .instantRunoff
        case "scottish-stv", "meek-stv":
            guard let seats else {
                throw DecodingError.keyNotFound(
                    CodingKeys.seats, .init(codingPath: c.codingPath, debugDescription: "\(method) needs a seat count"))
            }
            guard seats >= 1 else {
                throw DecodingError.dataCorruptedError(forKey: .seats, in: c, debugDescription: "an election needs at least 1 seat")
            }
            self = method == "scottish-stv" ? .scottishSTV(seats: seats) : .meekSTV(seats: seats)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .method, in: c, debugDescription: "method is \"irv\", \"scottish-stv\" or \"meek-stv\", not \"\(method)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .method)
        try c.encode(seats, forKey: .seats)
    }
}
