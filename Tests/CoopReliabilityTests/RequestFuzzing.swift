import CoopAPI
import CoopCrypto
import CoopHTTPSignature
import CoopTlog

/// What FuzzRequest checks on one input, shared with `HostileInputCorpusTests` (this file is
/// linked into the fuzz target too): what `coop serve` does with a request before it reads the
/// ledger. An input is an HTTP/1.1 request as sent (`GET /tile/0/000 HTTP/1.1`, field lines, an
/// empty line, the body); the scene is one reader's key, the server's public URL and a fixed
/// time.
///
/// The request is rebuilt as the server rebuilds it (public URL + path + query) and verified
/// under `HTTPSignaturePolicy.coopSignedRead`: a `VerifiedSignature` or an `HTTPSignatureError`,
/// nothing else. A verified request must be the reader's, must stop verifying when its method or
/// body changes (both are covered), and is admitted once by a `ReplayWindow` and refused the
/// second time. Its `Signature-Input` and `Signature` dictionaries, when they parse (RFC 8941),
/// serialize and parse back to the same value. The path is routed as the server routes reads:
/// a tile, entry bundle or coop entry bundle id, or a `TileError`; an id read names exactly
/// the path it was read from (no second spelling of one resource).
struct RequestFuzzing {
    static let publicURL = "http://coop.example:8443"
    /// The scene's time (POSIX seconds); the seeds are signed at it.
    static let now: Int64 = 1_800_000_000

    let readerKey: Ed25519.PrivateKey
    let keyID: String

    init() throws {
        var seed = [UInt8](repeating: 0x61, count: 32)
        readerKey = try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
        keyID = ReadKeyID.fingerprint(readerKey.publicKey)
    }

