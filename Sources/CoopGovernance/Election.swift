import CoopCrypto
import CoopModel

/// How an election's ballots choose candidates.
///
/// Encoded as `{"method": "plurality-at-large", "seats": 2}`, `{"method": "approval", "seats": 2}`,
/// or a ranked method's own form (`{"method": "scottish-stv", "seats": 3}`, `RankedMethod`).
public enum ElectionMethod: Hashable, Sendable {
    /// Each ballot chooses up to `seats` distinct candidates; the `seats` with most votes win.
    case pluralityAtLarge(seats: Int)
    /// Each ballot approves any number of distinct candidates; the `seats` most approved win.
    case approval(seats: Int)
    /// Each ballot ranks candidates; counted by `RankedCount` under the named rule set
    /// (docs/RANKED.md).
    case ranked(RankedMethod)

    public var seats: Int {
        switch self {
        case .pluralityAtLarge(let seats), .approval(let seats): return seats
        case .ranked(let method): return method.seats
        }
    }

    /// "plurality at large", "approval" or the ranked method's code (`scottish-stv`), for explanations.
    public var name: String {
        switch self {
        case .pluralityAtLarge: return "plurality at large"
        case .approval: return "approval"
        case .ranked(let method): return method.code
        }
    }

    /// The ranked rule set, when ballots are rankings.
    public var rankedMethod: RankedMethod? {
        if case .ranked(let method) = self { return method }
        return nil
    }

    /// The same kind of method with another seat count; nil for `irv`, which fills exactly one.
    public func with(seats: Int) -> ElectionMethod? {
        switch self {
        case .pluralityAtLarge: return .pluralityAtLarge(seats: seats)
        case .approval: return .approval(seats: seats)
        case .ranked(.instantRunoff): return seats == 1 ? self : nil
        case .ranked(.scottishSTV): return .ranked(.scottishSTV(seats: seats))
        case .ranked(.meekSTV): return .ranked(.meekSTV(seats: seats))
        }
    }

    /// The method named `code` (as the bylaws and proposals write it) with `seats`, or nil when
    /// there is no such method or `irv` is given more than one seat. `plurality` is accepted for
    /// `plurality-at-large`.
    public init?(code: String, seats: Int) {
        switch code {
        case "plurality", "plurality-at-large": self = .pluralityAtLarge(seats: seats)
        case "approval": self = .approval(seats: seats)
        case "irv":
            guard seats == 1 else { return nil }
            self = .ranked(.instantRunoff)
        case "scottish-stv": self = .ranked(.scottishSTV(seats: seats))
        case "meek-stv": self = .ranked(.meekSTV(seats: seats))
        default: return nil
        }
    }

    /// Every method code the bylaws and proposals accept.
    public static let codes = ["plurality-at-large", "approval", "irv", "scottish-stv", "meek-stv"]
}

extension ElectionMethod: Codable {
    enum CodingKeys: String, CodingKey { case method, seats }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if ["irv", "scottish-stv", "meek-stv"].contains(try c.decode(String.self, forKey: .method)) {
            self = .ranked(try RankedMethod(from: decoder))
            return
        }
        let seats = try c.decode(Int.self, forKey: .seats)
        guard seats >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .seats, in: c, debugDescription: "an election needs at least 1 seat")
        }
        switch try c.decode(String.self, forKey: .method) {
        case "plurality-at-large": self = .pluralityAtLarge(seats: seats)
        case "approval": self = .approval(seats: seats)
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .method, in: c,
                debugDescription: "method is one of \(ElectionMethod.codes.joined(separator: ", ")), not \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .ranked(let method) = self { return try method.encode(to: encoder) }
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .pluralityAtLarge: try c.encode("plurality-at-large", forKey: .method)
        case .approval: try c.encode("approval", forKey: .method)
        case .ranked: break
        }
        try c.encode(seats, forKey: .seats)
    }
}

