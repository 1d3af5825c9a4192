import CoopCrypto
import CoopModel

/// The parameters of one distributed key generation: which ledger and election it is for, the
/// trustees (trustee `i` is `trustees[i − 1]`, numbered from 1), and the threshold `t`: any `t`
/// of the `n` trustees can decrypt the tally, fewer learn nothing.
///
/// JSON: `{"ledger_id", "label", "threshold", "trustees": ["m2", "m5", …]}`.
public struct TrusteeCeremony: Codable, Sendable, Hashable {
    /// The most trustees one ceremony may have.
    public static let maximumTrustees = 64

    /// The ledger's id.
    public let ledgerID: String
    /// What the key is for, as the ledger names it (a motion id, or an election's name).
    public let label: String
    /// How many trustees must take part in decrypting (1...n).
    public let threshold: Int
    /// The trustees, in the order that numbers them 1...n.
    public let trustees: [MemberID]

    enum CodingKeys: String, CodingKey {
        case ledgerID = "ledger_id", label, threshold, trustees
    }

    /// A checked ceremony.
    /// - Throws: `invalidCeremony` unless 1 ≤ threshold ≤ n ≤ 64, the trustees are distinct and
    ///   the ids are non-empty.
    public init(ledgerID: String, label: String, threshold: Int, trustees: [MemberID]) throws {
        self.ledgerID = ledgerID
        self.label = label
        self.threshold = threshold
        self.trustees = trustees
        try validate()
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ledgerID = try c.decode(String.self, forKey: .ledgerID)
        label = try c.decode(String.self, forKey: .label)
        threshold = try c.decode(Int.self, forKey: .threshold)
        trustees = try c.decode([MemberID].self, forKey: .trustees)
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    /// The number of trustees, n.
    public var count: Int { trustees.count }

    /// The trustee number (1...n) of `member`, or nil.
    public func index(of member: MemberID) -> Int? {
        trustees.firstIndex(of: member).map { $0 + 1 }
    }

    /// Checks the parameters (the initialiser and decoding already do).
    public func validate() throws {
        func refuse(_ reason: String) -> SecretBallotError { .invalidCeremony(reason) }
        guard !ledgerID.isEmpty, !label.isEmpty else { throw refuse("the ledger id and label must not be empty") }
        guard (1...Self.maximumTrustees).contains(trustees.count) else {
            throw refuse("a ceremony has 1 to \(Self.maximumTrustees) trustees, not \(trustees.count)")
        }
        guard Set(trustees).count == trustees.count else { throw refuse("a member is listed twice as trustee") }
        guard (1...trustees.count).contains(threshold) else {
            throw refuse("the threshold must be between 1 and the number of trustees (\(trustees.count)), not \(threshold)")
        }
    }

    /// Throws `trusteeOutOfRange` unless `trustee` is in 1...n.
    func check(trustee: Int) throws {
        guard trustee >= 1, trustee <= count else { throw SecretBallotError.trusteeOutOfRange(trustee: trustee, trustees: count) }
    }

    /// A transcript for `domain` that starts with this ceremony's fields, in this order:
    /// ledger_id, label (UTF-8), threshold, n (u64be), then each trustee's member id (UTF-8).
    func transcript(domain: String) -> Ristretto255.Transcript {
        var t = Ristretto255.Transcript(domain: domain)
        t.append(ledgerID)
        t.append(label)
        t.append(UInt64(threshold))
        t.append(UInt64(trustees.count))
        for member in trustees { t.append(member.description) }
        return t
    }
}
