import CoopCrypto

/// A signature that verified and met the policy.
public struct VerifiedSignature: Hashable, Sendable {
    public let input: SignatureInput
    /// The base that was verified.
    public let signatureBase: String

    public var label: String { input.label }
    /// The signer's `keyid` (always present: the policy requires it).
    public var keyID: String { input.parameters.keyID ?? "" }
    public var created: Int64? { input.parameters.created }
    public var expires: Int64? { input.parameters.expires }
    public var nonce: String? { input.parameters.nonce }
    public var tag: String? { input.parameters.tag }
    public var components: [ComponentIdentifier] { input.components }
}

/// Verifies RFC 9421 Ed25519 signatures on requests (§3.2). Pure: the caller passes the time
/// and looks keys up; replay protection is `ReplayWindow`'s job, after this succeeds.
public enum HTTPMessageVerifier {
    /// Verifies the signature `label` (or the only one) of `request`.
    ///
    /// Steps: read `Signature-Input` and `Signature` (RFC 8941 dictionaries, several field
    /// lines allowed); pick the label; read its components and parameters; apply `policy`
    /// at `now` (POSIX seconds); look up `keyid` with `key`; rebuild the signature base from
    /// the request and verify the Ed25519 signature over it; if `content-digest` is covered,
    /// check it against the body.
    ///
    /// - Parameter key: the Ed25519 key registered for a keyid, or nil when there is none.
    /// - Throws: `HTTPSignatureError` naming the first check that failed.
    public static func verify(
        _ request: SignableRequest, label: String? = nil, policy: HTTPSignaturePolicy, now: Int64,
        key: (String) -> Ed25519.PublicKey?
    ) throws -> VerifiedSignature {
        guard let inputField = request.fieldValue("signature-input"), let signatureField = request.fieldValue("signature") else {
            throw HTTPSignatureError.noSignature(label: label)
        }
        let inputs = try StructuredFieldParser.parseDictionary(inputField)
        let signatures = try StructuredFieldParser.parseDictionary(signatureField)
        let chosen: String
        if let label {
            chosen = label
        } else {
            let labels = inputs.keys.filter { signatures[$0] != nil }
            guard labels.count <= 1 else { throw HTTPSignatureError.ambiguousSignature(labels: labels) }
            guard let only = labels.first else { throw HTTPSignatureError.noSignature(label: nil) }
            chosen = only
        }
        guard let inputMember = inputs[chosen], let signatureMember = signatures[chosen] else {
            throw HTTPSignatureError.noSignature(label: chosen)
        }
        guard case let .item(item) = signatureMember, case let .byteSequence(signatureBytes) = item.value else {
            throw HTTPSignatureError.malformedSignatureField(field: "Signature", label: chosen, reason: "it must be a byte sequence :base64:")
        }
        let input = try SignatureInput.parse(label: chosen, member: inputMember)
        try policy.check(input, now: now)
        guard let keyID = input.parameters.keyID else { throw HTTPSignatureError.missingRequiredParameter("keyid") }
        guard let publicKey = key(keyID) else { throw HTTPSignatureError.unknownKey(keyID) }
        let base = try input.signatureBase(for: request)
        guard let signature = try? Ed25519.Signature(bytes: signatureBytes),
            publicKey.isValidSignature(signature, for: Array(base.utf8))
        else { throw HTTPSignatureError.signatureInvalid(label: chosen) }
        if input.components.contains(.contentDigest) {
            // The signature covers the field; the field must cover the body.
            guard let digest = request.fieldValue("content-digest") else { throw HTTPSignatureError.missingField("content-digest") }
            try ContentDigest.check(digest, body: request.body)
        }
        return VerifiedSignature(input: input, signatureBase: base)
    }
}