/// Votes for one candidate.
public struct CandidateCount: Hashable, Sendable, Codable {
    public var name: String
    public var votes: Int64

    public init(name: String, votes: Int64) {
        self.name = name
        self.votes = votes
    }
}

/// The counted ballots of one election.
public struct ElectionTally: Hashable, Sendable, Codable {
    public var method: ElectionMethod
    public var electorate: Int64
    /// Ballots counted, empty selections (abstentions) included: what quorum is counted on.
    public var ballots: Int64
    /// Ballots choosing no one.
    public var abstentions: Int64
    /// Votes per candidate, in the candidate list's order.
    public var counts: [CandidateCount]

    public init(method: ElectionMethod, electorate: Int64, ballots: Int64, abstentions: Int64, counts: [CandidateCount]) {
        self.method = method
        self.electorate = electorate
        self.ballots = ballots
        self.abstentions = abstentions
        self.counts = counts
    }

    /// Why this tally cannot be real (it may have been built by hand), or nil when it can.
    public var inconsistency: String? {
        if electorate < 0 || ballots < 0 || abstentions < 0 || counts.contains(where: { $0.votes < 0 }) {
            return "a count is negative"
        }
        if ballots > electorate { return "\(ballots) ballots exceed the electorate of \(electorate)" }
        if abstentions > ballots { return "\(abstentions) abstentions exceed \(ballots) ballots" }
        if let c = counts.first(where: { $0.votes > ballots - abstentions }) {
            return "\(c.name) has \(c.votes) votes but only \(ballots - abstentions) ballots chose anyone"
        }
        if Set(counts.map(\.name)).count != counts.count { return "a candidate is listed twice" }
        return nil
    }
}

/// How a tie at the last seat(s) was broken.
public struct TieBreak: Hashable, Sendable, Codable {
    /// The tied vote count.
    public var votes: Int64
    /// Seats left for the tied candidates.
    public var seats: Int
    /// The seed's bytes in hex (the hash of the entry that closed the election).
    public var seedHex: String
    /// Tied candidates with SHA-256(seed ‖ name), ascending by hash: the first `seats` win.
    public var order: [Key]
    public var chosen: [String]

    public struct Key: Hashable, Sendable, Codable {
        public var name: String
        public var hashHex: String
    }
}

/// Who an election chose, with the counts and the reasoning written out.
///
/// Seats go to the candidates with most votes. A candidate with no votes is never elected:
/// a seat no one voted for stays vacant (and the explanation says so) rather than being filled
/// by lot. When candidates tie for the last seat(s), the tie is broken by ascending lowercase hex
/// of SHA-256(seed ‖ UTF-8 name), `seed` being bytes the caller fixes in advance, normally the
/// hash of the entry that closed the election: no one can choose it to favour a candidate once
/// ballots are in, and anyone can recompute it.
public struct ElectionResult: Hashable, Sendable, Codable {
    public var method: ElectionMethod
    public var quorumMet: Bool
    public var quorumNeeded: Int64
    /// Candidates by votes, most first; equal counts by UTF-8 name.
    public var ranking: [CandidateCount]
    /// Those elected: outright winners by votes, then tie-break winners in hash order.
    public var winners: [String]
    public var tieBreak: TieBreak?
    /// Seats left empty because too few candidates received a vote (or the quorum was not met).
    public var vacantSeats: Int
    public var explanation: [String]

    enum CodingKeys: String, CodingKey {
        case method, ranking, winners, explanation
        case quorumMet = "quorum_met"
        case quorumNeeded = "quorum_needed"
        case tieBreak = "tie_break"
        case vacantSeats = "vacant_seats"
    }

