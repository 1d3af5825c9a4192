import Foundation
import Testing

/// Runs `coop` where storage refuses to be written: without root's override of file modes, and
/// inside a private mount namespace that holds a small tmpfs.
enum StorageFailureProcess {
    /// A finished child: its exit status and everything it printed.
    struct Finished {
        let status: Int32
        let output: String
        let errors: String

        /// The value after `key ` on the first line of the output that starts so, if any.
        func value(_ key: String) -> String? {
            output.split(separator: "\n").first { $0.hasPrefix(key + " ") }.map { String($0.dropFirst(key.count + 1)) }
        }

        /// Every output line that starts with `key `, without it.
        func values(_ key: String) -> [String] {
            output.split(separator: "\n").filter { $0.hasPrefix(key + " ") }.map { String($0.dropFirst(key.count + 1)) }
        }
    }

    /// Runs `arguments` (looked up in PATH by env) to completion in `dir`, with the reliability
    /// suite's passphrase; output goes to files so a large one never blocks the child.
    static func run(_ arguments: [String], in dir: String, environment: [String: String] = [:]) throws -> Finished {
        let name = dir + "/run-\(UUID().uuidString)"
        for path in [name + ".out", name + ".err"] where !FileManager.default.createFile(atPath: path, contents: nil) {
            throw CocoaError(.fileWriteUnknown)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment
            .merging(["COOP_PASSPHRASE": CoopProcess.passphrase]) { _, new in new }
            .merging(environment) { _, new in new }
        process.standardOutput = FileHandle(forWritingAtPath: name + ".out")
        process.standardError = FileHandle(forWritingAtPath: name + ".err")
        try process.run()
        process.waitUntilExit()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Finished(status: process.terminationStatus, output: read(name + ".out"), errors: read(name + ".err"))
    }

    /// What runs `coop` so that file modes bind it. Root ignores them through CAP_DAC_OVERRIDE
    /// (and CAP_DAC_READ_SEARCH, CAP_FOWNER), so as root the child runs under setpriv with those
    /// dropped from the bounding set, which caps what execve grants, and from the inheritable and
    /// ambient sets, which could grant them back. Any other account is bound already.
    static func coopBoundByFileModes() throws -> [String] {
        let coop = try CoopProcess.executable()
        guard getuid() == 0 else { return [coop] }
        return [
            "setpriv", "--inh-caps=-all", "--ambient-caps=-all",
            "--bounding-set=-dac_override,-dac_read_search,-fowner", coop,
        ]
    }

    /// Runs the bash `script` inside a new private mount namespace, with `$1` the `coop`
    /// executable and `$2` the folder `dir` (outside the namespace's mounts). As root the
    /// namespace is made directly; otherwise in a user namespace that maps this account to root.
    /// When the namespace or its mount cannot be made, records why and throws: the test fails,
    /// it is never skipped.
    static func inPrivateMountNamespace(_ script: String, dir: String) throws -> Finished {
        var unshare = ["unshare", "--mount", "--propagation", "private"]
        if getuid() != 0 { unshare.append("--map-root-user") }
        let marker = "mount-namespace ready"
        let finished = try run(
            unshare + [
                "bash", "-c", "echo '\(marker)'\n" + scriptHelpers + script,
                "bash", try CoopProcess.executable(), dir,
            ], in: dir)
        let errors = finished.errors.trimmingCharacters(in: .whitespacesAndNewlines)
        if !finished.output.contains(marker) {
            Issue.record(
                """
                this test needs a private mount namespace and could not make one \
                (\(unshare.joined(separator: " ")) exited \(finished.status): \(errors)); \
                run it where unshare and tmpfs mounts are allowed (as root, or with unprivileged user namespaces)
                """)
            throw CocoaError(.featureUnsupported)
        }
        if let failure = finished.value("mount-failed") {
            Issue.record("this test needs a tmpfs mount inside its namespace and mount refused: \(failure)")
            throw CocoaError(.featureUnsupported)
        }
        return finished
    }

    /// Bash functions the namespace scripts share. `small_disk SIZE FOLDER` mounts a tmpfs of
    /// SIZE on FOLDER; `read_only_disk FOLDER` makes it read-only: the file system itself where
    /// the kernel allows (as root), else the mount (a user namespace may not remount a superblock);
    /// both make every write fail with EROFS.
    private static let scriptHelpers = """
        set -u
        small_disk() {
          mount -t tmpfs -o "size=$1" coop-test-disk "$2" 2>"$2.mount.err" || { echo "mount-failed $(cat "$2.mount.err")"; exit 1; }
        }
        read_only_disk() {
          mount -o remount,ro "$1" 2>/dev/null || mount -o remount,bind,ro "$1" || { echo "mount-failed remount read-only"; exit 1; }
          if touch "$1/.probe" 2>/dev/null; then echo "still-writable"; fi
        }

        """
}
