import CoopCrypto
import CoopHTTPSignature
import Testing

/// Signing and verifying coop's signed reads: round trips, tampering, time limits, replays.
@Suite("HTTP signatures: sign and verify")
struct SignVerifyTests {
    static let now: Int64 = 1_750_000_000

    static func key(_ byte: UInt8) throws -> Ed25519.PrivateKey {
        var seed = [UInt8](repeating: byte, count: 32)
        return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
    }

    static func request(body: String = "") throws -> SignableRequest {
        try SignableRequest(
            method: "GET", targetURI: "https://coop.example/api/v1/tile/0/x001/234.p/7?since=12",
            fields: [HTTPField(name: "Accept", value: "application/octet-stream")], body: Array(body.utf8)
        ).addingContentDigest()
    }

    /// A request signed as coop requires, by member m7 with key 7.
    static func signed(
        _ request: SignableRequest, created: Int64 = now, expires: Int64 = now + 60, nonce: String = "n-1",
        keyID: String = "m7", tag: String = "coop", key: UInt8 = 7
    ) throws -> SignableRequest {
        let parameters = try SignatureParameters(created: created, expires: expires, nonce: nonce, algorithm: "ed25519", keyID: keyID, tag: tag)
        return try HTTPMessageSigner(privateKey: Self.key(key))
            .sign(request, components: [.method, .targetURI, .contentDigest], parameters: parameters)
            .applied(to: request)
    }

    static func keys(_ id: String) -> Ed25519.PublicKey? {
        id == "m7" ? (try? key(7).publicKey) : nil
    }

    static func verify(_ request: SignableRequest, at time: Int64 = now + 1) throws -> VerifiedSignature {
        try HTTPMessageVerifier.verify(request, policy: .coopSignedRead, now: time, key: keys)
    }