    /// The request an input describes, or nil when it is not one (no request line, a field
    /// line without a colon).
    static func request(_ bytes: [UInt8]) -> (method: String, target: String, fields: [HTTPField], body: [UInt8])? {
        var lines: [String] = []
        var at = 0
        while true {
            guard let newline = bytes[at...].firstIndex(of: 0x0a) else { return nil }
            var line = bytes[at..<newline]
            if line.last == 0x0d { line = line.dropLast() }
            at = newline + 1
            if line.isEmpty { break }
            lines.append(String(decoding: line, as: UTF8.self))
        }
        guard let first = lines.first else { return nil }
        let parts = first.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].hasPrefix("/") else { return nil }
        var fields: [HTTPField] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].trimmingPrefix { $0 == " " || $0 == "\t" }
            fields.append(HTTPField(name: String(line[..<colon]), value: String(value)))
        }
        return (String(parts[0]), String(parts[1]), fields, Array(bytes[at...]))
    }

    /// The problem found, or nil.
    func check(_ bytes: [UInt8]) -> String? {
        guard let parsed = Self.request(bytes) else { return nil }
        if let problem = Self.route(parsed.target) { return problem }
        for name in ["signature-input", "signature"] {
            for field in parsed.fields where field.name.lowercased() == name {
                if let problem = Self.roundTrip(field.value) { return "\(name): \(problem)" }
            }
        }
        let signable: SignableRequest
        do {
            signable = try SignableRequest(method: parsed.method, targetURI: Self.publicURL + parsed.target, fields: parsed.fields, body: parsed.body)
        } catch is HTTPSignatureError {
            return nil
        } catch {
            return "the request was refused with \(type(of: error)), not an HTTPSignatureError: \(error)"
        }
        let verified: VerifiedSignature
        do {
            verified = try verify(signable)
        } catch is HTTPSignatureError {
            return nil
        } catch {
            return "the signature was refused with \(type(of: error)), not an HTTPSignatureError: \(error)"
        }
        guard verified.keyID == keyID else { return "a signature verified under keyid \(verified.keyID), not the reader's" }
        var other = signable
        other.method = signable.method == "GET" ? "POST" : "GET"
        if (try? verify(other)) != nil { return "the signature still verifies with the method changed" }
        other = signable
        other.body.append(0x21)
        if (try? verify(other)) != nil { return "the signature still verifies with a byte added to the body" }
        var window = ReplayWindow(capacity: 4)
        do {
            try window.admit(verified, policy: .coopSignedRead, now: Self.now)
        } catch {
            return "a verified signature was not admitted by an empty replay window: \(error)"
        }
        if (try? window.admit(verified, policy: .coopSignedRead, now: Self.now)) != nil { return "a replayed signature was admitted twice" }
        return nil
    }

    func verify(_ request: SignableRequest) throws -> VerifiedSignature {
        try HTTPMessageVerifier.verify(request, policy: .coopSignedRead, now: Self.now) { $0 == keyID ? readerKey.publicKey : nil }
    }

    /// An RFC 8941 dictionary that parses must serialize and parse back to itself.
    static func roundTrip(_ text: String) -> String? {
        guard let dictionary = try? StructuredFieldParser.parseDictionary(text) else { return nil }
        do {
            guard try StructuredFieldParser.parseDictionary(try dictionary.serialized()) == dictionary else {
                return "\(text.debugDescription) does not parse back to itself after serializing"
            }
        } catch {
            return "\(text.debugDescription) parsed but does not serialize and parse again: \(error)"
        }
        return nil
    }

    /// Routes `target` as the server's reads do; an id must name exactly the path it came from.
    static func route(_ target: String) -> String? {
        let path = String(target.dropFirst().prefix { $0 != "?" })
        do {
            if path.hasPrefix(APIPaths.coopEntriesPrefix) {
                let id = try CoopEntryBundle.bundle(path: path)
                if CoopEntryBundle.path(id) != path { return "\(path) was read as \(CoopEntryBundle.path(id))" }
            } else if path.hasPrefix("tile/entries/") {
                let id = try EntryBundleID(path: path)
                if id.path != path { return "\(path) was read as \(id.path)" }
            } else if path.hasPrefix(APIPaths.tilePrefix) {
                let id = try TileID(path: path)
                if id.path != path { return "\(path) was read as \(id.path)" }
            }
        } catch is TileError {
        } catch {
            return "\(path) was refused with \(type(of: error)), not a TileError: \(error)"
        }
        return nil
    }

    /// Real requests: signed reads made as `clone` and `pull` make them, at the scene's time,
    /// and an unsigned post (posts carry signed entries, not a signed request).
    func seeds() throws -> [(name: String, bytes: [UInt8])] {
        let signer = HTTPMessageSigner(privateKey: readerKey)
        let reads = [
            ("checkpoint", APIPaths.checkpoint), ("tile", "tile/0/x001/234"), ("tile-partial", "tile/1/000.p/7"),
            ("entry-bundle", "tile/entries/000.p/5"), ("coop-entries", CoopEntryBundle.path(try EntryBundleID(index: 0, width: 5))),
        ]
        var seeds: [(String, [UInt8])] = try reads.enumerated().map { n, read in
            let request = try signer.signCoopRead(
                try SignableRequest(method: "GET", targetURI: Self.publicURL + "/" + read.1), keyID: keyID, now: Self.now,
                nonce: "seed-nonce-\(n)")
            return ("seed-request-\(read.0)", Self.bytes(request))
        }
        let post = try SignableRequest(
            method: "POST", targetURI: Self.publicURL + "/" + APIPaths.entries + "?" + APIPaths.waitForCheckpoint,
            fields: [HTTPField(name: "Content-Type", value: APIPaths.entriesType)], body: Array("{}\n".utf8))
        seeds.append(("seed-request-post", Self.bytes(post)))
        return seeds
    }

    /// `request` as an HTTP/1.1 message with an origin-form target.
    static func bytes(_ request: SignableRequest) -> [UInt8] {
        let target = (request.path.isEmpty ? "/" : request.path) + (request.query.map { "?" + $0 } ?? "")
        var text = "\(request.method) \(target) HTTP/1.1\r\n"
        for field in request.fields { text += "\(field.name): \(field.value)\r\n" }
        return Array((text + "\r\n").utf8) + request.body
    }
}
