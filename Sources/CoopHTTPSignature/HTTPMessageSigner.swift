import CoopCrypto

/// The two fields a signature adds to a request (RFC 9421 §4), and the base that was signed.
public struct SignatureFields: Hashable, Sendable {
    /// The `Signature-Input` field value, `label=(…);…`.
    public let signatureInput: String
    /// The `Signature` field value, `label=:base64:`.
    public let signature: String
    /// The signature base that was signed (for logs and tests).
    public let signatureBase: String

    /// `request` with `Signature-Input` and `Signature` field lines appended (existing
    /// signatures stay: a dictionary may span several lines).
    public func applied(to request: SignableRequest) -> SignableRequest {
        request
            .adding(HTTPField(name: "Signature-Input", value: signatureInput))
            .adding(HTTPField(name: "Signature", value: signature))
    }
}

/// Signs requests with Ed25519 as RFC 9421 §3.3.6 specifies: the signature base's bytes are
/// signed directly (pure Ed25519, RFC 8032; no prehash, no context prefix).
public struct HTTPMessageSigner: Sendable {
    /// What signs: a private key here, or a key held by `coop agent`.
    public let signer: any Ed25519Signer

    public init(privateKey: Ed25519.PrivateKey) {
        self.signer = privateKey
    }

    public init(signer: any Ed25519Signer) {
        self.signer = signer
    }

    /// Signs `request` over `input`'s components and parameters.
    /// - Throws: the signature base errors (a covered field missing or unsignable), or the
    /// signer's (an agent that is gone).
    public func sign(_ request: SignableRequest, input: SignatureInput) throws -> SignatureFields {
        let base = try input.signatureBase(for: request)
        let signature = try signer.sign(Array(base.utf8))
        var dictionary = StructuredField.Dictionary()
        dictionary[input.label] = .item(StructuredField.Item(.byteSequence(signature.bytes)))
        return SignatureFields(signatureInput: input.fieldValue, signature: try dictionary.serialized(), signatureBase: base)
    }

    /// Signs `request` under `label` over `components` with `parameters`.
    public func sign(
        _ request: SignableRequest, label: String = "sig1", components: [ComponentIdentifier], parameters: SignatureParameters
    ) throws -> SignatureFields {
        try sign(request, input: SignatureInput(label: label, components: components, parameters: parameters))
    }
}

extension HTTPMessageSigner {
    /// `request` signed as coop's signed reads are (what `HTTPSignaturePolicy.coopSignedRead`
    /// demands): its `Content-Digest` added, then `@method`, `@target-uri` and `content-digest`
    /// covered, with `created` = `now`, `expires` 60 s later, `nonce`, `keyid`, `alg="ed25519"`
    /// and `tag="coop"`. `clone`, `pull` and the fuzzers' seeds all sign through this.
    public func signCoopRead(_ request: SignableRequest, keyID: String, now: Int64, nonce: String) throws -> SignableRequest {
        let signable = request.addingContentDigest()
        let parameters = try SignatureParameters([
            .created(now), .expires(now + 60), .nonce(nonce), .keyID(keyID), .algorithm(SignatureParameters.ed25519), .tag("coop"),
        ])
        return try sign(signable, components: [.method, .targetURI, .contentDigest], parameters: parameters).applied(to: signable)
    }
}
