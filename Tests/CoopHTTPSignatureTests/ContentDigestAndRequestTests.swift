import CoopCrypto
import CoopHTTPSignature
import Testing

@Suite("Content-Digest and the request model")
struct ContentDigestAndRequestTests {
    @Test("RFC 9530: sha-256 of {\"hello\": \"world\"} (the body of RFC 9421's test request)")
    func rfc9530Example() throws {
        let body = Array(#"{"hello": "world"}"#.utf8)
        #expect(ContentDigest.fieldValue(for: body) == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")
        try ContentDigest.check("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", body: body)
        // With a trailing newline the digest is RFC 9530's other example value.
        #expect(ContentDigest.fieldValue(for: body + [0x0A]) == "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:")
        // The empty body (a GET): SHA-256("").
        #expect(ContentDigest.fieldValue(for: [UInt8]()) == "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:")
        // Other algorithms are ignored; sha-256 is what counts.
        try ContentDigest.check("sha-512=:AAAA:, sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", body: body)
    }

    @Test("Content-Digest failures")
    func failures() {
        let body = Array(#"{"hello": "world"}"#.utf8)
        let sha512 = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"
        #expect(throws: HTTPSignatureError.contentDigestMissingSHA256) { try ContentDigest.check(sha512, body: body) }
        #expect(throws: HTTPSignatureError.contentDigestMissingSHA256) {
            try ContentDigest.check(#"sha-256="X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=""#, body: body)
        }
        #expect(throws: HTTPSignatureError.contentDigestMismatch) {
            try ContentDigest.check("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", body: body + [0x20])
        }
        #expect(throws: HTTPSignatureError.contentDigestMismatch) { try ContentDigest.check("sha-256=:AAAA:", body: body) }
        #expect(throws: HTTPSignatureError.self) { try ContentDigest.check("sha-256=X48E9q", body: body) }
    }

    @Test("target URIs are split into parts and normalized for @authority and @target-uri")
    func targetURIs() throws {
        let request = try SignableRequest(method: "GET", targetURI: "HTTPS://Coop.Example:443/a%2Fb?x=1&y=%20")
        #expect(request.scheme == "https")
        #expect(request.authority == "Coop.Example:443")
        #expect(request.path == "/a%2Fb")
        #expect(request.query == "x=1&y=%20")
        #expect(request.normalizedAuthority == "coop.example")
        #expect(request.targetURI == "https://coop.example/a%2Fb?x=1&y=%20")
        let bare = try SignableRequest(method: "GET", targetURI: "http://localhost:8080")
        #expect(bare.targetURI == "http://localhost:8080/")
        #expect(bare.query == nil)
        // An empty path is "/" and an absent query is "?" alone (RFC 9421 §2.2.6, §2.2.7).
        let derived = try SignatureInput(label: "s", components: [.path, .query, .requestTarget, .authority], parameters: SignatureParameters())
        #expect(
            try derived.signatureBase(for: bare) == """
                "@path": /
                "@query": ?
                "@request-target": /
                "@authority": localhost:8080
                "@signature-params": ("@path" "@query" "@request-target" "@authority")
                """)
        let emptyQuery = try SignableRequest(method: "GET", targetURI: "http://h/p?")
        #expect(emptyQuery.query == "")
        #expect(emptyQuery.targetURI == "http://h/p?")
        for bad in ["/relative", "ftp://h/x", "https:///x", "https://u@h/x", "https://h/x#frag", "https://h/a b", "https://h/\u{e9}"] {
            #expect(throws: HTTPSignatureError.self, "\(bad)") { try SignableRequest(method: "GET", targetURI: bad) }
        }
    }

    @Test("field values: case-insensitive names, trimmed lines joined with \", \"")
    func fieldValues() throws {
        let request = try SignableRequest(
            method: "GET", targetURI: "https://h/",
            fields: [
                HTTPField(name: "Cache-Control", value: "  max-age=60 "),
                HTTPField(name: "X-Other", value: "x"),
                HTTPField(name: "cache-control", value: "\tmust-revalidate"),
            ])
        #expect(request.fieldValue("CACHE-control") == "max-age=60, must-revalidate")
        #expect(request.fieldValue("missing") == nil)
        let input = try SignatureInput(label: "s", components: [ComponentIdentifier("Cache-Control")], parameters: SignatureParameters())
        #expect(try input.signatureBase(for: request) == "\"cache-control\": max-age=60, must-revalidate\n\"@signature-params\": (\"cache-control\")")
        let folded = request.adding(HTTPField(name: "X-Bad", value: "a\r\n b"))
        let badInput = try SignatureInput(label: "s", components: [ComponentIdentifier("x-bad")], parameters: SignatureParameters())
        #expect(throws: HTTPSignatureError.invalidFieldValue(name: "x-bad")) { try badInput.signatureBase(for: folded) }
        #expect(throws: HTTPSignatureError.invalidFieldName("bad name")) { try ComponentIdentifier("bad name") }
        #expect(throws: HTTPSignatureError.unsupportedComponent("@status")) { try ComponentIdentifier("@status") }
        #expect(throws: HTTPSignatureError.invalidLabel("Sig")) { try SignatureInput(label: "Sig", components: [], parameters: SignatureParameters()) }
        #expect(throws: HTTPSignatureError.duplicateComponent("@method")) {
            try SignatureInput(label: "s", components: [.method, .method], parameters: SignatureParameters())
        }
        #expect(throws: HTTPSignatureError.invalidParameter("created", reason: "it appears twice")) { try SignatureParameters([.created(1), .created(2)]) }
        #expect(throws: HTTPSignatureError.self) { try SignatureParameters(created: -1) }
        #expect(throws: HTTPSignatureError.self) { try SignatureParameters(nonce: "é") }
    }
}
