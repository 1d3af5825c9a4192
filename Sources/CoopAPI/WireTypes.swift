import CoopLedger

/// One entry of a post as the server logged it (or had logged before: `duplicate`).
public struct PostedEntry: Codable, Hashable, Sendable {
    public var index: UInt64
    /// The entry hash (RFC 9162 leaf hash), lower-case hex: the ballot tracker.
    public var hash: String
    /// The ledger time the server gave it, `YYYY-MM-DDTHH:MM:SSZ`.
    public var ledgerTime: String
    /// True when the ledger already held this signed statement (a retried post).
    public var duplicate: Bool

    public init(index: UInt64, hash: String, ledgerTime: String, duplicate: Bool) {
        self.index = index
        self.hash = hash
        self.ledgerTime = ledgerTime
        self.duplicate = duplicate
    }

    enum CodingKeys: String, CodingKey {
        case index, hash, duplicate
        case ledgerTime = "ledger_time"
    }
}

/// The answer to a post: its entries in order, and with `wait=checkpoint` the signed checkpoint
/// that covers them.
public struct PostResponse: Codable, Hashable, Sendable {
    public var entries: [PostedEntry]
    public var checkpoint: String?

    public init(entries: [PostedEntry], checkpoint: String? = nil) {
        self.entries = entries
        self.checkpoint = checkpoint
    }
}

/// Every error body: a stable code programs match, and the message the CLI would print.
/// A refused entry adds the refusal's code, field and the entry's position in the post.
public struct APIError: Codable, Hashable, Sendable, Error, CustomStringConvertible {
    /// Stable codes: `unauthenticated`, `forbidden`, `not-found`, `bad-request`, `too-large`,
    /// `rate-limited`, `refused` (the ledger's rules), `unavailable`, `timeout`, `internal`.
    public var code: String
    public var message: String
    /// For `refused`: the `EntryRefusal` code (`chain-broken`, `unauthorized`, …).
    public var refusal: String?
    public var field: String?
    /// For `refused`: the entry's position in the post (0-based).
    public var position: Int?

    public init(code: String, message: String, refusal: String? = nil, field: String? = nil, position: Int? = nil) {
        self.code = code
        self.message = message
        self.refusal = refusal
        self.field = field
        self.position = position
    }

    public var description: String { message }
}
