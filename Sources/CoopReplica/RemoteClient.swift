import AsyncHTTPClient
import CoopAPI
import CoopCrypto
import CoopHTTPSignature
import CoopLedger
import Foundation
import NIOCore
import NIOHTTP1

/// What went wrong talking to a remote, said so that a person knows what to do.
public enum RemoteError: Error, CustomStringConvertible {
    /// The server could not be reached or the connection broke (safe to retry: posts are idempotent).
    case unreachable(url: String, reason: String)
    /// The server answered with an error body.
    case refused(status: Int, APIError)
    /// The server answered something that is not the API.
    case badAnswer(url: String, reason: String)

    public var description: String {
        switch self {
        case let .unreachable(url, reason):
            return "cannot reach \(url): \(reason); check the URL and that the server runs, then try again (a post sent again is never appended twice)"
        case let .refused(status, error): return "the server refused (HTTP \(status), \(error.code)): \(error.message)"
        case let .badAnswer(url, reason): return "\(url) did not answer as a coop server: \(reason)"
        }
    }

    /// True for failures where trying the same request again may succeed.
    public var isRetryable: Bool {
        switch self {
        case .unreachable: return true
        case let .refused(status, _): return status == 503 || status == 429
        case .badAnswer: return false
        }
    }
}

/// A client of `coop serve` (docs/API.md): signed reads, posts of signed entries.
public struct RemoteClient: Sendable {
    /// The remote's base URL, without a final slash.
    public let url: String
    /// Signs reads: a member's key (or an auditor's), named by its fingerprint.
    public let readKey: any Ed25519Signer
    public let timeout: Int64

    public init(url: String, readKey: any Ed25519Signer, timeout: Int64 = 60) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.readKey = readKey
        self.timeout = timeout
    }

    /// The keyid a key signs reads under: `sha256:<hex of SHA-256 of the public key>`.
    public static func keyID(_ key: Ed25519.PublicKey) -> String { ReadKeyID.fingerprint(key) }

    /// GET `path` with a signed request; the body, at most `limit` bytes.
    public func get(_ path: String, limit: Int = 64 << 20) async throws -> [UInt8] {
        let target = url + "/" + path
        let signable = try HTTPMessageSigner(signer: readKey).signCoopRead(
            try SignableRequest(method: "GET", targetURI: target), keyID: Self.keyID(readKey.publicKey),
            now: Int64(Date().timeIntervalSince1970), nonce: Self.nonce())
        var request = HTTPClientRequest(url: target)
        request.method = .GET
        for field in signable.fields { request.headers.add(name: field.name, value: field.value) }
        return try await send(request, limit: limit)
    }

    /// 16 random bytes, base64url without padding (22 characters).
    static func nonce() -> String {
        String(
            Base64.encode(SecureRandom.bytes(count: 16)).compactMap { c -> Character? in
                c == "+" ? "-" : c == "/" ? "_" : c == "=" ? nil : c
            })
    }

    /// POSTs signed entries (the lines `coop … --out` writes); with `waitForCheckpoint` the
    /// answer carries the checkpoint that covers them.
    public func post(_ entries: [SignedEntry], waitForCheckpoint: Bool) async throws -> PostResponse {
        let body = PostBody.bytes(entries)
        let target = url + "/" + APIPaths.entries + (waitForCheckpoint ? "?" + APIPaths.waitForCheckpoint : "")
        var request = HTTPClientRequest(url: target)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: APIPaths.entriesType)
        request.body = HTTPClientRequest.Body.bytes(ByteBuffer(bytes: body))
        let answer = try await send(request, limit: 1 << 20)
        do {
            return try JSONDecoder().decode(PostResponse.self, from: Data(answer))
        } catch {
            throw RemoteError.badAnswer(url: target, reason: "the answer to a post is not JSON of the API (\(error))")
        }
    }

    /// One client for the process. A refused connection fails at once (the pool would retry
    /// until the request's deadline): the replica's own retries are bounded and say so.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    private func send(_ request: HTTPClientRequest, limit: Int) async throws -> [UInt8] {
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await Self.http.execute(request, timeout: .seconds(timeout))
            body = try await response.body.collect(upTo: limit)
        } catch {
            throw RemoteError.unreachable(url: request.url, reason: "\(error)")
        }
        let bytes = Array(buffer: body)
        guard (200..<300).contains(response.status.code) else {
            if let error = try? JSONDecoder().decode(APIError.self, from: Data(bytes)) {
                throw RemoteError.refused(status: Int(response.status.code), error)
            }
            throw RemoteError.badAnswer(url: request.url, reason: "HTTP \(response.status.code) with no API error body")
        }
        return bytes
    }
}
