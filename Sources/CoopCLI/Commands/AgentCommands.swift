import ArgumentParser
import CoopAgent
import CoopCanonicalJSON
import CoopCrypto
import Foundation

/// `coop agent`: unlock keys once per session (like ssh-agent).
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Unlock your key once per session: an agent holds it behind a private socket and signs for write commands.",
        discussion: """
            eval "$(coop agent start)" starts one and sets COOP_AGENT; 'coop agent add me.key' unlocks the key into it. \
            While it holds the --key file's key, write commands sign through it without a passphrase; otherwise they \
            unlock the key file as usual. It exits after --idle-timeout without a request, on 'coop agent stop', or on \
            SIGTERM/SIGINT. docs/SECURITY.md, "The agent", says what it protects and what it does not.
            """,
        subcommands: [AgentStartCommand.self, AgentAddCommand.self, AgentListCommand.self, AgentRemoveCommand.self, AgentStopCommand.self])
}

/// `--socket` for the commands that talk to a running agent.
struct AgentSocketOption: ParsableArguments {
    @Option(name: .long, help: "The agent's socket (default: $COOP_AGENT, else the default socket 'coop agent start' uses).")
    var socket: String?

    var path: String {
        let environment = CLIContext.current.environment
        if let socket { return socket }
        if let named = environment[AgentPaths.environmentVariable], !named.isEmpty { return named }
        return AgentPaths.defaultSocket(environment: environment)
    }

    var client: AgentClient { AgentClient(socketPath: path) }
}

/// The line a shell evaluates to use the agent, like ssh-agent's.
func agentExportLine(_ path: String) -> String {
    let safe = path.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789/._-+:@%".unicodeScalars.contains($0)) }
    return "export \(AgentPaths.environmentVariable)=" + (safe ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'")
}

/// `coop agent add [KEYFILE]`: unlock a key file and hand the key to the agent.
struct AgentAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Unlock a key file (passphrase as usual) and hand the key to the agent.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var agent: AgentSocketOption
    @Argument(help: "The key file (default: --key, else $COOP_KEY).") var keyFile: String?

    func run() throws {
        guard let path = keyFile ?? global.keyPath else { throw CLIError.missingKey }
        let client = agent.client
        _ = try client.list()  // an agent must be there before the passphrase is asked
        let key = try KeyFile.read(path: path, passphrase: try global.passphrase())
        let name = try KeyFile.name(path: path)
        try client.add(key, name: name)
        say("added \(key.publicKey.text)\(name.map { " (\(TerminalText.safe(oneLine: $0)))" } ?? "") to the agent at \(client.socketPath)")
    }
}

/// `coop agent list`: the public keys and names the agent holds.
struct AgentListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The public keys (and names) the agent holds; never a secret.")

    @OptionGroup var agent: AgentSocketOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        let keys = try agent.client.list()
        if output.json {
            return try printJSON(
                .object([
                    "keys": .array(keys.map { .object(["public_key": .string($0.publicKey.text), "name": $0.name.map(JSONValue.string) ?? .null]) })
                ]))
        }
        guard !keys.isEmpty else { return say("the agent at \(agent.path) holds no keys; add one with 'coop agent add KEYFILE'") }
        for key in keys { say(key.publicKey.text + (key.name.map { " " + TerminalText.safe(oneLine: $0) } ?? "")) }
    }
}

/// `coop agent remove KEYFILE|--all`: make the agent forget keys.
struct AgentRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Make the agent forget a key (or all of them with --all).")

    @OptionGroup var agent: AgentSocketOption
    @Argument(help: "The key file whose key to forget.") var keyFile: String?
    @Flag(name: .long, help: "Forget every key.") var all = false

    func validate() throws {
        guard (keyFile == nil) != (all == false) else { throw ValidationError("name a key file or pass --all (not both)") }
    }

    func run() throws {
        if all {
            try agent.client.removeAll()
            return say("the agent at \(agent.path) holds no keys now")
        }
        guard let keyFile else { return }
        let key = try KeyFile.publicKey(path: keyFile)
        try agent.client.remove(key)
        say("removed \(key.text) from the agent at \(agent.path)")
    }
}

/// `coop agent stop`: the agent forgets its keys, removes its socket and exits.
struct AgentStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the agent: it forgets its keys, removes its socket and exits.")

    @OptionGroup var agent: AgentSocketOption

    func run() throws {
        try agent.client.stop()
        say("stopped the agent at \(agent.path)")
    }
}
