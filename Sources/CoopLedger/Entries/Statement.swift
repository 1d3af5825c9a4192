import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// The signed part of an entry: who says what, where in their own chain, and when they claim it.
///
/// Its canonical JSON bytes (RFC 8785, restricted profile) are what the author signs and what the
/// ledger stores verbatim. `docs/FORMAT.md` lists every field.
public struct Statement: Hashable, Sendable {
    /// The entry format version this code writes and accepts.
    public static let formatVersion: Int64 = 2
    /// The most countersignatures one entry may carry.
    public static let maxCountersigners = 3

    public var ledger: LedgerID
    public var author: MemberID
    /// The key the author signed with; it must be the author's current key at this position.
    public var key: Ed25519.PublicKey
    /// 1 for an author's first entry, then +1 for each of their entries.
    public var seq: Int64
    /// The statement hash (SHA-256 of the statement bytes) of the author's previous entry; nil
    /// exactly when `seq` is 1.
    public var prev: SHA256Digest?
    /// When the author says they signed it: a claim that decides nothing. The ledger refuses a
    /// claim later than its own time (plus a small tolerance); every rule uses the ledger time.
    public var time: Timestamp
    public var type: EntryType
    public var body: JSONValue
    /// Other members whose signatures over the same statement follow the author's (dual
    /// control): each named with the key they sign with, in signing order.
    public var countersigners: [Countersigner]

    public init(
        ledger: LedgerID, author: MemberID, key: Ed25519.PublicKey, seq: Int64, prev: SHA256Digest?,
        time: Timestamp, type: EntryType, body: JSONValue, countersigners: [Countersigner] = []
    ) {
        self.ledger = ledger
        self.author = author
        self.key = key
        self.seq = seq
        self.prev = prev
        self.time = time
        self.type = type
        self.body = body
        self.countersigners = countersigners
    }