    @Test("a signed read verifies and reports who signed and when")
    func roundTrip() throws {
        let request = try Self.signed(Self.request())
        let verified = try Self.verify(request)
        #expect(verified.keyID == "m7")
        #expect(verified.nonce == "n-1")
        #expect(verified.tag == "coop")
        #expect(verified.components == [.method, .targetURI, .contentDigest])
        #expect(
            verified.signatureBase == """
                "@method": GET
                "@target-uri": https://coop.example/api/v1/tile/0/x001/234.p/7?since=12
                "content-digest": sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:
                "@signature-params": ("@method" "@target-uri" "content-digest");created=1750000000;expires=1750000060;nonce="n-1";alg="ed25519";keyid="m7";tag="coop"
                """)
        #expect(request.fieldValue("signature-input")?.hasPrefix(#"sig1=("@method" "@target-uri" "content-digest");created=1750000000"#) == true)
    }

    @Test("any change to a covered part breaks the signature", arguments: 0..<8)
    func tamper(kind: Int) throws {
        var request = try Self.signed(Self.request(body: "{\"q\":1}"))
        var expected = HTTPSignatureError.signatureInvalid(label: "sig1")
        switch kind {
        case 0: request.method = "POST"
        case 1: request.path = "/api/v1/tile/0/x001/234.p/8"
        case 2: request.query = "since=13"
        case 3: request.authority = "evil.example"
        case 4: request.scheme = "http"
        case 5:  // the body changed, the digest left alone: the digest check catches it
            request.body = Array("{\"q\":2}".utf8)
            expected = .contentDigestMismatch
        case 6:  // the body and its digest both replaced: the signature over the digest catches it
            request.body = Array("{\"q\":2}".utf8)
            request.fields = request.fields.map {
                $0.name == "Content-Digest" ? HTTPField(name: $0.name, value: ContentDigest.fieldValue(for: request.body)) : $0
            }
        default:  // one base64 character of the signature changed (same length)
            request.fields = request.fields.map { field in
                guard field.name == "Signature" else { return field }
                var characters = Array(field.value)
                characters[20] = characters[20] == "A" ? "B" : "A"
                return HTTPField(name: field.name, value: String(characters))
            }
        }
        #expect(throws: expected) { try Self.verify(request) }
    }

    @Test("uncovered fields may change; a covered one may be refolded but not altered")
    func fieldCanonicalization() throws {
        let base = try Self.request().adding(HTTPField(name: "X-Coop-Ledger", value: "L1"))
        let parameters = try SignatureParameters(created: Self.now, keyID: "m7")
        let components = [ComponentIdentifier.method, try ComponentIdentifier("X-Coop-Ledger")]
        let signed = try HTTPMessageSigner(privateKey: Self.key(7)).sign(base, components: components, parameters: parameters).applied(to: base)
        let policy = HTTPSignaturePolicy()
        _ = try HTTPMessageVerifier.verify(signed.adding(HTTPField(name: "Accept-Language", value: "fr")), policy: policy, now: Self.now, key: Self.keys)
        var spaced = signed
        spaced.fields = spaced.fields.map { $0.name == "X-Coop-Ledger" ? HTTPField(name: "x-coop-ledger", value: " \tL1 ") : $0 }
        _ = try HTTPMessageVerifier.verify(spaced, policy: policy, now: Self.now, key: Self.keys)
        #expect(throws: HTTPSignatureError.signatureInvalid(label: "sig1")) {
            try HTTPMessageVerifier.verify(signed.adding(HTTPField(name: "X-Coop-Ledger", value: "L2")), policy: policy, now: Self.now, key: Self.keys)
        }
        var removed = signed
        removed.fields.removeAll { $0.name == "X-Coop-Ledger" }
        #expect(throws: HTTPSignatureError.missingField("x-coop-ledger")) {
            try HTTPMessageVerifier.verify(removed, policy: policy, now: Self.now, key: Self.keys)
        }
    }

    @Test("time limits: expired, too old, from the future, too long-lived")
    func timeLimits() throws {
        let request = try Self.request()
        #expect(throws: HTTPSignatureError.signatureExpired(expires: Self.now + 60, now: Self.now + 61)) {
            try Self.verify(Self.signed(request), at: Self.now + 61)
        }
        _ = try Self.verify(Self.signed(request), at: Self.now + 60)  // the last valid second
        #expect(throws: HTTPSignatureError.signatureTooOld(created: Self.now - 301, now: Self.now, maxAge: 300)) {
            try Self.verify(Self.signed(request, created: Self.now - 301, expires: Self.now - 1 + 2), at: Self.now)
        }
        #expect(throws: HTTPSignatureError.createdInTheFuture(created: Self.now + 31, now: Self.now)) {
            try Self.verify(Self.signed(request, created: Self.now + 31, expires: Self.now + 60), at: Self.now)
        }
        _ = try Self.verify(Self.signed(request, created: Self.now + 30, expires: Self.now + 60), at: Self.now)  // within skew
        #expect(throws: HTTPSignatureError.validityTooLong(created: Self.now, expires: Self.now + 301, limit: 300)) {
            try Self.verify(Self.signed(request, expires: Self.now + 301))
        }
    }

    @Test("policy: required components, parameters, tag, algorithm and a known key")
    func policy() throws {
        let request = try Self.request()
        let key = try HTTPMessageSigner(privateKey: Self.key(7))
        func sign(_ components: [ComponentIdentifier], _ parameters: SignatureParameters) throws -> SignableRequest {
            try key.sign(request, components: components, parameters: parameters).applied(to: request)
        }
        let full = try SignatureParameters(created: Self.now, expires: Self.now + 60, nonce: "n", keyID: "m7", tag: "coop")
        #expect(throws: HTTPSignatureError.missingRequiredComponent("content-digest")) { try Self.verify(sign([.method, .targetURI], full)) }
        #expect(throws: HTTPSignatureError.missingRequiredComponent("@target-uri")) { try Self.verify(sign([.method, .path, .query, .contentDigest], full)) }
        let noNonce = try SignatureParameters(created: Self.now, expires: Self.now + 60, keyID: "m7", tag: "coop")
        #expect(throws: HTTPSignatureError.missingRequiredParameter("nonce")) { try Self.verify(sign([.method, .targetURI, .contentDigest], noNonce)) }
        #expect(throws: HTTPSignatureError.tagMismatch(expected: "coop", actual: "other")) {
            try Self.verify(Self.signed(request, tag: "other"))
        }
        let rsa = try SignatureParameters(created: Self.now, expires: Self.now + 60, nonce: "n", algorithm: "rsa-pss-sha512", keyID: "m7", tag: "coop")
        #expect(throws: HTTPSignatureError.unsupportedAlgorithm("rsa-pss-sha512")) { try Self.verify(sign([.method, .targetURI, .contentDigest], rsa)) }
        #expect(throws: HTTPSignatureError.unknownKey("m8")) { try Self.verify(Self.signed(request, keyID: "m8")) }
        // m7's keyid, another key's signature.
        #expect(throws: HTTPSignatureError.signatureInvalid(label: "sig1")) { try Self.verify(Self.signed(request, key: 8)) }
        #expect(throws: HTTPSignatureError.noSignature(label: nil)) { try Self.verify(request) }
    }

    @Test("several signatures: name the label, or the verifier refuses to guess")
    func labels() throws {
        let request = try Self.request()
        let parameters = try SignatureParameters(created: Self.now, expires: Self.now + 60, nonce: "a", keyID: "m7", tag: "coop")
        let first = try HTTPMessageSigner(privateKey: Self.key(7)).sign(
            request, label: "member", components: [.method, .targetURI, .contentDigest], parameters: parameters)
        let second = try HTTPMessageSigner(privateKey: Self.key(9)).sign(
            request, label: "proxy", components: [.method], parameters: SignatureParameters(created: Self.now, keyID: "p"))
        let both = second.applied(to: first.applied(to: request))
        #expect(throws: HTTPSignatureError.ambiguousSignature(labels: ["member", "proxy"])) { try Self.verify(both) }
        #expect(try HTTPMessageVerifier.verify(both, label: "member", policy: .coopSignedRead, now: Self.now, key: Self.keys).label == "member")
        #expect(throws: HTTPSignatureError.noSignature(label: "other")) {
            try HTTPMessageVerifier.verify(both, label: "other", policy: .coopSignedRead, now: Self.now, key: Self.keys)
        }
        // Both dictionaries on one line each, comma-joined, read the same.
        var joined = request
        joined.fields += [
            HTTPField(name: "Signature-Input", value: first.signatureInput + ", " + second.signatureInput),
            HTTPField(name: "Signature", value: first.signature + ", " + second.signature),
        ]
        #expect(try HTTPMessageVerifier.verify(joined, label: "member", policy: .coopSignedRead, now: Self.now, key: Self.keys).nonce == "a")
    }

    @Test("malformed signature fields are refused with a reason")
    func malformedFields() throws {
        let request = try Self.request()
        let cases: [(String, String)] = [
            (#"sig1=("@method");created=1750000000;keyid="m7""#, "sig1=:not base64!:"),
            (#"sig1=("@method");created=1750000000;keyid="m7""#, #"sig1="a string""#),
            (#"sig1="@method";keyid="m7""#, "sig1=:AAAA:"),
            (#"sig1=("@method" "@method");keyid="m7""#, "sig1=:AAAA:"),
            (#"sig1=("@unknown");keyid="m7""#, "sig1=:AAAA:"),
            (#"sig1=("Date");keyid="m7""#, "sig1=:AAAA:"),
            (#"sig1=("date";sf);keyid="m7""#, "sig1=:AAAA:"),
            (#"sig1=("@method");keyid=m7"#, "sig1=:AAAA:"),
            (#"sig1=("@method");keyid="m7";created="now""#, "sig1=:AAAA:"),
            (#"sig1=("@method");keyid="m7";context="x""#, "sig1=:AAAA:"),
            (#"sig1=(@method);keyid="m7""#, "sig1=:AAAA:"),
        ]
        for (input, signature) in cases {
            let bad = request.adding(HTTPField(name: "Signature-Input", value: input)).adding(HTTPField(name: "Signature", value: signature))
            #expect(throws: HTTPSignatureError.self, "\(input) / \(signature)") {
                try HTTPMessageVerifier.verify(bad, policy: HTTPSignaturePolicy(requiredParameters: []), now: Self.now, key: Self.keys)
            }
        }
    }

    @Test("the replay window admits a nonce once while it can still verify, then forgets it")
    func replayWindow() throws {
        var window = ReplayWindow(capacity: 2)
        let verified = try Self.verify(Self.signed(Self.request(), nonce: "once"))
        try window.admit(verified, policy: .coopSignedRead, now: Self.now + 1)
        #expect(throws: HTTPSignatureError.replayedNonce(keyID: "m7", nonce: "once")) {
            try window.admit(verified, policy: .coopSignedRead, now: Self.now + 2)
        }
        // The same nonce from another key is another pair.
        try window.admit(keyID: "m8", nonce: "once", until: Self.now + 60, now: Self.now + 2)
        // Full: a third live nonce is refused rather than forgetting a live one.
        #expect(throws: HTTPSignatureError.replayWindowFull(capacity: 2)) {
            try window.admit(keyID: "m9", nonce: "x", until: Self.now + 60, now: Self.now + 3)
        }
        // After expiry (now + 60) the signature no longer verifies, so its nonce may be dropped.
        try window.admit(keyID: "m9", nonce: "x", until: Self.now + 200, now: Self.now + 61)
        #expect(window.count == 1)
        #expect(throws: HTTPSignatureError.missingRequiredParameter("nonce")) {
            let noNonce = try HTTPMessageVerifier.verify(
                HTTPMessageSigner(privateKey: Self.key(7)).sign(
                    Self.request(), components: [.method], parameters: SignatureParameters(created: Self.now, keyID: "m7")
                ).applied(to: Self.request()),
                policy: HTTPSignaturePolicy(), now: Self.now, key: Self.keys)
            try window.admit(noNonce, policy: .coopSignedRead, now: Self.now)
        }
    }
}
