import CoopLedger
import Foundation
import Testing

/// Runs the built `coop` executable as a child process, for the crash and concurrency suites.
enum CoopProcess {
    static let passphrase = "reliability suite passphrase"

    /// The package root: the first folder above this file that holds Package.swift.
    static func packageRoot(_ file: String = #filePath) -> String? {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
            url = url.deletingLastPathComponent()
        }
        return nil
    }

    /// An executable built with the tests (`coop`, or the test-support `coop-stress`): beside
    /// the test bundle, else `<package>/.build/debug/<name>`.
    static func executable(_ name: String = "coop") throws -> String {
        var candidates = [Bundle.main.bundlePath, URL(fileURLWithPath: Bundle.main.bundlePath).deletingLastPathComponent().path]
        if let root = packageRoot() { candidates.append(root + "/.build/debug") }
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
            return dir + "/" + name
        }
        Issue.record("the \(name) executable is not built (looked in \(candidates)); run 'swift build --build-tests' first")
        throw CocoaError(.fileNoSuchFile)
    }

    /// A started child whose standard output and error go to files (complete even after SIGKILL).
    final class Child {
        let process = Process()
        let outPath: String
        let errPath: String

        /// Starts `tool` (`coop`, or `coop-stress`) with `arguments`.
        init(_ arguments: [String], in dir: String, name: String, environment: [String: String] = [:], tool: String = "coop") throws {
            outPath = dir + "/\(name).out"
            errPath = dir + "/\(name).err"
            for path in [outPath, errPath] where !FileManager.default.createFile(atPath: path, contents: nil) {
                throw CocoaError(.fileWriteUnknown)
            }
            process.executableURL = URL(fileURLWithPath: try CoopProcess.executable(tool))
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["COOP_PASSPHRASE": CoopProcess.passphrase, "COOP_LEDGER": dir + "/coop.ledger"]
                    .merging(environment) { _, new in new }
            ) { _, new in new }
            process.standardOutput = FileHandle(forWritingAtPath: outPath)
            process.standardError = FileHandle(forWritingAtPath: errPath)
            try process.run()
        }

        var output: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        var errors: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

        /// Waits for the child; true when it exited normally with status 0.
        @discardableResult
        func wait() -> Bool {
            process.waitUntilExit()
            return process.terminationReason == .exit && process.terminationStatus == 0
        }

        /// The child's own peak resident memory in bytes, from the line `coop` prints at exit when
        /// started with `COOP_REPORT_PEAK_MEMORY=1` (nil when absent).
        var peakMemory: Int? {
            let prefix = "coop: peak resident memory "
            guard let line = errors.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }),
                let kib = Int(line.dropFirst(prefix.count).prefix { $0.isNumber })
            else { return nil }
            return kib * 1024
        }

        /// The `committed <index> <hash>` lines printed so far (complete lines only).
        var committed: [(index: UInt64, hash: String)] {
            // What follows the last newline may be a line cut short by the kill: not claimed.
            output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { line in
                let parts = line.split(separator: " ")
                guard parts.count == 3, parts[0] == "committed", let index = UInt64(parts[1]), parts[2].count == 64 else {
                    return nil
                }
                return (index, String(parts[2]))
            }
        }
    }

    /// Runs one command to completion; returns its trimmed output, recording an issue when it fails.
    @discardableResult
    static func run(_ arguments: [String], in dir: String, environment: [String: String] = [:]) throws -> String {
        let child = try Child(arguments, in: dir, name: "cmd-\(UUID().uuidString)", environment: environment)
        let ok = child.wait()
        if !ok {
            Issue.record("coop \(arguments.joined(separator: " ")) failed (\(child.process.terminationStatus)): \(child.errors)")
        }
        return child.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A fresh temporary folder with a ledger founded by `founder.key` and `members` more
    /// members admitted, whose keys are `m2.key`, `m3.key`, ... Returns the folder.
    static func makeCooperative(members: Int) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-rel-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let bylaws = dir + "/Bylaws"
        try FileManager.default.createDirectory(atPath: bylaws, withIntermediateDirectories: true)
        try "# Bylaws\n\nArticle 1. The members decide.\n".write(toFile: bylaws + "/bylaws.md", atomically: true, encoding: .utf8)
        try run(["key", "new", "--out", dir + "/founder.key", "--name", "Founder"], in: dir)
        try run(["init", "--name", "Reliability Cooperative", "--bylaws", bylaws, "--key", dir + "/founder.key"], in: dir)
        for n in 2..<(2 + members) {
            try run(["key", "new", "--out", dir + "/m\(n).key", "--name", "Member \(n)"], in: dir)
            let pub = try run(["key", "show", dir + "/m\(n).key"], in: dir)
            let id = try run(["member", "admit", "--name", "Member \(n)", "--pubkey", pub, "--key", dir + "/founder.key"], in: dir)
            #expect(id == "m\(n)")
        }
        return dir
    }

    /// `coop verify --json` on the folder's ledger: true when it exits 0 and says `ok: true`.
    static func verifies(_ dir: String) throws -> Bool {
        let child = try Child(["verify", "--json"], in: dir, name: "verify-\(UUID().uuidString)")
        let exited0 = child.wait()
        let json = try JSONSerialization.jsonObject(with: Data(child.output.utf8)) as? [String: Any]
        let ok = json?["ok"] as? Bool == true
        if !(exited0 && ok) { Issue.record("coop verify failed: \(child.output)\(child.errors)") }
        return exited0 && ok
    }
}
