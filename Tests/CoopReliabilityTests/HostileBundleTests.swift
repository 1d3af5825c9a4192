import CoopLedger
import Foundation
import Testing

/// Export bundles from someone else: the real ones verify (in full and from a kept checkpoint),
/// a lying snapshot is never used, and every malformed file is refused with a
/// `bundleInvalid` naming it. The seeds of FuzzBundle are built here.
@Suite("Hostile input: export bundles", .serialized)
struct HostileBundleTests {
    /// Where the FuzzBundle corpus lives in the source tree (written with COOP_WRITE_FUZZ_SEEDS=1).
    static var corpusFolder: String? {
        CoopProcess.packageRoot().map { $0 + "/Tests/CoopReliabilityTests/Corpus/FuzzBundle" }
    }

    @Test("the seed bundles verify in full and from their kept checkpoint")
    func seedBundlesVerify() throws {
        let dir = try BundleSeedLedgers.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seeds = [
            ("seed-vector-bundle-small", try BundleSeedLedgers.small(in: dir), UInt64(9), UInt64(7)),
            ("seed-vector-bundle-governance", try BundleSeedLedgers.governance(in: dir), UInt64(12), UInt64(11)),
        ]
        for (name, seed, size, keptSize) in seeds {
            let resumed = try HostileBundle.verify(seed, in: dir + "/bundle")
            #expect(resumed.ok, "\(name): \(resumed.problems)")
            #expect(resumed.size == size && resumed.startedAt == keptSize && resumed.entriesChecked == size - keptSize, "\(name)")
            let full = try HostileBundle.verify(HostileBundle.replacing(BundleFraming.keptName, with: nil, in: seed), in: dir + "/bundle")
            #expect(full.ok && full.startedAt == 0 && full.entriesChecked == size, "\(name): \(full.problems)")
        }
        if ProcessInfo.processInfo.environment["COOP_WRITE_FUZZ_SEEDS"] == "1", let folder = Self.corpusFolder {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (name, seed, _, _) in seeds { try Data(seed).write(to: URL(fileURLWithPath: folder + "/" + name)) }
            for (name, seed) in try Self.hostileSeeds(small: seeds[0].1) {
                try Data(seed).write(to: URL(fileURLWithPath: folder + "/" + name))
            }
        }
    }

    @Test("a snapshot that does not match the kept checkpoint is not used: the entries before it are replayed")
    func lyingSnapshotsAreNotUsed() throws {
        let dir = try BundleSeedLedgers.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seed = try BundleSeedLedgers.small(in: dir)
        let snapshot = try #require(HostileBundle.part("snapshots/7.state", of: seed))
        let renamed = Array(String(decoding: snapshot, as: UTF8.self).replacingOccurrences(of: "Member m2", with: "Member m9").utf8)
        #expect(renamed != snapshot)
        for bytes in [renamed, nil] {
            let report = try HostileBundle.verify(HostileBundle.replacing("snapshots/7.state", with: bytes, in: seed), in: dir + "/bundle")
            #expect(report.ok && report.startedAt == 7 && report.entriesChecked == 2 && report.leavesRehashed == 7, "\(report.problems)")
            #expect(report.stateOrigin == .replayedPrefix(size: 7))
        }
        let honest = try HostileBundle.verify(seed, in: dir + "/bundle")
        guard case .keptCheckpoint(size: 7, _) = honest.stateOrigin else {
            Issue.record("the honest snapshot was not used: \(honest.stateOrigin)")
            return
        }
        // Files a version-1 bundle carried (tree peaks) are never read, whatever they say.
        let peaks = try HostileBundle.verify(
            HostileBundle.replacing("snapshots/7.peaks", with: Array("not a hash\n".utf8), in: seed),
            in: dir + "/bundle")
        #expect(peaks.ok && peaks.stateOrigin == honest.stateOrigin)
    }

    /// Each row: the part replaced (a name ending in "/" is a folder in that place), its bytes,
    /// and what the refusal must say.
    static let malformed: [(String, [UInt8]?, String)] = [
        ("bundle.json", [0x7b, 0xff, 0x7d, 0x0a], "bundle.json is not JSON"),
        ("bundle.json", Array("{\"format\":\"coop-bundle-v0\"}\n".utf8), "does not say format coop-bundle-v2"),
        ("bundle.json", Array("{\"format\":\"coop-bundle-v2\",\"size\":-1}\n".utf8), "the size in bundle.json is not an entry count"),
        ("bundle.json", Array(repeating: 0x20, count: 70_000), "bundle.json is larger than 65536 bytes"),
        ("entries.log/", [], "entries.log is not a regular file"),
        ("checkpoints/000001.checkpoint", [0x63, 0xc3, 0x28, 0x0a], "checkpoints/000001.checkpoint is not UTF-8 text"),
        ("checkpoints/000001.checkpoint", Array(repeating: 0x61, count: 70_000), "checkpoints/000001.checkpoint is larger than 65536 bytes"),
        ("checkpoints/000003.checkpoint/", [], "checkpoints/000003.checkpoint is not a regular file"),
        ("snapshots/7.state/", [], "snapshots/7.state is not a regular file"),
    ]

