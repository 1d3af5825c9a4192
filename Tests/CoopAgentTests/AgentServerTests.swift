import CoopCrypto
import Foundation
import Testing

@testable import CoopAgent

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A live agent on a thread of the test: keys added, listed, used and removed through the
/// client, and hostile frames answered with typed failures while the agent carries on.
struct AgentServerTests {
    func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Starts an agent at a fresh socket (idle timeout 60 s, so it ends even if a test fails).
    func startAgent() throws -> String {
        let folder = "/tmp/coop-agent-test-\(UUID().uuidString.prefix(8))"
        #expect(mkdir(folder, 0o700) == 0)
        let path = folder + "/s"
        Thread {
            guard let server = try? AgentServer.listen(at: path, idleTimeout: .seconds(60)) else { return }
            _ = try? server.serve { _ in }
        }.start()
        #expect(eventually(10) { (try? AgentClient(socketPath: path).list()) != nil })
        return path
    }

    /// Sends raw bytes as one connection and returns the agent's answer.
    func raw(_ path: String, _ bytes: [UInt8]) throws -> AgentResponse {
        let fd = try AgentSocket.connect(to: path, timeoutSeconds: 10)
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        shutdown(fd, Int32(SHUT_WR))
        return try AgentWire.decodeResponse(try AgentSocket.readFrame(fd))
    }

    @Test func keysAreHeldUsedAndForgotten() throws {
        let path = try startAgent()
        let client = AgentClient(socketPath: path)
        let ada = Ed25519.PrivateKey()
        let ben = Ed25519.PrivateKey()
        try client.add(ada, name: "Ada")
        try client.add(ben, name: nil)
        #expect(try client.list() == [AgentKeyInfo(publicKey: ada.publicKey, name: "Ada"), AgentKeyInfo(publicKey: ben.publicKey, name: nil)])

        let message = Array("coop-entry-v2\n{\"a\":1}".utf8)
        let signature = try AgentSigner(client: client, publicKey: ada.publicKey).sign(message)
        #expect(signature == ada.signature(for: message))

        try client.remove(ada.publicKey)
        #expect(throws: AgentError.self) { try client.sign(message, with: ada.publicKey) }
        try client.removeAll()
        #expect(try client.list().isEmpty)
        try client.stop()
        #expect(eventually(10) { !FileManager.default.fileExists(atPath: path) })
        rmdir(String(path.dropLast(2)))
    }

    @Test func hostileFramesGetTypedFailuresAndTheAgentCarriesOn() throws {
        let path = try startAgent()
        let tooLong = AgentWire.lengthPrefix(AgentWire.maximumFrameBytes + 1)
        guard case .failure(let big) = try raw(path, tooLong) else {
            Issue.record("an oversized frame was not refused")
            return
        }
        #expect(big.code == .tooLarge)
        guard case .failure(let empty) = try raw(path, [0, 0, 0, 0]) else {
            Issue.record("an empty frame was not refused")
            return
        }
        #expect(empty.code == .malformed)
        guard case .failure(let cut) = try raw(path, [0, 0, 0, 9, 1, 2]) else {
            Issue.record("a cut frame was not refused")
            return
        }
        #expect(cut.code == .malformed)
        guard case .failure(let junk) = try raw(path, AgentWire.lengthPrefix(3) + [1, 0x55, 0]) else {
            Issue.record("junk was not refused")
            return
        }
        #expect(junk.code == .unsupported)

        let client = AgentClient(socketPath: path)
        #expect(try client.list().isEmpty)
        try client.stop()
        #expect(eventually(10) { !FileManager.default.fileExists(atPath: path) })
        rmdir(String(path.dropLast(2)))
    }
}
