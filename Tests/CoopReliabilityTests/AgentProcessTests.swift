import Foundation
import Testing

/// `coop agent` as a member uses it: started, a key added, write commands signed through it with
/// no passphrase, stopped (socket gone), and writes falling back to the key file afterwards.
/// Every wait is bounded; an agent left running is terminated.
@Suite(.serialized)
struct AgentProcessTests {
    /// Polls `condition` every 50 ms for at most `seconds`; true once it holds.
    func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// A private (0700) folder for the socket inside `dir`.
    func socketPath(in dir: String) throws -> String {
        let folder = dir + "/agent"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return folder + "/agent.sock"
    }

    func startAgent(_ socket: String, in dir: String, idle: String = "2m") throws -> CoopProcess.Child {
        let agent = try CoopProcess.Child(
            ["agent", "start", "--foreground", "--socket", socket, "--idle-timeout", idle], in: dir, name: "agent-\(UUID().uuidString)")
        #expect(eventually(10) { agent.output.contains("export COOP_AGENT=\(socket)") }, "the agent did not start: \(agent.errors)")
        return agent
    }

    func stopped(_ agent: CoopProcess.Child) -> Bool {
        let exited = eventually(10) { !agent.process.isRunning }
        if !exited { agent.process.terminate() }
        return exited
    }

    @Test func writesSignThroughTheAgentWithoutAPassphraseAndFallBackOnceItStops() throws {
        let dir = try CoopProcess.makeCooperative(members: 0)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = try socketPath(in: dir)
        let agent = try startAgent(socket, in: dir)
        defer { if agent.process.isRunning { agent.process.terminate() } }

        let mode = try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        try CoopProcess.run(["agent", "add", dir + "/founder.key", "--socket", socket], in: dir)
        let listed = try CoopProcess.run(["agent", "list", "--socket", socket], in: dir)
        let founder = try CoopProcess.run(["key", "show", dir + "/founder.key"], in: dir)
        #expect(listed == founder + " Founder")

        // No passphrase at all: unlocking the key file could only fail.
        let noPassphrase = ["COOP_PASSPHRASE": "", "COOP_AGENT": socket]
        let signed = try CoopProcess.Child(["note", "signed by the agent", "--key", dir + "/founder.key"], in: dir, name: "note1", environment: noPassphrase)
        #expect(signed.wait(), "\(signed.errors)")
        #expect(signed.output.contains("entry 1 by m1"))
        #expect(!signed.errors.contains("unlocking"))
        #expect(try CoopProcess.verifies(dir))

        try CoopProcess.run(["agent", "stop", "--socket", socket], in: dir)
        #expect(stopped(agent))
        #expect(agent.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))
        #expect(agent.errors.contains("stopped (stopRequest)"))

        // The agent is gone: the write falls back to the key file, says so, and without a passphrase fails.
        let fallback = try CoopProcess.Child(["note", "no agent now", "--key", dir + "/founder.key"], in: dir, name: "note2", environment: noPassphrase)
        #expect(!fallback.wait())
        #expect(fallback.errors.contains("no agent answers at \(socket)"))
        #expect(fallback.errors.contains("unlocking \(dir)/founder.key with its passphrase"))
        #expect(fallback.errors.contains("passphrase"))
        // With the passphrase it is written as before.
        let unlocked = try CoopProcess.Child(["note", "unlocked", "--key", dir + "/founder.key"], in: dir, name: "note3", environment: ["COOP_AGENT": socket])
        #expect(unlocked.wait(), "\(unlocked.errors)")
    }

    @Test func aMemberOnAReplicaClonesPullsAndWritesThroughTheAgent() throws {
        let c = try IntegrityCoop()
        let server = try ServedLedger(c)
        let socket = try socketPath(in: c.dir)
        let agent = try startAgent(socket, in: c.dir)
        defer { if agent.process.isRunning { agent.process.terminate() } }
        try c.ok(["agent", "add", c.path("ben.key"), "--socket", socket])
        // Signed reads (clone, the pull before a write, the pull after it) and the entry itself,
        // all through the agent: no passphrase anywhere.
        let noPassphrase = ["COOP_PASSPHRASE": "", "COOP_AGENT": socket]
        let replica = ["--ledger", c.path("ben/coop.ledger"), "--key", c.path("ben.key")]
        let cloned = try c.run(["clone", server.url, c.path("ben"), "--key", c.path("ben.key")], environment: noPassphrase)
        #expect(cloned.ok && !cloned.errors.contains("unlocking"), "\(cloned.text)")
        let wrote = try c.run(["note", "from Ben's laptop, through the agent"] + replica, environment: noPassphrase)
        #expect(wrote.ok && wrote.errors.contains("receipt"), "\(wrote.text)")
        #expect(try c.ok(["log", "--author", "m2"]).contains("note"))
        let pulled = try c.run(["pull"] + replica, environment: noPassphrase)
        #expect(pulled.ok, "\(pulled.text)")
        try c.ok(["agent", "stop", "--socket", socket])
        #expect(stopped(agent))
        server.stop()
    }

    @Test func anAgentWithoutTheKeyIsPassedOverWithAWord() throws {
        let dir = try CoopProcess.makeCooperative(members: 0)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = try socketPath(in: dir)
        let agent = try startAgent(socket, in: dir)
        defer { if agent.process.isRunning { agent.process.terminate() } }
        let note = try CoopProcess.Child(["note", "unlocked", "--key", dir + "/founder.key"], in: dir, name: "note", environment: ["COOP_AGENT": socket])
        #expect(note.wait(), "\(note.errors)")
        #expect(note.errors.contains("does not hold the key in \(dir)/founder.key"))
        agent.process.terminate()
        #expect(stopped(agent))
    }

    @Test func anIdleAgentExitsOnItsOwnAndRemovesItsSocket() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-agent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = try socketPath(in: dir)
        let agent = try startAgent(socket, in: dir, idle: "1s")
        #expect(stopped(agent))
        #expect(agent.process.terminationStatus == 0)
        #expect(agent.errors.contains("stopped (idle)"))
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test func sigtermStopsTheAgentAndRemovesItsSocket() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-agent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = try socketPath(in: dir)
        let agent = try startAgent(socket, in: dir)
        agent.process.terminate()
        #expect(stopped(agent))
        #expect(agent.errors.contains("stopped (signal)"))
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test func theBackgroundAgentPrintsTheExportLineAndStops() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-agent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = try socketPath(in: dir)
        let printed = try CoopProcess.run(["agent", "start", "--socket", socket, "--idle-timeout", "1m"], in: dir)
        #expect(printed == "export COOP_AGENT=\(socket)")
        #expect(FileManager.default.fileExists(atPath: socket))
        try CoopProcess.run(["agent", "stop", "--socket", socket], in: dir)
        #expect(eventually(10) { !FileManager.default.fileExists(atPath: socket) })
    }

    @Test func aFolderOthersMayOpenIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-agent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/open", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let agent = try CoopProcess.Child(
            ["agent", "start", "--foreground", "--socket", dir + "/open/agent.sock"], in: dir, name: "agent")
        #expect(stopped(agent))
        #expect(agent.process.terminationStatus != 0)
        #expect(agent.errors.contains("refusing the agent socket folder \(dir)/open"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/open/agent.sock"))
    }
}
