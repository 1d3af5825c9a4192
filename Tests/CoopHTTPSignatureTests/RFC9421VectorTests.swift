import CoopCrypto
import CoopHTTPSignature
import Testing

/// RFC 9421 Appendix B: the test key test-key-ed25519 (B.1.4) and the test request (B.2).
enum RFC9421 {
    /// B.1.4, PKCS#8 private key (PEM body).
    static let privateKeyPKCS8 = "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF"
    /// B.1.4, SubjectPublicKeyInfo public key (PEM body).
    static let publicKeySPKI = "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs="

    /// The fixed DER prefixes of RFC 8410 Ed25519 keys; the 32 key bytes follow.
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    static func privateKey() throws -> Ed25519.PrivateKey {
        let der = try #require(Base64.decode(privateKeyPKCS8))
        #expect(Array(der.prefix(16)) == pkcs8Prefix)
        var seed = Array(der.dropFirst(16))
        return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
    }

    static func publicKey() throws -> Ed25519.PublicKey {
        let der = try #require(Base64.decode(publicKeySPKI))
        #expect(Array(der.prefix(12)) == spkiPrefix)
        return try Ed25519.PublicKey(bytes: Array(der.dropFirst(12)))
    }

    /// B.2, test-request:
    ///
    ///     POST /foo?param=Value&Pet=dog HTTP/1.1
    ///     Host: example.com
    ///     Date: Tue, 20 Apr 2021 02:07:55 GMT
    ///     Content-Type: application/json
    ///     Content-Digest: sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:
    ///     Content-Length: 18
    ///
    ///     {"hello": "world"}
    static func testRequest() throws -> SignableRequest {
        try SignableRequest(
            method: "POST", targetURI: "https://example.com/foo?param=Value&Pet=dog",
            fields: [
                HTTPField(name: "Host", value: "example.com"),
                HTTPField(name: "Date", value: "Tue, 20 Apr 2021 02:07:55 GMT"),
                HTTPField(name: "Content-Type", value: "application/json"),
                HTTPField(name: "Content-Digest", value: "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"),
                HTTPField(name: "Content-Length", value: "18"),
            ],
            body: Array(#"{"hello": "world"}"#.utf8))
    }

    /// B.2.6, the signature base (RFC 8792 line wrapping undone).
    static let b26Base = """
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@method": POST
        "@path": /foo
        "@authority": example.com
        "content-type": application/json
        "content-length": 18
        "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"
        """
    static let b26SignatureInput =
        #"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#
    static let b26Signature = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:"

    static func b26Components() throws -> [ComponentIdentifier] {
        try ["date", "@method", "@path", "@authority", "content-type", "content-length"].map(ComponentIdentifier.init)
    }
}

@Suite("RFC 9421 Appendix B")
struct RFC9421VectorTests {
    @Test("B.1.4: the PKCS#8 private key's public key is the SPKI public key")
    func testKey() throws {
        #expect(try RFC9421.privateKey().publicKey == RFC9421.publicKey())
    }

    @Test("B.2.6: signature base, Signature-Input and Signature reproduced byte for byte")
    func b26Reproduced() throws {
        let signer = try HTTPMessageSigner(privateKey: RFC9421.privateKey())
        let fields = try signer.sign(
            RFC9421.testRequest(), label: "sig-b26", components: RFC9421.b26Components(),
            parameters: SignatureParameters(created: 1_618_884_473, keyID: "test-key-ed25519"))
        #expect(fields.signatureBase == RFC9421.b26Base)
        #expect(fields.signatureInput == RFC9421.b26SignatureInput)
        #expect(fields.signature == RFC9421.b26Signature)
    }

    @Test("B.2.6: the RFC's signed request verifies with the RFC's public key; altered, it does not")
    func b26Verifies() throws {
        let signed = try RFC9421.testRequest()
            .adding(HTTPField(name: "Signature-Input", value: RFC9421.b26SignatureInput))
            .adding(HTTPField(name: "Signature", value: RFC9421.b26Signature))
        let publicKey = try RFC9421.publicKey()
        let policy = HTTPSignaturePolicy(maxAge: 60)
        let verified = try HTTPMessageVerifier.verify(signed, policy: policy, now: 1_618_884_480) { $0 == "test-key-ed25519" ? publicKey : nil }
        #expect(verified.label == "sig-b26")
        #expect(verified.keyID == "test-key-ed25519")
        #expect(verified.created == 1_618_884_473)
        #expect(verified.signatureBase == RFC9421.b26Base)

        var altered = signed
        altered.fields[1] = HTTPField(name: "Date", value: "Tue, 20 Apr 2021 02:07:56 GMT")
        #expect(throws: HTTPSignatureError.signatureInvalid(label: "sig-b26")) {
            try HTTPMessageVerifier.verify(altered, policy: policy, now: 1_618_884_480) { _ in publicKey }
        }
        // Not covered by B.2.6, so changing the query does not break it (why coop covers @target-uri).
        var query = signed
        query.query = "param=Value&Pet=cat"
        _ = try HTTPMessageVerifier.verify(query, policy: policy, now: 1_618_884_480) { _ in publicKey }
    }

    @Test("B.2.1: the minimal signature base (no components, created/keyid/nonce in that order)")
    func b21Base() throws {
        let input = try SignatureInput(
            label: "sig-b21", components: [],
            parameters: SignatureParameters([.created(1_618_884_473), .keyID("test-key-rsa-pss"), .nonce("b3k2pp5k7z-50gnwp.yemd")]))
        #expect(
            try input.signatureBase(for: RFC9421.testRequest())
                == #""@signature-params": ();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd""#)
        #expect(input.fieldValue == #"sig-b21=();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd""#)
    }

    @Test("B.2.3: the full-coverage signature base, with @query and the sha-512 content-digest field")
    func b23Base() throws {
        let names = ["date", "@method", "@path", "@query", "@authority", "content-type", "content-digest", "content-length"]
        let input = try SignatureInput(
            label: "sig-b23", components: names.map(ComponentIdentifier.init),
            parameters: SignatureParameters(created: 1_618_884_473, keyID: "test-key-rsa-pss"))
        let expected = """
            "date": Tue, 20 Apr 2021 02:07:55 GMT
            "@method": POST
            "@path": /foo
            "@query": ?param=Value&Pet=dog
            "@authority": example.com
            "content-type": application/json
            "content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:
            "content-length": 18
            "@signature-params": ("date" "@method" "@path" "@query" "@authority" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-rsa-pss"
            """
        #expect(try input.signatureBase(for: RFC9421.testRequest()) == expected)
    }

    @Test("B.2.2: @query-param is refused as unsupported, not ignored")
    func b22Unsupported() throws {
        let value = #"sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;keyid="test-key-rsa-pss";tag="header-example""#
        let signed = try RFC9421.testRequest()
            .adding(HTTPField(name: "Signature-Input", value: value))
            .adding(HTTPField(name: "Signature", value: "sig-b22=:AAAA:"))
        #expect(throws: HTTPSignatureError.unsupportedComponentParameter(component: "@query-param", parameter: "name")) {
            try HTTPMessageVerifier.verify(signed, policy: HTTPSignaturePolicy(), now: 1_618_884_480) { _ in nil }
        }
    }

    @Test("the test request's derived components (RFC 9421 §2.2 on B.2)")
    func derivedComponents() throws {
        let request = try RFC9421.testRequest()
        let input = try SignatureInput(
            label: "x", components: [.method, .targetURI, .authority, .scheme, .requestTarget, .path, .query],
            parameters: SignatureParameters())
        #expect(
            try input.signatureBase(for: request) == """
                "@method": POST
                "@target-uri": https://example.com/foo?param=Value&Pet=dog
                "@authority": example.com
                "@scheme": https
                "@request-target": /foo?param=Value&Pet=dog
                "@path": /foo
                "@query": ?param=Value&Pet=dog
                "@signature-params": ("@method" "@target-uri" "@authority" "@scheme" "@request-target" "@path" "@query")
                """)
    }
}
