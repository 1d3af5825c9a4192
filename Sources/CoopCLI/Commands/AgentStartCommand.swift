import ArgumentParser
import CoopAgent
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `coop agent start`: listen on a private socket, print `export COOP_AGENT=…`, and run in the
/// background (a detached copy of this executable) unless `--foreground`.
struct AgentStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an agent: prints 'export COOP_AGENT=…' for your shell (eval \"$(coop agent start)\").")

    @Option(
        name: .long,
        help: "The socket (default: $XDG_RUNTIME_DIR/coop-agent/agent.sock, else /tmp/coop-agent-$UID/agent.sock); its folder must be yours and mode 0700.")
    var socket: String?

    @Option(name: .long, help: "Exit after this long without a request: 90s, 15m, 2h; 0 for never.")
    var idleTimeout = "15m"

    @Flag(name: .long, help: "Stay in the foreground (for tests and service managers).")
    var foreground = false

    /// Set on the background copy: it starts a new session, away from the terminal.
    @Flag(name: .long, help: .hidden)
    var detached = false

    func validate() throws {
        do {
            _ = try AgentDuration.parse(idleTimeout)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    var socketPath: String { socket ?? AgentPaths.defaultSocket(environment: CLIContext.current.environment) }

    func run() throws {
        let timeout = try AgentDuration.parse(idleTimeout)
        guard foreground else { return try startInBackground() }
        if detached { _ = setsid() }
        let ending = try serve(timeout: timeout)
        warn("coop agent: stopped (\(ending)); keys forgotten, socket removed")
    }

    /// Listens and serves until stopped; the server (keys, socket) is gone when this returns.
    private func serve(timeout: Duration?) throws -> AgentServer.Ending {
        let server = try AgentServer.listen(at: socketPath, idleTimeout: timeout)
        say(agentExportLine(socketPath))
        warn("coop agent: pid \(getpid()) listening at \(socketPath), idle timeout \(AgentDuration.text(timeout))")
        return try server.serve { warn("coop agent: " + $0) }
    }

    /// Checks the folder, starts `coop agent start --foreground --detached` with no terminal
    /// and its output discarded, waits (at most 10 s) until it answers, and prints the export line.
    private func startInBackground() throws {
        let path = socketPath
        try AgentPaths.prepareFolder(for: path)
        let client = AgentClient(socketPath: path, timeoutSeconds: 2)
        if (try? client.list()) != nil { throw AgentError.alreadyRunning(path: path) }
        guard let executable = Bundle.main.executablePath else {
            throw CLIError.invalidArgument("cannot find the coop executable to start the agent; run 'coop agent start --foreground &'")
        }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["agent", "start", "--foreground", "--detached", "--socket", path, "--idle-timeout", idleTimeout]
        child.standardInput = FileHandle.nullDevice
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        for _ in 0..<100 {
            if (try? client.list()) != nil {
                say(agentExportLine(path))
                warn(
                    "coop agent: pid \(child.processIdentifier) listening at \(path), idle timeout \(AgentDuration.text(try AgentDuration.parse(idleTimeout)))")
                return
            }
            guard child.isRunning else {
                throw CLIError.invalidArgument(
                    "the agent exited at once (status \(child.terminationStatus)); run 'coop agent start --foreground' to see why")
            }
            usleep(100_000)
        }
        child.terminate()
        throw CLIError.invalidArgument("the agent did not answer at \(path) within 10 s; it was stopped")
    }
}