    /// Decides `tally`: quorum on ballots (abstentions included), then the top `seats`.
    public static func decide(_ tally: ElectionTally, quorum: Quorum = .none, seed: [UInt8]) -> ElectionResult {
        let seats = tally.method.seats
        let ranking = tally.counts.sorted {
            $0.votes != $1.votes ? $0.votes > $1.votes : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
        }
        var result = ElectionResult(
            method: tally.method, quorumMet: false, quorumNeeded: 0, ranking: ranking, winners: [], tieBreak: nil,
            vacantSeats: max(0, seats),
            explanation: [
                "\(tally.method.name), \(seats) seat(s); electorate \(tally.electorate); "
                    + "ballots \(tally.ballots) (abstentions \(tally.abstentions))"
            ])
        if let problem = tally.inconsistency {
            result.explanation.append("tally inconsistent: \(problem) → no one is elected")
            return result
        }
        guard seats >= 1 else {
            result.explanation.append("no seats to fill → no one is elected")
            return result
        }

        let needed = quorum.needed(electorate: tally.electorate)
        result.quorumNeeded = needed
        result.quorumMet = tally.ballots >= needed
        let op = result.quorumMet ? "≥" : "<", verdict = result.quorumMet ? "met" : "not met"
        switch quorum {
        case .none: result.explanation.append("quorum: none required → met")
        case .count: result.explanation.append("quorum: \(tally.ballots) \(op) \(needed) (fixed count) → \(verdict)")
        case .fraction(let r):
            result.explanation.append("quorum: \(tally.ballots) \(op) \(needed) = ⌈\(r) · \(tally.electorate)⌉ → \(verdict)")
        }
        result.explanation.append("votes: " + ranking.map { "\($0.name) \($0.votes)" }.joined(separator: ", "))
        guard result.quorumMet else {
            result.explanation.append("result: quorum not met → no one is elected")
            return result
        }

        let voted = ranking.filter { $0.votes > 0 }
        var winners: [String]
        if voted.count <= seats {
            winners = voted.map(\.name)
        } else {
            let cutoff = voted[seats - 1].votes
            winners = voted.filter { $0.votes > cutoff }.map(\.name)
            let tied = voted.filter { $0.votes == cutoff }
            let open = seats - winners.count
            if tied.count == open {
                winners += tied.map(\.name)
            } else {
                let tie = breakTie(tied.map(\.name), votes: cutoff, seats: open, seed: seed)
                winners += tie.chosen
                result.tieBreak = tie
                result.explanation.append(
                    "tie at the last seat(s): " + tied.map(\.name).joined(separator: ", ")
                        + " have \(cutoff) votes each for \(open) seat(s); broken by ascending SHA-256(seed ‖ name) "
                        + "with seed \(tie.seedHex): " + tie.order.map { "\($0.name) \($0.hashHex)" }.joined(separator: ", ")
                        + " → " + tie.chosen.joined(separator: ", "))
            }
        }
        result.winners = winners
        result.vacantSeats = seats - winners.count
        if result.vacantSeats > 0 {
            result.explanation.append("\(result.vacantSeats) seat(s) left vacant: no other candidate received a vote")
        }
        result.explanation.append("result: elected " + (winners.isEmpty ? "no one" : winners.joined(separator: ", ")))
        return result
    }

    /// Orders `names` by SHA-256(seed ‖ UTF-8 name) ascending and takes the first `seats`.
    static func breakTie(_ names: [String], votes: Int64, seats: Int, seed: [UInt8]) -> TieBreak {
        let keyed = names.map { name -> (name: String, digest: SHA256Digest) in
            (name, SHA256.hash(seed + Array(name.utf8)))
        }
        // Distinct names make equal digests a SHA-256 collision; the name order only keeps the
        // sort total regardless.
        let ordered = keyed.sorted {
            $0.digest != $1.digest ? $0.digest < $1.digest : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
        }
        return TieBreak(
            votes: votes, seats: seats, seedHex: Hex.encode(seed),
            order: ordered.map { TieBreak.Key(name: $0.name, hashHex: $0.digest.hex) },
            chosen: ordered.prefix(seats).map(\.name))
    }
}
