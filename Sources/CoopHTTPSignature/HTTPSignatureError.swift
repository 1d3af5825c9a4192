/// Everything that can go wrong building, signing or verifying an RFC 9421 HTTP message
/// signature, or checking an RFC 9530 Content-Digest. Messages say what is wrong and what to
/// do; a server can send them to the client.
public enum HTTPSignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    // Structured fields (RFC 8941)
    case malformedStructuredField(reason: String, offset: Int)
    case invalidStructuredValue(String)

    // The request model
    case invalidTargetURI(String, reason: String)
    case invalidFieldName(String)

    // Components and parameters (RFC 9421 §2)
    case unsupportedComponent(String)
    case unsupportedComponentParameter(component: String, parameter: String)
    case duplicateComponent(String)
    case missingField(String)
    case invalidFieldValue(name: String)
    case invalidParameter(String, reason: String)
    case invalidLabel(String)

    // Signature-Input and Signature (RFC 9421 §4)
    case malformedSignatureField(field: String, label: String, reason: String)
    case noSignature(label: String?)
    case ambiguousSignature(labels: [String])

    // Verification (RFC 9421 §3.2) and coop's policy
    case missingRequiredComponent(String)
    case missingRequiredParameter(String)
    case tagMismatch(expected: String, actual: String?)
    case unsupportedAlgorithm(String)
    case createdInTheFuture(created: Int64, now: Int64)
    case signatureTooOld(created: Int64, now: Int64, maxAge: Int64)
    case signatureExpired(expires: Int64, now: Int64)
    case validityTooLong(created: Int64, expires: Int64, limit: Int64)
    case unknownKey(String)
    case signatureInvalid(label: String)

    // Replay protection
    case replayedNonce(keyID: String, nonce: String)
    case replayWindowFull(capacity: Int)

    // Content-Digest (RFC 9530)
    case contentDigestMissingSHA256
    case contentDigestMismatch

    public var description: String {
        switch self {
        case let .malformedStructuredField(reason, offset):
            return "malformed structured field value at byte \(offset): \(reason) (RFC 8941)"
        case let .invalidStructuredValue(reason):
            return "cannot serialize a structured field value: \(reason)"
        case let .invalidTargetURI(uri, reason):
            return "'\(uri.prefix(200))' is not an absolute http(s) target URI: \(reason)"
        case let .invalidFieldName(name):
            return "'\(name.prefix(80))' is not an HTTP field name (token characters only)"
        case let .unsupportedComponent(name):
            return
                "the component '\(name.prefix(80))' is not supported; coop signs @method, @target-uri, @authority, @scheme, @request-target, @path, @query and header fields"
        case let .unsupportedComponentParameter(component, parameter):
            return
                "the component parameter '\(parameter.prefix(40))' on '\(component.prefix(80))' is not supported (sf, key, bs, req, tr and name are not implemented)"
        case let .duplicateComponent(name):
            return "the component '\(name.prefix(80))' is covered twice; each may appear once"
        case let .missingField(name):
            return "the request has no '\(name.prefix(80))' field, but the signature covers it; send the field or stop covering it"
        case let .invalidFieldValue(name):
            return "the '\(name.prefix(80))' field holds a control or non-ASCII character and cannot be signed"
        case let .invalidParameter(name, reason):
            return "the signature parameter '\(name.prefix(40))' is invalid: \(reason)"
        case let .invalidLabel(label):
            return "'\(label.prefix(40))' is not a signature label (lowercase letters, digits, '_', '-', '.', '*'; starting with a letter or '*')"
        case let .malformedSignatureField(field, label, reason):
            return "the \(field) entry '\(label.prefix(40))' is malformed: \(reason)"
        case let .noSignature(label):
            if let label { return "the request has no signature labelled '\(label.prefix(40))' in both Signature-Input and Signature" }
            return "the request has no HTTP message signature (Signature-Input and Signature fields)"
        case let .ambiguousSignature(labels):
            return "the request carries several signatures (\(labels.joined(separator: ", "))); name the label to verify"
        case let .missingRequiredComponent(name):
            return "the signature must cover '\(name.prefix(80))'"
        case let .missingRequiredParameter(name):
            return "the signature must carry the '\(name)' parameter"
        case let .tagMismatch(expected, actual):
            return "the signature's tag is \(actual.map { "'\($0.prefix(40))'" } ?? "absent"), expected '\(expected)'"
        case let .unsupportedAlgorithm(alg):
            return "the signature algorithm '\(alg.prefix(40))' is not accepted; coop uses ed25519"
        case let .createdInTheFuture(created, now):
            return "the signature was created at \(created), after the server's time \(now); check the client's clock"
        case let .signatureTooOld(created, now, maxAge):
            return "the signature was created at \(created), more than \(maxAge) s before \(now); sign the request again"
        case let .signatureExpired(expires, now):
            return "the signature expired at \(expires) (now \(now)); sign the request again"
        case let .validityTooLong(created, expires, limit):
            return "the signature is valid from \(created) to \(expires), longer than the \(limit) s allowed"
        case let .unknownKey(keyID):
            return "no key is registered for keyid '\(keyID.prefix(80))'"
        case let .signatureInvalid(label):
            return "the signature '\(label.prefix(40))' does not verify: the request was altered in transit or signed with another key"
        case let .replayedNonce(keyID, nonce):
            return "the nonce '\(nonce.prefix(80))' of key '\(keyID.prefix(80))' was already used; sign each request with a fresh nonce"
        case let .replayWindowFull(capacity):
            return
                "the replay window holds \(capacity) unexpired nonces and accepts no more until some expire; shorten signature lifetimes or raise the capacity"
        case .contentDigestMissingSHA256:
            return "the Content-Digest field has no sha-256 member; send sha-256=:<base64 of SHA-256 of the body>:"
        case .contentDigestMismatch:
            return "the Content-Digest does not match the body: it was altered in transit"
        }
    }
}
