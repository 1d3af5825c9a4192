import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import CoopTlog

/// A statement's canonical bytes and the signatures over them, exactly as an author hands them
/// to the ledger (a `--out` file, `coop submit`): the author's signature first, then one per
/// countersigner the statement names, in that order.
///
/// Verification never re-serializes: it checks that `statementBytes` are already canonical, then
/// checks each signature over the domain-separated message.
public struct SignedEntry: Hashable, Sendable {
    /// Signatures are over `context ‖ statementBytes`, so a coop signature can never be taken
    /// for a signature over anything else (a checkpoint note, another protocol's message).
    public static let signatureContext: [UInt8] = Array("coop-entry-v2\n".utf8)

    public let statementBytes: [UInt8]
    /// The author's signature, then each countersigner's, in the statement's order.
    public let signatures: [Ed25519.Signature]

    public init(statementBytes: [UInt8], signatures: [Ed25519.Signature]) {
        self.statementBytes = statementBytes
        self.signatures = signatures
    }

    /// An entry signed by its author alone.
    public init(statementBytes: [UInt8], signature: Ed25519.Signature) {
        self.init(statementBytes: statementBytes, signatures: [signature])
    }

    /// The author's signature.
    public var signature: Ed25519.Signature? { signatures.first }

    /// SHA-256 of the statement bytes: the author's next statement names it as `prev`, so a
    /// member can sign several entries in a row offline, and countersignatures added later do
    /// not change it.
    public var statementHash: SHA256Digest { SHA256.hash(statementBytes) }

    /// The key the statement names as its author's, read without checking any signature (to
    /// rate-limit or route before the ledger judges the entry); nil when it does not parse.
    public var claimedAuthorKey: Ed25519.PublicKey? { (try? statement(checkSignatures: false))?.key }

    /// Signs `statement` with `key` (which must be the statement's `key`). Countersigners, if the
    /// statement names any, add theirs with `countersigned(with:)`.
    public static func sign(_ statement: Statement, with key: any Ed25519Signer) throws -> SignedEntry {
        try sign(statement, bytes: try statement.canonicalBytes(), with: key)
    }

    /// `sign` when the statement's canonical bytes are already at hand.
    static func sign(_ statement: Statement, bytes: [UInt8], with key: any Ed25519Signer) throws -> SignedEntry {
        guard key.publicKey == statement.key else {
            throw LedgerError.wrongSigningKey(expected: statement.key.text, found: key.publicKey.text)
        }
        return SignedEntry(statementBytes: bytes, signatures: [try key.sign(signingMessage(bytes))])
    }

    /// This entry with the next countersignature added: `key` must be the key the statement
    /// names for the next countersigner still to sign.
    public func countersigned(with key: any Ed25519Signer) throws -> SignedEntry {
        let statement = try Statement(json: try CanonicalJSON.decodeCanonical(statementBytes))
        let next = signatures.count - 1
        guard next >= 0, next < statement.countersigners.count else {
            throw LedgerError.malformedEntry(
                index: nil,
                reason: statement.countersigners.isEmpty
                    ? "the statement names no countersigner" : "every countersigner named in the statement has signed")
        }
        let expected = statement.countersigners[next]
        guard key.publicKey == expected.key else {
            throw LedgerError.wrongSigningKey(expected: expected.key.text, found: key.publicKey.text)
        }
        return SignedEntry(
            statementBytes: statementBytes,
            signatures: signatures + [try key.sign(Self.signingMessage(statementBytes))])
    }

    /// The bytes every signer signs: the context string followed by the statement.
    public static func signingMessage(_ statementBytes: [UInt8]) -> [UInt8] {
        signatureContext + statementBytes
    }

    /// The statement, once its canonical form and every signature it needs are checked: what a
    /// countersigner or `coop submit` reads before the ledger judges it.
    public func verifiedStatement() throws -> Statement { try statement(checkSignatures: true) }

