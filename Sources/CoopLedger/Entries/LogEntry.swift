import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// A signed entry as the ledger logged it: with the **ledger time** the appending ledger gave
/// it. The time is part of the Merkle leaf, so the tree and every checkpoint signature commit to
/// it (the RFC 6962 `TimestampedEntry` idea): every rule about deadlines and dates is judged on
/// it, and `verify` checks that it never goes backwards.
public struct LogEntry: Hashable, Sendable {
    public let ledgerTime: Timestamp
    public let signed: SignedEntry

    public init(ledgerTime: Timestamp, signed: SignedEntry) {
        self.ledgerTime = ledgerTime
        self.signed = signed
    }

    public var statementBytes: [UInt8] { signed.statementBytes }

    /// SHA-256 of the statement bytes: what the author's next statement names as `prev`.
    public var statementHash: SHA256Digest { signed.statementHash }

    /// The Merkle leaf: the ledger time as a big-endian unsigned 64-bit count of seconds since
    /// 1970-01-01T00:00:00Z, the number of signatures (one byte), the signatures, then the
    /// statement bytes. Fixed-width fields first, so the leaf parses one way only.
    public var leaf: [UInt8] {
        var bytes = Self.prefix(ledgerTime, signatures: signed.signatures.count)
        bytes.reserveCapacity(bytes.count + 64 * signed.signatures.count + signed.statementBytes.count)
        for s in signed.signatures { s.withUnsafeBytes { bytes.append(contentsOf: $0) } }
        return bytes + signed.statementBytes
    }

    /// The entry hash: the RFC 9162 leaf hash SHA-256(0x00 ‖ leaf): what the tree, receipts and
    /// election tie-breaks use. (Authors chain on the statement hash, which they know before the
    /// ledger gives the entry its time and before countersigners sign.)
    public var hash: SHA256Digest {
        var hasher = SHA256.Hasher()
        hasher.update(byte: 0)
        hasher.update(Self.prefix(ledgerTime, signatures: signed.signatures.count))
        for s in signed.signatures { hasher.update(s) }
        hasher.update(signed.statementBytes)
        return hasher.finalize()
    }

    /// Parses a Merkle leaf (as a tiles entry bundle carries it): the inverse of `leaf`.
    /// The statement bytes are kept exactly; the signatures are checked later, by `decode`.
    public init(leaf: [UInt8]) throws {
        func bad(_ reason: String) -> LedgerError { .malformedEntry(index: nil, reason: "a leaf " + reason) }
        guard leaf.count >= 9 else { throw bad("is shorter than its 9-byte header") }
        let seconds = leaf[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard seconds <= UInt64(Int64.max) else { throw bad("has a ledger time beyond 2^63 − 1 seconds") }
        let count = Int(leaf[8])
        guard (1...1 + Statement.maxCountersigners).contains(count) else { throw bad("names \(count) signatures") }
        let end = 9 + 64 * count
        guard leaf.count > end else { throw bad("ends before its statement") }
        var signatures: [Ed25519.Signature] = []
        for i in 0..<count {
            guard let signature = try? Ed25519.Signature(bytes: Array(leaf[9 + 64 * i..<9 + 64 * (i + 1)])) else {
                throw bad("has an unreadable signature")
            }
            signatures.append(signature)
        }
        self.init(
            ledgerTime: Timestamp(secondsSinceEpoch: Int64(seconds)),
            signed: SignedEntry(statementBytes: Array(leaf[end...]), signatures: signatures))
    }

    private static func prefix(_ time: Timestamp, signatures: Int) -> [UInt8] {
        let seconds = UInt64(clamping: time.secondsSinceEpoch)
        return (0..<8).map { UInt8(truncatingIfNeeded: seconds >> (56 - 8 * $0)) } + [UInt8(truncatingIfNeeded: signatures)]
    }

    /// Decodes and checks the entry on its own: canonical bytes, statement form, signatures.
    /// The ledger-level checks (time, chain, keys in force, authorization) come after, in order.
    public func decode() throws -> DecodedEntry { try decode(checkSignature: true) }

    /// `checkSignature: false` is only for entries whose signatures were already proved (the
    /// append path signs them itself or checked them on submission).
    ///
    /// Checking the signature means running on a worker core (`verify`, entries submitted):
    /// the keys the body brings in are checked there too, ahead of the rules (`KeysAhead`).
    func decode(checkSignature: Bool) throws -> DecodedEntry {
        let statement = try signed.statement(checkSignatures: checkSignature)
        if checkSignature { KeysAhead.check(statement.body) }
        return DecodedEntry(entry: self, statement: statement, hash: hash, statementHash: signed.statementHash)
    }

    /// `decode(checkSignature: false)` for a statement composed here, from the JSON tree its
    /// bytes were serialized from (see `SignedEntry.statement(composedFrom:)`).
    func decode(composedFrom tree: JSONValue) throws -> DecodedEntry {
        DecodedEntry(entry: self, statement: try signed.statement(composedFrom: tree), hash: hash, statementHash: signed.statementHash)
    }

    /// One line of an export bundle or receipt: the ledger time, a space, then the signed entry
    /// (signatures, a space, the statement bytes exactly as stored; no newline).
    public var lineBytes: [UInt8] {
        Array(ledgerTime.description.utf8) + [0x20] + signed.lineBytes
    }

    /// Parses a line (without its newline), keeping the statement bytes exactly.
    public init(lineBytes line: some Collection<UInt8>) throws {
        guard let space = line.firstIndex(of: 0x20),
            let time = Timestamp(String(decoding: line[..<space], as: UTF8.self))
        else {
            throw LedgerError.malformedEntry(index: nil, reason: "an entry line is '<ledger time> <signatures> <statement>'")
        }
        self.init(ledgerTime: time, signed: try SignedEntry(lineBytes: line[line.index(after: space)...]))
    }
}

/// An entry that passed the stand-alone checks, with its statement parsed.
public struct DecodedEntry: Sendable {
    public let entry: LogEntry
    public let statement: Statement
    public let hash: SHA256Digest
    /// SHA-256 of the statement bytes (the author's chain link).
    public let statementHash: SHA256Digest

    /// The ledger time: what every rule about dates and deadlines is judged on.
    public var time: Timestamp { entry.ledgerTime }
}