    /// The statement as a JSON object (the canonical encoder sorts the keys).
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "v": .integer(Self.formatVersion),
            "ledger": .string(ledger.text),
            "author": .string(author.description),
            "key": .string(key.text),
            "seq": .integer(seq),
            "time": .string(time.description),
            "type": .string(type.rawValue),
            "body": body,
        ]
        if let prev { fields["prev"] = .string(prev.hex) }
        if !countersigners.isEmpty {
            fields["countersigners"] = .array(
                countersigners.map {
                    .object(["member": .string($0.member.description), "key": .string($0.key.text)])
                })
        }
        return .object(fields)
    }

    /// The canonical bytes to sign and store.
    public func canonicalBytes() throws -> [UInt8] {
        try Self.canonicalBytes(of: json)
    }

    /// `canonicalBytes()` of a statement's `json`, already at hand.
    static func canonicalBytes(of tree: JSONValue) throws -> [UInt8] {
        do {
            return try CanonicalJSON.encode(tree)
        } catch {
            throw LedgerError.malformedEntry(index: nil, reason: "the statement is outside the canonical JSON profile: \(error)")
        }
    }

    private static let requiredKeys: Set<String> = ["v", "ledger", "author", "key", "seq", "time", "type", "body"]

    /// Reads a decoded JSON object, checking every field's form (not its meaning in the ledger).
    public init(json: JSONValue) throws {
        guard case let .object(fields) = json else { throw Self.bad("the statement is not a JSON object") }
        // The common case costs one comparison: the right number of fields, each read below.
        let optional = (fields["prev"] == nil ? 0 : 1) + (fields["countersigners"] == nil ? 0 : 1)
        if fields.count != Self.requiredKeys.count + optional {
            if let key = fields.keys.sorted().first(where: { !Self.requiredKeys.contains($0) && $0 != "prev" && $0 != "countersigners" }) {
                throw Self.bad("unknown field \"\(key)\"")
            }
            if let key = Self.requiredKeys.sorted().first(where: { fields[$0] == nil }) {
                throw Self.bad("missing field \"\(key)\"")
            }
        }
        guard case let .integer(v)? = fields["v"] else { throw Self.bad("\"v\" must be an integer") }
        guard v == Self.formatVersion else {
            throw Self.bad("format version \(v) is not supported (this coop reads version \(Self.formatVersion))")
        }
        guard case let .string(ledgerText)? = fields["ledger"], let ledger = LedgerID(ledgerText) else {
            throw Self.bad("\"ledger\" must be 32 lowercase hex characters")
        }
        guard case let .string(authorText)? = fields["author"], let author = MemberID(authorText) else {
            throw Self.bad("\"author\" must be a member id such as m1")
        }
        guard case let .string(keyText)? = fields["key"], let key = try? Ed25519.PublicKey(text: keyText) else {
            throw Self.bad("\"key\" must be an Ed25519 public key in the form ed25519:<base64>")
        }
        guard case let .integer(seq)? = fields["seq"], seq >= 1 else {
            throw Self.bad("\"seq\" must be a positive integer")
        }
        var prev: SHA256Digest?
        if let prevValue = fields["prev"] {
            guard case let .string(prevText) = prevValue, let digest = SHA256Digest(hex: prevText) else {
                throw Self.bad("\"prev\" must be 64 lowercase hex characters")
            }
            prev = digest
        }
        guard (seq == 1) == (prev == nil) else {
            throw Self.bad(seq == 1 ? "an author's first entry (seq 1) has no \"prev\"" : "\"prev\" is required when seq > 1")
        }
        guard case let .string(timeText)? = fields["time"], let time = Timestamp(timeText) else {
            throw Self.bad("\"time\" must be a UTC time YYYY-MM-DDTHH:MM:SSZ")
        }
        guard case let .string(typeText)? = fields["type"], Self.isTypeName(typeText) else {
            throw Self.bad("\"type\" must be a non-empty string")
        }
        guard let body = fields["body"], case .object = body else { throw Self.bad("\"body\" must be a JSON object") }
        var countersigners: [Countersigner] = []
        if let list = fields["countersigners"] {
            countersigners = try Self.countersigners(list, author: author)
        }
        self.init(
            ledger: ledger, author: author, key: key, seq: seq, prev: prev, time: time,
            type: EntryType(typeText), body: body, countersigners: countersigners)
    }

    /// Reads `countersigners`: 1 to `maxCountersigners` objects `{member, key}`, distinct members
    /// other than the author.
    private static func countersigners(_ value: JSONValue, author: MemberID) throws -> [Countersigner] {
        guard case let .array(items) = value, (1...maxCountersigners).contains(items.count) else {
            throw bad("\"countersigners\" must be an array of 1 to \(maxCountersigners) members (absent when there are none)")
        }
        var seen: Set<MemberID> = [author]
        return try items.map { item in
            guard case let .object(o) = item, o.count == 2,
                case let .string(memberText)? = o["member"], let member = MemberID(memberText),
                case let .string(keyText)? = o["key"], let key = try? Ed25519.PublicKey(text: keyText)
            else {
                throw bad("each countersigner is {\"member\": \"m3\", \"key\": \"ed25519:...\"} and nothing else")
            }
            // A countersigner's key must be their key in force, which was checked when it entered
            // the ledger; checked here too so a statement never names a key no one can sign for.
            guard key.isValidPoint else {
                throw bad("countersigner \(member)'s key is not a usable Ed25519 public key (non-canonical or small order)")
            }
            guard seen.insert(member).inserted else {
                throw bad("\(member) countersigns twice, or is the author; a countersigner is another member")
            }
            return Countersigner(member: member, key: key)
        }
    }

    /// Whether `text` may name an entry type: non-empty, at most 64 bytes.
    static func isTypeName(_ text: String) -> Bool { !text.isEmpty && text.utf8.count <= 64 }

    private static func bad(_ reason: String) -> LedgerError { .malformedEntry(index: nil, reason: reason) }
}

/// A member who countersigns an entry, with the key they sign with (which must be their key in
/// force at the entry's position).
public struct Countersigner: Hashable, Sendable {
    public var member: MemberID
    public var key: Ed25519.PublicKey

    public init(member: MemberID, key: Ed25519.PublicKey) {
        self.member = member
        self.key = key
    }
}