    @Test("malformed bundle files are refused, naming the file", arguments: Self.malformed.indices)
    func malformedFilesAreRefused(_ row: Int) throws {
        let (name, bytes, expected) = Self.malformed[row]
        let dir = try BundleSeedLedgers.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var seed = try BundleSeedLedgers.small(in: dir)
        if name.hasSuffix("/") { seed = HostileBundle.replacing(String(name.dropLast()), with: nil, in: seed) }
        seed = HostileBundle.replacing(name, with: bytes, in: seed)
        let error = try #require(throws: LedgerError.self) { try HostileBundle.verify(seed, in: dir + "/bundle") }
        guard case let .bundleInvalid(_, reason) = error else {
            Issue.record("\(name): expected bundleInvalid, got \(error)")
            return
        }
        #expect(reason.contains(expected), "\(name): \(reason)")
    }

    @Test("a checkpoints file in place of the folder is refused, not read as 'no checkpoints'")
    func checkpointsMustBeAFolder() throws {
        let dir = try BundleSeedLedgers.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var seed = try BundleSeedLedgers.small(in: dir)
        for name in ["checkpoints/000001.checkpoint", "checkpoints/000002.checkpoint"] {
            seed = HostileBundle.replacing(name, with: nil, in: seed)
        }
        seed = HostileBundle.replacing("checkpoints", with: Array("not a folder\n".utf8), in: seed)
        #expect(throws: LedgerError.bundleInvalid(path: dir + "/bundle", reason: "checkpoints is not a folder")) {
            try HostileBundle.verify(seed, in: dir + "/bundle")
        }
    }

    @Test("an entries.log cut after the last checkpoint fails against the size bundle.json states")
    func aTruncatedCopyIsCaught() throws {
        let dir = try BundleSeedLedgers.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seed = try BundleSeedLedgers.governance(in: dir)
        let entries = try #require(HostileBundle.part("entries.log", of: seed))
        let lines = entries.split(separator: 0x0a)
        let cut: [UInt8] = lines.dropLast().flatMap { Array($0) + [0x0a] }
        let report = try HostileBundle.verify(HostileBundle.replacing("entries.log", with: cut, in: seed), in: dir + "/bundle")
        #expect(!report.ok)
        #expect(
            report.problems.contains { $0.message.contains("records \(lines.count) entries but only \(lines.count - 1) remain") },
            "\(report.problems)")
    }

    @Test("hidden files (a Mac's ._ copies) in checkpoints/ are not read as checkpoints")
    func hiddenFilesAreSkipped() throws {
        let dir = try BundleSeedLedgers.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seed = HostileBundle.replacing(
            "checkpoints/._000001.checkpoint", with: [0x00, 0x05, 0x16, 0x07, 0xff],
            in: try BundleSeedLedgers.small(in: dir))
        let report = try HostileBundle.verify(seed, in: dir + "/bundle")
        #expect(report.ok && report.checkpointsChecked == 2, "\(report.problems)")
    }

    /// Hand-made hostile seeds for the corpus, from the small seed.
    static func hostileSeeds(small seed: [UInt8]) throws -> [(String, [UInt8])] {
        let snapshot = try #require(HostileBundle.part("snapshots/7.state", of: seed))
        let lying = Array(String(decoding: snapshot, as: UTF8.self).replacingOccurrences(of: "Member m2", with: "Member m9").utf8)
        var rows: [(String, [UInt8])] = [
            ("seed-hostile-lying-snapshot", HostileBundle.replacing("snapshots/7.state", with: lying, in: seed)),
            ("seed-hostile-hidden-checkpoint", HostileBundle.replacing("checkpoints/._000001.checkpoint", with: [0xff, 0xfe], in: seed)),
        ]
        for (n, row) in malformed.enumerated() where row.1.map({ $0.count < 10_000 }) ?? true {
            var bad = seed
            if row.0.hasSuffix("/") { bad = HostileBundle.replacing(String(row.0.dropLast()), with: nil, in: bad) }
            rows.append(("seed-hostile-malformed-\(n)", HostileBundle.replacing(row.0, with: row.1, in: bad)))
        }
        return rows
    }
}
