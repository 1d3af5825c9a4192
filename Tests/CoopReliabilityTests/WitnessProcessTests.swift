import AsyncHTTPClient
import CoopCrypto
import CoopLedger
import CoopTlog
import Foundation
import NIOCore
import NIOHTTP1
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Witnesses end to end (issue 14): three `coop witness serve` processes on loopback, a ledger
/// whose bylaws need 2 of them, `coop checkpoint` collecting cosignatures, `coop verify`
/// requiring them, forks refused with evidence kept, and a witness killed with SIGKILL that
/// still refuses a fork of what it cosigned.
@Suite("witnesses", .serialized)
struct WitnessProcessTests {
    /// A `coop witness serve` child on a fixed loopback port (reserved at random beforehand).
    final class WitnessProcess {
        let name: String
        let port: Int
        let arguments: [String]
        let dir: String
        private(set) var child: CoopProcess.Child

        init(name: String, port: Int, arguments: [String], dir: String) throws {
            self.name = name
            self.port = port
            self.arguments = arguments
            self.dir = dir
            child = try Self.start(arguments, dir: dir, name: name)
        }

        deinit { kill() }

        var url: String { "http://127.0.0.1:\(port)" }

        static func start(_ arguments: [String], dir: String, name: String) throws -> CoopProcess.Child {
            let child = try CoopProcess.Child(arguments, in: dir, name: "\(name)-\(UUID().uuidString)")
            for _ in 0..<300 {
                if child.output.contains("listening on http://") { return child }
                guard child.process.isRunning else { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("coop witness serve did not start: \(child.errors)")
            throw CocoaError(.fileReadUnknown)
        }

        /// SIGKILL: no chance to flush anything.
        func kill() {
            guard child.process.isRunning else { return }
            Foundation.kill(child.process.processIdentifier, SIGKILL)
            child.process.waitUntilExit()
        }

        func restart() throws {
            kill()
            child = try Self.start(arguments, dir: dir, name: name)
        }
    }

    /// A free loopback port: bind port 0, read what the kernel chose, close.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A signed fork: a checkpoint of `size` with another root, signed with the ledger key.
    static func fork(size: UInt64, origin: String, ledgerKeyFile: String) throws -> SignedCheckpoint {
        var secret = Array(CoopProcess.passphrase.utf8)
        let key = try KeyFile.read(path: ledgerKeyFile, passphrase: SecretBytes(consuming: &secret))
        let root = SHA256.hash(Array("another history".utf8))
        let checkpoint = try Checkpoint(origin: origin, size: size, rootHash: root, extensions: [])
        return try SignedCheckpoint(signing: checkpoint, privateKey: key, keyName: origin)
    }

    @Test("three witnesses, k = 2: cosigned checkpoints verify; one down leaves 2 of 3; forks refused with evidence, also after SIGKILL")
    func witnesses() async throws {
        let c = try IntegrityCoop()
        // Ledger time near the witnesses' real clocks: the time rule compares them.
        c.time = Self.iso(Date().addingTimeInterval(-3 * 3600))
        guard let root = CoopProcess.packageRoot() else { throw CocoaError(.fileNoSuchFile) }
        // Three witness keys and ports; bylaws naming them, k = 2.
        var vkeys: [String] = []
        var ports: [Int] = []
        for i in 1...3 {
            let made = try c.ok(["witness", "key", "new", "--out", c.path("w\(i).key"), "--name", "w\(i).sister.coop", "--json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(made.utf8)) as? [String: Any])
            vkeys.append(try #require(json["vkey"] as? String))
            ports.append(try Self.freePort())
        }
        let bylaws = c.path("bylaws-w")
        try FileManager.default.copyItem(atPath: root + "/Bylaws", toPath: bylaws)
        var rules = try String(contentsOfFile: bylaws + "/rules.yaml", encoding: .utf8)
        rules += "\nwitnesses:\n  threshold: 2\n  tolerance_seconds: 600\n  list:\n"
        for i in 0..<3 {
            rules += "    - name: w\(i + 1).sister.coop\n      key: \(vkeys[i])\n      url: http://127.0.0.1:\(ports[i])\n"
        }
        try rules.write(toFile: bylaws + "/rules.yaml", atomically: true, encoding: .utf8)
        let ledger = c.path("w.ledger")
        let created = try c.ok(
            ["init", "--ledger", ledger, "--name", "Witnessed", "--bylaws", bylaws, "--founder-name", "Ada", "--founder-class", "therapist", "--json"]
                + c.key("ada"))
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])
        let origin = try #require(facts["origin"] as? String)
        let ledgerKey = try #require(facts["ledger_key"] as? String)

        let witnesses = try (0..<3).map { i in
            try WitnessProcess(
                name: "w\(i + 1)", port: ports[i],
                arguments: [
                    "witness", "serve", "--key", c.path("w\(i + 1).key"), "--state", c.path("w\(i + 1)-state"), "--listen", "127.0.0.1:\(ports[i])",
                    "--log", "\(origin)=\(ledgerKey)",
                ], dir: c.dir)
        }
        let onLedger = ["--ledger", ledger]
        // A witnessed checkpoint: all three cosign; verify demands the policy and it holds.
        try c.ok(["note", "first minutes"] + onLedger + c.key("ada"))
        let first = try c.run(["checkpoint"] + onLedger)
        #expect(first.ok, "\(first.text)")
        #expect(first.errors.contains("witnessed: 3 of 3 witnesses cosigned"), "\(first.errors)")
        #expect(first.output.components(separatedBy: "\n\u{2014} ").count == 5, "\(first.output)")
        let verified = try c.run(["verify"] + onLedger)
        #expect(verified.ok, "\(verified.text)")
        c.time = Self.iso(Date())

        // One witness down: 2 of 3 still meet k = 2.
        witnesses[2].kill()
        try c.ok(["note", "second minutes"] + onLedger + c.key("ada"))
        let second = try c.run(["checkpoint", "--witness-timeout", "3"] + onLedger)
        #expect(second.errors.contains("witnessed: 2 of 3 witnesses cosigned"), "\(second.errors)")
        #expect(second.errors.contains("witness w3.sister.coop: not cosigned"), "\(second.errors)")
        #expect(try c.run(["verify"] + onLedger).ok)
        let size = try Ledger.open(at: ledger, readOnly: true).store.size()

        // A fork of the cosigned size, presented to two witnesses: refused, evidence kept.
        let fork = try Self.fork(size: size, origin: origin, ledgerKeyFile: ledger + ".ledger-key")
        let forkRequest = try AddCheckpointRequest(oldSize: size, consistencyProof: [], checkpoint: fork)
        for witness in witnesses.prefix(2) {
            let answer = try await Self.post("POST", witness.url + "/add-checkpoint", body: Array(forkRequest.body().utf8))
            #expect(answer.status == 422, "\(answer.body)")
            let evidence = try FileManager.default.contentsOfDirectory(atPath: c.path("\(witness.name)-state/evidence"))
            #expect(evidence.count == 1 && evidence[0].contains("fork"), "\(evidence)")
        }
        // Killed (SIGKILL) and restarted, a witness still refuses a fork of what it cosigned.
        try witnesses[0].restart()
        let again = try await Self.post("POST", witnesses[0].url + "/add-checkpoint", body: Array(forkRequest.body().utf8))
        #expect(again.status == 422, "\(again.body)")
        // A fork that claims to extend it (bogus proof) is refused too; a stale old size gets 409.
        let bigger = try Self.fork(size: size + 5, origin: origin, ledgerKeyFile: ledger + ".ledger-key")
        let extend = try AddCheckpointRequest(oldSize: size, consistencyProof: [SHA256.hash([1])], checkpoint: bigger)
        #expect(try await Self.post("POST", witnesses[0].url + "/add-checkpoint", body: Array(extend.body().utf8)).status == 422)
        let stale = try AddCheckpointRequest(oldSize: 1, consistencyProof: [SHA256.hash([1])], checkpoint: bigger)
        let conflict = try await Self.post("POST", witnesses[0].url + "/add-checkpoint", body: Array(stale.body().utf8))
        #expect(conflict.status == 409 && conflict.body == "\(size)\n", "\(conflict.body)")

        // Two witnesses down: the checkpoint is stored but not witnessed; verify fails unless allowed.
        witnesses[1].kill()
        try c.ok(["note", "third minutes"] + onLedger + c.key("ada"))
        let third = try c.run(["checkpoint", "--witness-timeout", "3"] + onLedger)
        #expect(third.ok, "\(third.text)")
        #expect(third.errors.contains("not witnessed: 1 of 3"), "\(third.errors)")
        let strict = try c.run(["verify"] + onLedger)
        #expect(!strict.ok && strict.errors.contains("not witnessed"), "\(strict.text)")
        #expect(try c.run(["verify", "--allow-unwitnessed"] + onLedger).ok)
        // Receipts carry the cosignatures kept so far; verify-receipt requires the policy.
        let newest = try Ledger.open(at: ledger, readOnly: true).store.size() - 1
        try c.ok(["receipt", "1", "--out", c.path("r1.receipt")] + onLedger)
        try c.ok(["receipt", "\(newest)", "--out", c.path("r-new.receipt")] + onLedger)
        #expect(try String(contentsOfFile: c.path("r1.receipt"), encoding: .utf8).contains("\n\u{2014} w1.sister.coop "))
        #expect(try c.run(["verify-receipt", c.path("r1.receipt"), "--ledger-key", ledgerKey] + onLedger).ok)
        let unwitnessedReceipt = try c.run(["verify-receipt", c.path("r-new.receipt"), "--ledger-key", ledgerKey] + onLedger)
        #expect(!unwitnessedReceipt.ok && unwitnessedReceipt.errors.contains("not witnessed"), "\(unwitnessedReceipt.text)")
        #expect(try c.run(["verify-receipt", c.path("r-new.receipt"), "--ledger-key", ledgerKey, "--allow-unwitnessed"] + onLedger).ok)
        // The policy read from an export bundle instead: the same verdicts.
        try c.ok(["export", "--out", c.path("bundle-w")] + onLedger)
        let fromBundle = ["--ledger-key", ledgerKey, "--bundle", c.path("bundle-w"), "--ledger", c.path("none.ledger")]
        #expect(try c.run(["verify-receipt", c.path("r1.receipt")] + fromBundle).ok)
        let bundleVerdict = try c.run(["verify-receipt", c.path("r-new.receipt")] + fromBundle)
        #expect(!bundleVerdict.ok && bundleVerdict.errors.contains("not witnessed"), "\(bundleVerdict.text)")
        // Back up: the next checkpoint is cosigned from the witness's last size (a 409 teaches it).
        try witnesses[1].restart()
        let fourth = try c.run(["checkpoint"] + onLedger)
        #expect(fourth.errors.contains("witnessed: 2 of 3"), "\(fourth.errors)")
        #expect(try c.run(["verify"] + onLedger).ok)

        // coop serve collects cosignatures in the background; clone and pull require them.
        let server = try ServedLedger(c, ledger: ledger)
        try c.ok(["clone", server.url, c.path("ada-w"), "--ledger-key", ledgerKey] + c.key("ada"))
        let replica = ["--ledger", c.path("ada-w/coop.ledger")] + c.key("ada")
        try c.ok(["note", "posted from a replica"] + replica)
        #expect(try Self.eventually { try c.run(["pull"] + replica).ok }, "the served checkpoint was never witnessed")
        witnesses[1].kill()
        try c.ok(["note", "posted with one witness left"] + replica)
        let unwitnessed = try c.run(["pull"] + replica)
        #expect(!unwitnessed.ok && unwitnessed.errors.contains("not witnessed"), "\(unwitnessed.text)")
        let allowed = try c.run(["pull", "--allow-unwitnessed"] + replica)
        #expect(allowed.ok && allowed.errors.contains("not witnessed"), "\(allowed.text)")
        server.stop()
        try witnesses[1].restart()

        // Witnesses bound time: an entry dated two hours ahead fails verify once a witnessed
        // checkpoint contains it, whatever the operator's clock said.
        try c.ok(["note", "dated ahead"] + onLedger + c.key("ada"), at: Self.iso(Date().addingTimeInterval(7200)))
        #expect(try c.run(["checkpoint"] + onLedger).errors.contains("witnessed: 2 of 3"))
        let future = try c.run(["verify"] + onLedger)
        #expect(!future.ok && future.output.contains("dated into the future"), "\(future.text)")
    }

    @Test("a pull judges the checkpoint under the bylaws in force at its size: witnesses added inside the pulled range count")
    func pullAcrossAWitnessAmendment() throws {
        let c = try IntegrityCoop()
        var server: ServedLedger? = try ServedLedger(c)
        let url = try #require(server?.url)
        let port = try #require(server?.port)
        try c.ok(["clone", url, c.path("ben")] + c.key("ben"))
        let replica = ["--ledger", c.path("ben/coop.ledger")] + c.key("ben")
        let heldBefore = try Ledger.open(at: c.path("ben/coop.ledger"), readOnly: true).store.size()
        server?.stop()
        server = nil

        // The members add a witness (k = 1) that never answers: from the close on, no
        // checkpoint can meet the policy.
        let made = try c.ok(["witness", "key", "new", "--out", c.path("w.key"), "--name", "w.sister.coop", "--json"])
        let vkey = try #require((try JSONSerialization.jsonObject(with: Data(made.utf8)) as? [String: Any])?["vkey"] as? String)
        let motion = try c.ok(
            ["witness", "add", "w.sister.coop", "--vkey", vkey, "--url", "http://127.0.0.1:\(try Self.freePort())", "--threshold", "1"]
                + c.key("ada"))
        c.time = "2026-02-01T12:00:00Z"  // after the bylaws' notice
        try c.ok(["motion", "open", motion] + c.key("ada"))
        for who in ["ada", "ben", "cho", "dev"] { try c.ok(["vote", motion, "yes"] + c.key(who)) }
        #expect(try c.ok(["motion", "close", motion, "--json"] + c.key("ada")).contains("\"passed\":true"))
        let served = try ServedLedger(c, port: port)  // where the replica looks for it

        // Under the bylaws the replica holds (no witness) the new checkpoint would pass; under
        // those in force at its size it is not witnessed: refused, and nothing kept.
        let refused = try c.run(["pull"] + replica)
        #expect(!refused.ok && refused.errors.contains("not witnessed"), "\(refused.text)")
        #expect(try Ledger.open(at: c.path("ben/coop.ledger"), readOnly: true).store.size() == heldBefore)
        let allowed = try c.run(["pull", "--allow-unwitnessed"] + replica)
        #expect(allowed.ok && allowed.errors.contains("not witnessed"), "\(allowed.text)")
        let now = try Ledger.open(at: c.ledgerPath, readOnly: true).store.size()
        #expect(try Ledger.open(at: c.path("ben/coop.ledger"), readOnly: true).store.size() == now)
        served.stop()
    }

    /// POSTs `body` and returns the status and body. Async (never a semaphore on a cooperative
    /// thread: suites run in parallel, and two blocked threads would starve the client's task).
    static func post(_ method: String, _ url: String, body: [UInt8]) async throws -> RawHTTP.Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return RawHTTP.Answer(status: Int(response.status.code), body: String(buffer: bytes))
    }

    /// Polls `condition` for up to 10 seconds.
    static func eventually(_ condition: () throws -> Bool) throws -> Bool {
        for _ in 0..<50 {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, what `COOP_TIME` takes.
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
