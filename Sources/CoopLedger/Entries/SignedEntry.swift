import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import CoopTlog

/// A statement's canonical bytes and the author's signature over them, exactly as stored.
///
/// Verification never re-serializes: it checks that `statementBytes` are already canonical, then
/// checks the signature over the domain-separated message.
public struct SignedEntry: Hashable, Sendable {
    /// Signatures are over `context ‖ statementBytes`, so a coop signature can never be taken
    /// for a signature over anything else (a checkpoint note, another protocol's message).
    public static let signatureContext: [UInt8] = Array("coop-entry-v1\n".utf8)

    public let statementBytes: [UInt8]
    public let signature: Ed25519.Signature

    public init(statementBytes: [UInt8], signature: Ed25519.Signature) {
        self.statementBytes = statementBytes
        self.signature = signature
    }

    /// Signs `statement` with `key` (which must be the statement's `key`).
    public static func sign(_ statement: Statement, with key: Ed25519.PrivateKey) throws -> SignedEntry {
        guard key.publicKey == statement.key else {
            throw LedgerError.wrongSigningKey(expected: statement.key.text, found: key.publicKey.text)
        }
        let bytes = try statement.canonicalBytes()
        return SignedEntry(statementBytes: bytes, signature: key.signature(for: signingMessage(bytes)))
    }

    /// The bytes the author signs: the context string followed by the statement.
    public static func signingMessage(_ statementBytes: [UInt8]) -> [UInt8] {
        signatureContext + statementBytes
    }

    /// The Merkle leaf: the statement bytes followed by the 64 signature bytes, so the tree
    /// commits to the signature as well as the statement.
    public var leaf: [UInt8] { statementBytes + signature.bytes }

    /// The entry hash: the RFC 9162 leaf hash SHA-256(0x00 ‖ leaf). Authors chain on it (`prev`).
    public var hash: SHA256Digest {
        var hasher = SHA256.Hasher()
        hasher.update(byte: 0)
        hasher.update(statementBytes)
        hasher.update(signature.bytes)
        return hasher.finalize()
    }

    /// Decodes and checks the entry on its own: canonical bytes, statement form, signature.
    /// The ledger-level checks (chain, key in force, authorization) come after, in order.
    public func decode() throws -> DecodedEntry { try decode(checkSignature: true) }

    /// `checkSignature: false` is only for entries this process has just signed itself (the
    /// append path), where the check would re-prove what `sign` guarantees.
    func decode(checkSignature: Bool) throws -> DecodedEntry {
        let json: JSONValue
        do {
            json = try CanonicalJSON.decodeCanonical(statementBytes)
        } catch {
            throw LedgerError.malformedEntry(index: nil, reason: "statement bytes are not canonical JSON: \(error)")
        }
        let statement = try Statement(json: json)
        guard !checkSignature || statement.key.isValidSignature(signature, for: Self.signingMessage(statementBytes)) else {
            throw LedgerError.badSignature(index: nil, author: statement.author.description)
        }
        return DecodedEntry(entry: self, statement: statement, hash: hash)
    }

    /// One line of an export bundle or receipt: base64 signature, a space, the statement
    /// bytes exactly as stored (no newline).
    public var lineBytes: [UInt8] {
        Array(signature.base64.utf8) + [0x20] + statementBytes
    }

    /// Parses a line (without its newline), keeping the statement bytes exactly.
    public init(lineBytes line: some Collection<UInt8>) throws {
        guard let space = line.firstIndex(of: 0x20) else {
            throw LedgerError.malformedEntry(index: nil, reason: "an entry line is '<base64 signature> <statement>'")
        }
        do {
            signature = try Ed25519.Signature(base64: String(decoding: line[..<space], as: UTF8.self))
        } catch {
            throw LedgerError.malformedEntry(index: nil, reason: "the signature is not 64 bytes of base64")
        }
        statementBytes = Array(line[line.index(after: space)...])
    }
}

/// An entry that passed the stand-alone checks, with its statement parsed.
public struct DecodedEntry: Sendable {
    public let entry: SignedEntry
    public let statement: Statement
    public let hash: SHA256Digest
}
