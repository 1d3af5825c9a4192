import CoopExport
import CoopLedger
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a bundle's folder can hold that no byte string can: a FIFO, a link to a device, a sparse
/// file of 10 GiB. `coop verify --bundle` runs in a child process (so a regression hangs or
/// exhausts that child, not the suite) and must fail at once, naming the file, in little memory.
@Suite("Hostile input: bundle files that are not files", .serialized)
struct HostileBundleFilesTests {
    /// The most peak memory the child may use (it would need gigabytes to read the files).
    static let budget = 128 << 20

    /// Writes the small seed bundle into `dir/bundle`, applies `damage` to that folder, and runs
    /// `coop verify --bundle` on it (with `--since` the kept checkpoint when `since`), stopping
    /// it after 30 s. Returns whether it succeeded, its stderr and its peak memory.
    static func verifyInChild(since: Bool, _ damage: (String) throws -> Void) throws -> (ok: Bool, errors: String, peak: Int) {
        let dir = try BundleSeedLedgers.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seed = try BundleSeedLedgers.small(in: dir)
        let bundle = dir + "/bundle"
        let kept = BundleFraming.write(seed, to: bundle)
        try damage(bundle)
        var arguments = ["verify", "--bundle", bundle, "--ledger-key", Hostile.vectorLedgerKey, "--quiet"]
        if since, let kept {
            try kept.write(toFile: dir + "/kept.checkpoint", atomically: true, encoding: .utf8)
            arguments += ["--since", dir + "/kept.checkpoint"]
        }
        let child = try CoopProcess.Child(arguments, in: dir, name: "verify", environment: ["COOP_REPORT_PEAK_MEMORY": "1"])
        let deadline = Date().addingTimeInterval(30)
        while child.process.isRunning, Date() < deadline { usleep(10_000) }
        if child.process.isRunning {
            child.process.terminate()
            Issue.record("coop verify --bundle was still running after 30 s (blocked on the file?)")
        }
        let ok = child.wait()
        let peak = try #require(child.peakMemory, "coop did not report its peak memory: \(child.errors)")
        #expect(peak < budget, "peak RSS \(peak >> 20) MiB")
        return (ok, child.errors, peak)
    }

    /// `verifyInChild` must fail at once, in little memory, saying `expected`.
    static func expectRefused(since: Bool = false, expected: String, _ damage: (String) throws -> Void) throws {
        let run = try verifyInChild(since: since, damage)
        #expect(!run.ok, "coop verify accepted the bundle")
        #expect(run.errors.contains(expected), "stderr: \(run.errors)")
    }

    @Test("a real bundle verifies from its kept checkpoint in little memory (no read allocates its limit)")
    func realBundleFromKeptCheckpoint() throws {
        let run = try Self.verifyInChild(since: true) { _ in }
        #expect(run.ok, "stderr: \(run.errors)")
    }

    @Test("a FIFO as entries.log is refused without blocking on it")
    func fifoEntries() throws {
        try Self.expectRefused(expected: "entries.log is not a regular file") { bundle in
            try FileManager.default.removeItem(atPath: bundle + "/entries.log")
            #expect(mkfifo(bundle + "/entries.log", 0o600) == 0)
        }
    }

    @Test("a checkpoint that links to /dev/zero is refused without reading it")
    func deviceCheckpoint() throws {
        try Self.expectRefused(expected: "checkpoints/000001.checkpoint is not a regular file") { bundle in
            let path = bundle + "/checkpoints/000001.checkpoint"
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
        }
    }

    @Test("a 10 GiB (sparse) bundle.json is refused by its size, not read")
    func hugeManifest() throws {
        try Self.expectRefused(expected: "bundle.json is larger than \(BundleSource.maxManifestBytes) bytes") { bundle in
            try Self.grow(bundle + "/bundle.json", to: 10 << 30)
        }
    }

    @Test("a 1 GiB (sparse) snapshot is refused by its size when verifying from a kept checkpoint")
    func hugeSnapshot() throws {
        try Self.expectRefused(since: true, expected: "snapshots/7.state is larger than \(BundleSource.maxSnapshotBytes) bytes") { bundle in
            try Self.grow(bundle + "/snapshots/7.state", to: 1 << 30)
        }
    }

    /// Extends `path` to `size` bytes without writing them (a sparse file: no disk used).
    static func grow(_ path: String, to size: UInt64) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: size)
        try handle.close()
    }
}
