import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// The signed part of an entry: who says what, where in their own chain, and when they claim it.
///
/// Its canonical JSON bytes (RFC 8785, restricted profile) are what the author signs and what the
/// ledger stores verbatim. `docs/FORMAT.md` lists every field.
public struct Statement: Hashable, Sendable {
    /// The entry format version this code writes and accepts.
    public static let formatVersion: Int64 = 1

    public var ledger: LedgerID
    public var author: MemberID
    /// The key the author signed with; it must be the author's current key at this position.
    public var key: Ed25519.PublicKey
    /// 1 for an author's first entry, then +1 for each of their entries.
    public var seq: Int64
    /// The entry hash of the author's previous entry; nil exactly when `seq` is 1.
    public var prev: SHA256Digest?
    /// When the author says they signed it. Untrusted; only required not to go backwards per author.
    public var time: Timestamp
    public var type: EntryType
    public var body: JSONValue

    public init(
        ledger: LedgerID, author: MemberID, key: Ed25519.PublicKey, seq: Int64, prev: SHA256Digest?,
        time: Timestamp, type: EntryType, body: JSONValue
    ) {
        self.ledger = ledger
        self.author = author
        self.key = key
        self.seq = seq
        self.prev = prev
        self.time = time
        self.type = type
        self.body = body
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
        return .object(fields)
    }

    /// The canonical bytes to sign and store.
    public func canonicalBytes() throws -> [UInt8] {
        do {
            return try CanonicalJSON.encode(json)
        } catch {
            throw LedgerError.malformedEntry(index: nil, reason: "the statement is outside the canonical JSON profile: \(error)")
        }
    }

    private static let requiredKeys: Set<String> = ["v", "ledger", "author", "key", "seq", "time", "type", "body"]

    /// Reads a decoded JSON object, checking every field's form (not its meaning in the ledger).
    public init(json: JSONValue) throws {
        guard case let .object(fields) = json else { throw Self.bad("the statement is not a JSON object") }
        // The common case costs one comparison: the right number of fields, each read below.
        if fields.count != Self.requiredKeys.count + (fields["prev"] == nil ? 0 : 1) {
            if let key = fields.keys.sorted().first(where: { !Self.requiredKeys.contains($0) && $0 != "prev" }) {
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
        guard case let .string(typeText)? = fields["type"], !typeText.isEmpty, typeText.utf8.count <= 64 else {
            throw Self.bad("\"type\" must be a non-empty string")
        }
        guard let body = fields["body"], case .object = body else { throw Self.bad("\"body\" must be a JSON object") }
        self.init(ledger: ledger, author: author, key: key, seq: seq, prev: prev, time: time,
                  type: EntryType(typeText), body: body)
    }

    private static func bad(_ reason: String) -> LedgerError { .malformedEntry(index: nil, reason: reason) }
}
