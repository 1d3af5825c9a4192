import ArgumentParser

/// `coop --ledger L member list` means `coop member list --ledger L`.
///
/// swift-argument-parser reads an option only on the command that declares it, and the global
/// options (`GlobalOptions`) are declared by each leaf command, not by `coop` itself: written
/// before the subcommand they were refused ("Unknown option '--ledger'"). The command line is
/// rewritten before parsing instead: global options found among the subcommand names (before,
/// between or after them, until the first word that is not one) move to just after the last
/// subcommand name. Anything else is left where it is, so a command that does not take them
/// still refuses them.
extension CoopCommand {
    /// The options `GlobalOptions` declares; each takes one value (`--ledger L` or `--ledger=L`).
    static let globalOptionNames: Set<String> = ["--ledger", "--key", "--passphrase-file"]

    /// `arguments` (without the program name) with the global options moved after the
    /// subcommand path.
    public static func placingGlobalOptions(_ arguments: [String]) -> [String] {
        var path: [String] = [], globals: [String] = []
        var command: any ParsableCommand.Type = CoopCommand.self
        var i = arguments.startIndex
        while i < arguments.endIndex {
            let word = arguments[i]
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if globalOptionNames.contains(name) {
                globals.append(word)
                if !word.contains("="), i + 1 < arguments.endIndex {
                    globals.append(arguments[i + 1])
                    i += 1
                }
            } else if let sub = command.configuration.subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
                path.append(word)
                command = sub
            } else {
                break
            }
            i += 1
        }
        return path + globals + arguments[i...]
    }

    /// Parses a command line as `coop` does (global options placed first, see above).
    public static func parseCommandLine(_ arguments: [String]) throws -> any ParsableCommand {
        try parseAsRoot(placingGlobalOptions(arguments))
    }

    /// What the `coop` executable runs: the process's arguments, global options placed.
    public static func runCommandLine() {
        do {
            var command = try parseAsRoot(placingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
            try pullIfWritingOnReplica(command)
            try runPaged(&command)
        } catch {
            exit(withError: error)
        }
    }

    /// A write command (one that takes `WriteOptions`) on a replica works on the remote's newest
    /// state: what it computes before signing (a tally to close, an electorate to open, the
    /// author's chain) must not come from a stale copy. So the replica is pulled first.
    static func pullIfWritingOnReplica(_ command: any ParsableCommand) throws {
        var global: GlobalOptions?
        var write: WriteOptions?
        for child in Mirror(reflecting: command).children {
            if let g = child.value as? OptionGroup<GlobalOptions> { global = g.wrappedValue }
            if let w = child.value as? OptionGroup<WriteOptions> { write = w.wrappedValue }
        }
        guard let global, let write, write.out == nil, let remote = try global.replicaConfiguration else { return }
        try global.pullBeforeWriting(remote, key: try global.signingIdentity())
    }
}
