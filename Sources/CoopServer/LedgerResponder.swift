import CoopAPI
import CoopCrypto
import CoopHTTPSignature
import CoopLedger
import CoopTlog
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Answers every request of the API (docs/API.md): signed reads of the checkpoint, tiles and
/// bundles; posts of signed entries to the sequencer.
struct LedgerResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let sequencer: Sequencer
    let reads: ReadSide
    let configuration: ServerConfiguration
    let limiter: RateLimiter
    let replays: ReplayGuard
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let path = String(request.uri.path.drop { $0 == "/" })
        do {
            switch (request.method, path) {
            case (.post, APIPaths.entries):
                return try await post(&request)
            case (.get, _), (.head, _):
                let reader = try await authenticate(request)
                if let wait = limiter.take("read " + reader) { throw Refusal.rateLimited(wait) }
                return try await read(path)
            default:
                throw Refusal.status(.methodNotAllowed, APIError(code: "bad-request", message: "\(request.method) \(request.uri.path) is not part of the API"))
            }
        } catch let refusal as Refusal {
            return refusal.response
        } catch {
            logger.error("request failed", metadata: ["path": "\(path)", "error": "\(error)"])
            return Refusal.status(.internalServerError, APIError(code: "internal", message: "the server failed: \(error)")).response
        }
    }

    // MARK: writes

    private func post(_ request: inout Request) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        } catch {
            throw Refusal.status(
                .contentTooLarge,
                APIError(code: "too-large", message: "the post is larger than the server's limit of \(configuration.maxBodyBytes) bytes"))
        }
        let bytes = Array(buffer: body)
        let entries: [SignedEntry]
        do {
            entries = try PostBody.entries(bytes)
        } catch {
            throw Refusal.status(.badRequest, APIError(code: "bad-request", message: "\(error)"))
        }
        // Posts need no request signature: each entry's own signatures decide. The rate limit
        // is per author key, taken from the (not yet verified) statement.
        let author = entries[0].claimedAuthorKey?.text ?? "?"
        if let wait = limiter.take("post " + author) { throw Refusal.rateLimited(wait) }
        let wait = request.uri.query?.split(separator: "&").contains { $0 == APIPaths.waitForCheckpoint } ?? false
        switch await sequencer.post(entries, waitForCheckpoint: wait) {
        case let .success(response):
            return try Self.json(response, status: response.entries.allSatisfy(\.duplicate) ? .ok : .created)
        case let .failure(error):
            let status: HTTPResponse.Status =
                error.code == "unavailable" ? .serviceUnavailable : error.code == "bad-request" ? .badRequest : .unprocessableContent
            throw Refusal.status(status, error)
        }
    }

    // MARK: reads

    /// Checks the RFC 9421 signature and that its key may read; returns the keyid.
    private func authenticate(_ request: Request) async throws -> String {
        var fields: [CoopHTTPSignature.HTTPField] = []
        for field in request.headers { fields.append(.init(name: field.name.canonicalName, value: field.value)) }
        let base =
            configuration.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://" + (request.head.authority ?? "\(configuration.host):\(configuration.port)")
        let target = base + request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let signable: SignableRequest
        do {
            signable = try SignableRequest(method: request.method.rawValue, targetURI: target, fields: fields, body: [])
        } catch {
            throw Refusal.unauthenticated("the request cannot be checked: \(error)")
        }
        guard signable.fieldValue("signature") != nil else {
            throw Refusal.unauthenticated(
                "reads are for members and auditors: sign the request (RFC 9421, Ed25519, as docs/API.md says); 'coop clone' and 'coop pull' do")
        }
        let now = Int64(Date().timeIntervalSince1970)
        let policy = HTTPSignaturePolicy.coopSignedRead
        let keys = try await reads.readers()
        let verified: VerifiedSignature
        do {
            verified = try HTTPMessageVerifier.verify(signable, policy: policy, now: now) { keys[$0] }
        } catch HTTPSignatureError.unknownKey(let keyID) {
            throw Refusal.status(
                .forbidden, APIError(code: "forbidden", message: "the key \(keyID) is not a current member's key or an auditor's: it may not read this ledger"))
        } catch {
            throw Refusal.unauthenticated("the request's signature was refused: \(error)")
        }
        do {
            try replays.admit(verified, policy: policy, now: now)
        } catch {
            throw Refusal.unauthenticated("the request's signature was refused: \(error)")
        }
        return verified.keyID
    }

    private func read(_ path: String) async throws -> Response {
        if path == APIPaths.checkpoint {
            guard let note = try await reads.run({ try $0.latestCheckpoint()?.note }) else {
                throw Refusal.status(.notFound, APIError(code: "not-found", message: "the ledger has no checkpoint yet"))
            }
            return Self.bytes(Array(note.utf8), type: APIPaths.checkpointType)
        }
        if path.hasPrefix(APIPaths.coopEntriesPrefix) {
            let bundle = try parse { try CoopEntryBundle.bundle(path: path) }
            let leaves = try await leaves(bundle)
            return Self.bytes(CoopEntryBundle.bytes(leaves), type: APIPaths.entriesType)
        }
        if path.hasPrefix("tile/entries/") {
            let bundle = try parse { try EntryBundleID(path: path) }
            do {
                return Self.bytes(try EntryBundle(entries: try await leaves(bundle)).bytes(), type: APIPaths.tileType)
            } catch let e as TileError {
                throw Refusal.status(.unprocessableContent, APIError(code: "too-large", message: "\(e); read coop/entries/… (32-bit lengths) instead"))
            }
        }
        if path.hasPrefix(APIPaths.tilePrefix) {
            let tile = try parse { try TileID(path: path) }
            do {
                return Self.bytes(try await reads.run { try $0.hashTile(tile) }, type: APIPaths.tileType)
            } catch LedgerError.treeSizeOutOfRange {
                throw Refusal.status(.notFound, APIError(code: "not-found", message: "the tree has no tile \(path) yet"))
            }
        }
        throw Refusal.status(.notFound, APIError(code: "not-found", message: "no such resource: /\(path)"))
    }

    private func leaves(_ bundle: EntryBundleID) async throws -> [[UInt8]] {
        let range = bundle.entries
        let leaves = try await reads.run { ledger -> [[UInt8]]? in
            guard try ledger.store.size() >= range.upperBound else { return nil }
            return try ledger.entries(from: range.lowerBound, to: range.upperBound).map(\.leaf)
        }
        guard let leaves else {
            throw Refusal.status(.notFound, APIError(code: "not-found", message: "the ledger has no entries \(range.lowerBound)…\(range.upperBound - 1) yet"))
        }
        return leaves
    }

    private func parse<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw Refusal.status(.notFound, APIError(code: "not-found", message: "\(error)")) }
    }

    // MARK: responses

    static func bytes(_ bytes: [UInt8], type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPFields()
        headers[.contentType] = APIPaths.jsonType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Array(try encoder.encode(value)) + [0x0A])))
    }

    /// A request answered with an error body.
    enum Refusal: Error {
        case status(HTTPResponse.Status, APIError)
        case unauthenticated(String)
        case rateLimited(Double)

        var response: Response {
            switch self {
            case let .status(status, error):
                return (try? LedgerResponder.json(error, status: status)) ?? Response(status: status)
            case let .unauthenticated(message):
                return (try? LedgerResponder.json(APIError(code: "unauthenticated", message: message), status: .unauthorized))
                    ?? Response(status: .unauthorized)
            case let .rateLimited(seconds):
                var response =
                    (try? LedgerResponder.json(
                        APIError(code: "rate-limited", message: "too many requests for this key; try again in \(Int(seconds.rounded(.up))) s"),
                        status: .tooManyRequests)) ?? Response(status: .tooManyRequests)
                response.headers[.retryAfter] = String(Int(seconds.rounded(.up)))
                return response
            }
        }
    }
}

/// The server's one replay window, shared by every request.
final class ReplayGuard: Sendable {
    private let window = Mutex(ReplayWindow())

    func admit(_ signature: VerifiedSignature, policy: HTTPSignaturePolicy, now: Int64) throws {
        try window.withLock { try $0.admit(signature, policy: policy, now: now) }
    }
}
