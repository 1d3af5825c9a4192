import CoopCrypto

/// RFC 9530 `Content-Digest` with the `sha-256` algorithm: a dictionary
/// `sha-256=:<base64 of SHA-256 of the content>:`.
///
/// Covering `content-digest` in a signature binds the body to it. The digest is of the
/// content as sent (after any content coding). Only sha-256 is produced or checked; other
/// members (e.g. `sha-512`) are ignored, but a sha-256 member is required.
public enum ContentDigest {
    /// The field name.
    public static let fieldName = "Content-Digest"

    /// `sha-256=:…:` for `body`.
    public static func fieldValue(for body: some ContiguousBytes) -> String {
        "sha-256=:" + Base64.encode(SHA256.hash(body).bytes) + ":"
    }

    /// Checks a `Content-Digest` field value against `body`.
    /// - Throws: `HTTPSignatureError.malformedStructuredField`, `.contentDigestMissingSHA256`
    ///   (no sha-256 byte-sequence member), `.contentDigestMismatch`.
    public static func check(_ fieldValue: String, body: some ContiguousBytes) throws {
        let dictionary = try StructuredFieldParser.parseDictionary(fieldValue)
        guard case let .item(item) = dictionary["sha-256"], case let .byteSequence(digest) = item.value else {
            throw HTTPSignatureError.contentDigestMissingSHA256
        }
        guard constantTimeEqual(digest, SHA256.hash(body).bytes) else { throw HTTPSignatureError.contentDigestMismatch }
    }

    /// Compares without an early exit (the digest is public, but there is no reason to leak).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension SignableRequest {
    /// This request with a `Content-Digest: sha-256=:…:` field for its body.
    public func addingContentDigest() -> SignableRequest {
        adding(HTTPField(name: ContentDigest.fieldName, value: ContentDigest.fieldValue(for: body)))
    }
}
