import AsyncHTTPClient
import CoopCrypto
import CoopHTTPSignature
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// A `coop serve` child process on a loopback port chosen at random, for the server suites.
final class ServedLedger {
    let coop: IntegrityCoop
    private(set) var child: CoopProcess.Child
    private(set) var port: Int
    let ledger: String
    let extra: [String]

    /// Starts `coop serve` on `ledger` (default: the cooperative's), on `port` (0: any free one).
    init(_ coop: IntegrityCoop, ledger: String? = nil, port: Int = 0, extra: [String] = []) throws {
        self.coop = coop
        self.ledger = ledger ?? coop.ledgerPath
        self.extra = extra
        (child, self.port) = try Self.start(coop, ledger: self.ledger, port: port, extra: extra)
    }

    deinit { stop() }

    var url: String { "http://127.0.0.1:\(port)" }

    private static func start(_ coop: IntegrityCoop, ledger: String, port: Int, extra: [String]) throws -> (CoopProcess.Child, Int) {
        let child = try CoopProcess.Child(
            ["serve", "--ledger", ledger, "--listen", "127.0.0.1:\(port)", "--checkpoint-interval", "0.2"] + extra, in: coop.dir,
            name: "serve-\(UUID().uuidString)", environment: ["COOP_TIME": coop.time])
        // Wait (at most 30 s) for the line that names the port.
        for _ in 0..<300 {
            if let line = child.output.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://127.0.0.1:") }),
                let bound = Int(line.split(separator: ":").last ?? "")
            {
                return (child, bound)
            }
            guard child.process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        child.process.terminate()
        Issue.record("coop serve did not start: \(child.errors)")
        throw CocoaError(.fileReadUnknown)
    }

    /// Stops the server: SIGTERM (graceful) or SIGKILL.
    func stop(kill: Bool = false) {
        guard child.process.isRunning else { return }
        if kill {
            Foundation.kill(child.process.processIdentifier, SIGKILL)
        } else {
            child.process.terminate()
        }
        child.process.waitUntilExit()
    }

    /// Starts it again on the same port (after `stop`), optionally on another ledger file.
    func restart(ledger other: String? = nil) throws {
        stop()
        (child, port) = try Self.start(coop, ledger: other ?? ledger, port: port, extra: extra)
    }
}

/// Raw HTTP for the hostile cases the CLI never sends.
enum RawHTTP {
    struct Answer {
        let status: Int
        let body: String
    }

    /// Blocks the calling thread until the answer, on AsyncHTTPClient's event loops only: no
    /// Swift task is involved, so synchronous tests (which hold threads of the small shared
    /// pool while they wait) cannot starve one another's requests, however many run at once.
    static func send(_ method: String, _ url: String, body: [UInt8] = [], headers: [(String, String)] = []) throws -> Answer {
        var request = try HTTPClient.Request(url: url, method: HTTPMethod(rawValue: method))
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !body.isEmpty { request.body = .bytes(body) }
        let response = try HTTPClient.shared.execute(request: request, deadline: .now() + .seconds(30)).wait()
        return Answer(status: Int(response.status.code), body: response.body.map { String(buffer: $0) } ?? "")
    }

    /// A GET signed as RFC 9421 with `key` under `keyID` (which may lie about whose key it is).
    static func signedGet(_ url: String, key: Ed25519.PrivateKey, keyID: String) throws -> Answer {
        let now = Int64(Date().timeIntervalSince1970)
        var request = try SignableRequest(method: "GET", targetURI: url).addingContentDigest()
        let fields = try HTTPMessageSigner(privateKey: key).sign(
            request, components: [.method, .targetURI, .contentDigest],
            parameters: try SignatureParameters([
                .created(now), .expires(now + 60), .nonce(UUID().uuidString), .keyID(keyID), .tag("coop"),
            ]))
        request = fields.applied(to: request)
        return try send("GET", url, headers: request.fields.map { ($0.name, $0.value) })
    }
}
