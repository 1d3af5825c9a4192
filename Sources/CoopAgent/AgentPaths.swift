#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the agent's socket lives, and the checks its folder must pass.
public enum AgentPaths {
    /// The environment variable naming the socket (`coop agent start` prints it).
    public static let environmentVariable = "COOP_AGENT"

    /// `$XDG_RUNTIME_DIR/coop-agent/agent.sock`, else `/tmp/coop-agent-$UID/agent.sock`.
    public static func defaultSocket(environment: [String: String]) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            return (runtime.hasSuffix("/") ? String(runtime.dropLast()) : runtime) + "/coop-agent/agent.sock"
        }
        return "/tmp/coop-agent-\(geteuid())/agent.sock"
    }

    /// The socket a client uses: `$COOP_AGENT` when set and not empty, else the default socket
    /// when something is there; nil when there is no agent to try.
    public static func clientSocket(environment: [String: String]) -> String? {
        if let path = environment[environmentVariable], !path.isEmpty { return path }
        let path = defaultSocket(environment: environment)
        var info = stat()
        return lstat(path, &info) == 0 ? path : nil
    }

    /// The folder part of `path` ("." when it has none).
    static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// Makes the socket's folder (mode 0700) when it is missing, then requires that it is a
    /// real folder (not a symbolic link) owned by this user with no permission for group or
    /// others.
    /// - Throws: `unsafeSocketDirectory` naming what is wrong.
    public static func prepareFolder(for socketPath: String) throws(AgentError) {
        let folder = folder(of: socketPath)
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
            throw .unsafeSocketDirectory(path: folder, reason: "cannot create it: \(AgentSocket.reason())")
        }
        var info = stat()
        guard lstat(folder, &info) == 0 else {
            throw .unsafeSocketDirectory(path: folder, reason: AgentSocket.reason())
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .unsafeSocketDirectory(path: folder, reason: "it is not a folder (a symbolic link is refused)")
        }
        guard info.st_uid == geteuid() else {
            throw .unsafeSocketDirectory(path: folder, reason: "it belongs to uid \(info.st_uid), not to you (uid \(geteuid()))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .unsafeSocketDirectory(
                path: folder, reason: "group or others may open it (mode 0\(String(mode, radix: 8))); chmod 700 it")
        }
    }

    /// Clears the way for a new socket at `path`: a socket nobody answers on (left by an agent
    /// that was killed) is removed; a live agent or a file that is not a socket is refused.
    static func clearStaleSocket(_ path: String) throws(AgentError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .unsafeSocketDirectory(path: path, reason: "it exists and is not a socket; remove it or choose another --socket")
        }
        if let fd = try? AgentSocket.connect(to: path, timeoutSeconds: 1) {
            close(fd)
            throw .alreadyRunning(path: path)
        }
        unlink(path)
    }
}