    /// Parses the statement and checks its form and, with `checkSignatures`, that it carries one
    /// valid signature per signer it names (the author, then each countersigner).
    func statement(checkSignatures: Bool) throws -> Statement {
        if let statement = StatementLayout.read(statementBytes) { return try checked(statement, checkSignatures: checkSignatures) }
        let json: JSONValue
        do {
            json = try CanonicalJSON.decodeCanonical(statementBytes)
        } catch {
            throw LedgerError.malformedEntry(index: nil, reason: "statement bytes are not canonical JSON: \(error)")
        }
        return try checked(try Statement(json: json), checkSignatures: checkSignatures)
    }

    /// `statement(checkSignatures: false)` for a statement composed here (a dry run's), from
    /// `tree`, the JSON its bytes were serialized from: the same checks on the same value,
    /// without parsing the bytes back (a tree the canonical serializer accepts reads back as
    /// itself; debug builds, and so every test that runs a dry run, check that it does).
    func statement(composedFrom tree: JSONValue) throws -> Statement {
        assert((try? CanonicalJSON.decodeCanonical(statementBytes)) == tree, "statement bytes that do not read back as the tree they came from")
        return try checked(try Statement(json: tree), checkSignatures: false)
    }

    /// `statement` once it carries one signature per signer it names and, with
    /// `checkSignatures`, each of them is valid.
    private func checked(_ statement: Statement, checkSignatures: Bool) throws -> Statement {
        let signers = 1 + statement.countersigners.count
        guard signatures.count == signers else {
            throw LedgerError.malformedEntry(
                index: nil,
                reason: signatures.count < signers
                    ? "it carries \(signatures.count) of the \(signers) signatures it needs (author and countersigners); "
                        + "countersign it with 'coop countersign'"
                    : "it carries \(signatures.count) signatures but names only \(signers) signers")
        }
        guard checkSignatures else { return statement }
        // The signed message (context ‖ statement) is put together on the stack where it fits:
        // a verification checks one for every entry.
        let bad: LedgerError? = withUnsafeTemporaryAllocation(byteCount: Self.signatureContext.count + statementBytes.count, alignment: 1) {
            buffer in
            Self.signatureContext.withUnsafeBytes { buffer.copyMemory(from: $0) }
            statementBytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[Self.signatureContext.count...]).copyMemory(from: $0) }
            let message = UnsafeRawBufferPointer(buffer)
            guard statement.key.isValidSignature(signatures[0], for: message) else {
                return .badSignature(index: nil, author: statement.author.description)
            }
            for (c, signature) in zip(statement.countersigners, signatures.dropFirst()) where !c.key.isValidSignature(signature, for: message) {
                return .badSignature(index: nil, author: "countersigner \(c.member)")
            }
            return nil
        }
        if let bad { throw bad }
        return statement
    }

    /// The signatures as they appear in a line: base64 of each, joined by commas.
    var signaturesText: String { signatures.map(\.base64).joined(separator: ",") }

    /// The form of an `--out` file: the signatures, a space, the statement bytes exactly as
    /// signed (no newline).
    public var lineBytes: [UInt8] {
        Array(signaturesText.utf8) + [0x20] + statementBytes
    }

    /// Parses a signed entry line (without its newline), keeping the statement bytes exactly.
    public init(lineBytes line: some Collection<UInt8>) throws {
        guard let space = line.firstIndex(of: 0x20) else {
            throw LedgerError.malformedEntry(index: nil, reason: "a signed entry is '<base64 signature>[,<base64 signature>...] <statement>'")
        }
        signatures = try Self.signatures(String(decoding: line[..<space], as: UTF8.self))
        statementBytes = Array(line[line.index(after: space)...])
    }

    /// Parses `sig[,sig...]`: 1 to 1 + `Statement.maxCountersigners` base64 signatures.
    static func signatures(_ text: String) throws -> [Ed25519.Signature] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...(1 + Statement.maxCountersigners)).contains(parts.count) else {
            throw LedgerError.malformedEntry(index: nil, reason: "an entry carries 1 to \(1 + Statement.maxCountersigners) signatures")
        }
        return try parts.map { part in
            do {
                return try Ed25519.Signature(base64: String(part))
            } catch {
                throw LedgerError.malformedEntry(index: nil, reason: "the signature is not 64 bytes of base64")
            }
        }
    }
}
