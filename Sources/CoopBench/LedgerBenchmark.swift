import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Dispatch
import Foundation

/// Figures from one benchmark run (see `coop-bench`).
struct LedgerBenchmarkResult {
    var entries: UInt64 = 0
    var authors = 0
    var bulkAppendPerSecond = 0.0
    var interactiveAppendMillis = 0.0
    var singleAppendMillis = 0.0
    /// A fresh open and replay of the head state with the most entries after the newest
    /// snapshot that the ledger ever leaves (`farthestOpenEntries`).
    var farthestOpenMillis = 0.0
    var farthestOpenEntries: UInt64 = 0
    var fullVerifyPerSecond = 0.0
    var fullVerifySeconds = 0.0
    var rawVerifyPerSecond = 0.0
    var verifyToRawRatio = 0.0
    /// `crypto_sign_detached` alone on all cores, over the ledger's own statements.
    var rawSignPerSecond = 0.0
    /// Bulk append against raw verify (the write-speed target is 0.8).
    var bulkToRawVerifyRatio: Double { rawVerifyPerSecond > 0 ? bulkAppendPerSecond / rawVerifyPerSecond : 0 }
    var incrementalEntries: UInt64 = 0
    var incrementalVerifySeconds = 0.0
    var verifyPeakRSSMegabytes: Double?
    var processPeakRSSMegabytes = 0.0
    var cores = 0

    var json: JSONValue {
        .object([
            "entries": .integer(Int64(entries)),
            "authors": .integer(Int64(authors)),
            "cores": .integer(Int64(cores)),
            "bulk_append_per_second": .integer(Int64(bulkAppendPerSecond)),
            "interactive_append_ms_x1000": .integer(Int64(interactiveAppendMillis * 1000)),
            "single_append_ms_x1000": .integer(Int64(singleAppendMillis * 1000)),
            "farthest_open_ms_x1000": .integer(Int64(farthestOpenMillis * 1000)),
            "farthest_open_entries": .integer(Int64(farthestOpenEntries)),
            "full_verify_per_second": .integer(Int64(fullVerifyPerSecond)),
            "full_verify_ms": .integer(Int64(fullVerifySeconds * 1000)),
            "raw_ed25519_verify_per_second": .integer(Int64(rawVerifyPerSecond)),
            "verify_to_raw_percent_x100": .integer(Int64(verifyToRawRatio * 10000)),
            "raw_ed25519_sign_per_second": .integer(Int64(rawSignPerSecond)),
            "bulk_append_to_raw_verify_percent_x100": .integer(Int64(bulkToRawVerifyRatio * 10000)),
            "incremental_entries": .integer(Int64(incrementalEntries)),
            "incremental_verify_ms": .integer(Int64(incrementalVerifySeconds * 1000)),
            "verify_peak_rss_kib": verifyPeakRSSMegabytes.map { .integer(Int64($0 * 1024)) } ?? .null,
            "process_peak_rss_kib": .integer(Int64(processPeakRSSMegabytes * 1024)),
        ])
    }
}

/// Builds a synthetic ledger and measures appending and verifying it.
struct LedgerBenchmark {
    var entries: UInt64
    var authors: Int
    var incremental: UInt64 = 1000
    var batch = 1000
    /// Keep the synthetic ledger in this folder (for profiling) instead of a deleted temp folder.
    var keep: String?
    /// Rounds of full verify and raw verify, best of each: more for smaller ledgers, whose
    /// sub-second runs a passing hiccup on the machine skews the most.
    var rounds: Int { entries < 200_000 ? 9 : 3 }
    /// The coop executable, to measure a separate `coop verify` process's peak memory.
    var executable: String?
    /// Stop after the bulk append (to profile the write path alone).
    var appendOnly = false
    var log: (String) -> Void

    func run() throws -> LedgerBenchmarkResult {
        var result = LedgerBenchmarkResult()
        result.entries = entries
        result.authors = authors
        result.cores = ProcessInfo.processInfo.activeProcessorCount
        let dir = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("coop-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let path = dir + "/bench.ledger"

        // A cooperative with `authors` members (m1 is the founding secretary).
        let ledgerKey = Ed25519.PrivateKey()
        let keys = (0..<authors).map { _ in Ed25519.PrivateKey() }
        let bylaws = SHA256.hash(Array("bench bylaws".utf8))
        let ledger = try Ledger.create(
            at: path, name: "Bench Cooperative", bylawsHash: bylaws,
            founders: [Founder(name: "Founder", key: keys[0].publicKey, roles: [.secretary, .treasurer, .board])],
            founderKey: keys[0], ledgerKey: ledgerKey.publicKey)
        guard let secretary = MemberID(number: 1) else { return result }
        let admissions = try (1..<authors).map { i in
            try Ledger.Draft(AdmitBody(name: "Member \(i + 1)", key: keys[i].publicKey), author: secretary, key: keys[0])
        }
        for chunk in stride(from: 0, to: admissions.count, by: batch) {
            _ = try ledger.append(Array(admissions[chunk..<min(admissions.count, chunk + batch)]))
        }

        // Bulk append: notes from every author in turn, `batch` per transaction.
        let target = entries > incremental ? entries - incremental : entries
        var made = try ledger.store.size()
        log("bulk append: \(target) entries by \(authors) authors ...")
        let bulkStart = DispatchTime.now()
        var n = 0
        while made < target {
            let count = Int(min(UInt64(batch), target - made))
            _ = try ledger.append(try notes(n..<n + count, keys: keys) { "bench entry \($0): the quick brown fox jumps over the lazy dog" })
            n += count
            made += UInt64(count)
        }
        result.bulkAppendPerSecond = Double(n) / seconds(since: bulkStart)
        if appendOnly { return result }
        let kept = try ledger.checkpoint(ledgerKey: ledgerKey)

        // Interactive appends: a fresh Ledger each time (as a CLI process would open it).
        var latencies: [Double] = []
        for i in 0..<20 {
            let t = DispatchTime.now()
            let fresh = try Ledger.open(at: path)
            try fresh.append(NoteBody(text: "interactive \(i)"), by: secretary, key: keys[0])
            latencies.append(seconds(since: t) * 1000)
        }
        result.interactiveAppendMillis = latencies.sorted()[latencies.count / 2]

        // Single appends on a ledger already open (a server, or a process appending several).
        latencies = []
        for i in 0..<20 {
            let t = DispatchTime.now()
            try ledger.append(NoteBody(text: "single \(i)"), by: secretary, key: keys[0])
            latencies.append(seconds(since: t) * 1000)
        }
        result.singleAppendMillis = latencies.sorted()[latencies.count / 2]

        // The incremental tail, then a checkpoint over everything.
        var rest = incremental > 40 ? incremental - 40 : 0
        while rest > 0 {
            let count = Int(min(UInt64(batch), rest))
            _ = try ledger.append(try notes(n..<n + count, keys: keys) { "late entry \($0)" })
            n += count
            rest -= UInt64(count)
        }
        try ledger.checkpoint(ledgerKey: ledgerKey)
        let total = try ledger.store.size()
        result.entries = total

        // Full verification and the raw libsodium rate are measured alternately, best of
        // `rounds` each, so a noisy neighbour on the machine skews both alike.
        for round in 1...rounds {
            log("full verify of \(total) entries (round \(round) of \(rounds)) ...")
            let full = try Verifier().verify(ledger.store)
            guard full.ok else { throw BenchError("bench ledger failed verification: \(full.problems.first?.message ?? "")") }
            let rate = Double(full.entriesChecked) / full.seconds
            if rate > result.fullVerifyPerSecond {
                result.fullVerifyPerSecond = rate
                result.fullVerifySeconds = full.seconds
            }
            log("raw Ed25519 verification of the same \(total) signatures on all cores (round \(round)) ...")
            result.rawVerifyPerSecond = max(result.rawVerifyPerSecond, try rawVerifyRate(ledger.store))
        }
        result.verifyToRawRatio = result.fullVerifyPerSecond / result.rawVerifyPerSecond
        log("raw Ed25519 signing of the same statements on all cores ...")
        result.rawSignPerSecond = try rawSignRate(ledger.store, keys: keys)

        log("incremental verify after the kept checkpoint (\(kept.size) entries) ...")
        var options = VerifyOptions()
        options.keptCheckpoint = kept.note
        let inc = try Verifier().verify(ledger.store, options: options)
        guard inc.ok else { throw BenchError("incremental verification failed: \(inc.problems.first?.message ?? "")") }
        result.incrementalEntries = inc.entriesChecked
        result.incrementalVerifySeconds = inc.seconds

        if let executable {
            log("peak memory of a separate 'coop verify' process ...")
            result.verifyPeakRSSMegabytes = try childPeakRSS(executable, ["verify", "--ledger", path, "--quiet", "--json"])
        }
        (result.farthestOpenMillis, result.farthestOpenEntries) = try farthestOpen(ledger, path: path, keys: keys)
        result.processPeakRSSMegabytes = Double(peakResidentKiB() ?? 0) / 1024
        return result
    }

    /// Notes numbered `range`, note n by member n % authors + 1 (m1 is the secretary) with
    /// `text(n)`: the bulk append, the incremental tail and the farthest open all append these.
    private func notes(_ range: Range<Int>, keys: [Ed25519.PrivateKey], text: (Int) -> String) throws -> [Ledger.Draft] {
        try range.map { n in
            let a = n % authors
            guard let author = MemberID(number: Int64(a + 1)) else { throw BenchError("no member id for author \(a + 1)") }
            return try Ledger.Draft(NoteBody(text: text(n)), author: author, key: keys[a])
        }
    }

    /// Appends notes (by every author in turn, one transaction) until one more entry would
    /// write a snapshot, then times fresh opens of the head state: the most replaying a
    /// command opening this ledger ever does (median of 5). Last, as it adds entries.
    private func farthestOpen(_ ledger: Ledger, path: String, keys: [Ed25519.PrivateKey]) throws -> (millis: Double, entries: UInt64) {
        let distance = try ledger.snapshotDistance()
        let count = Int(distance.spacing - 1 - distance.entries)
        log("fresh opens \(distance.spacing - 1) entries after the newest snapshot ...")
        if count > 0 {
            _ = try ledger.append(try notes(0..<count, keys: keys) { "far entry \($0)" })
        }
        // The fresh opens read the file: the snapshot an append left encoding goes into it first.
        try ledger.finishSnapshot()
        let replayed = try ledger.snapshotDistance().entries
        var latencies: [Double] = []
        for _ in 0..<5 {
            let t = DispatchTime.now()
            _ = try Ledger.open(at: path).state()
            latencies.append(seconds(since: t) * 1000)
        }
        return (latencies.sorted()[latencies.count / 2], replayed)
    }

    /// `crypto_sign_verify_detached` alone over the ledger's own signatures, batch by batch on
    /// all cores; only the verification is timed, not reading or parsing.
    private func rawVerifyRate(_ store: LedgerStore) throws -> Double {
        var timed = 0.0
        var count = 0
        try store.forEachBatch(from: 0, batchSize: 4096) { batch in
            let items: [(Ed25519.PublicKey, Ed25519.Signature, [UInt8])] = batch.compactMap { item in
                guard let json = try? CanonicalJSON.decode(item.entry.statementBytes),
                    let text = json["key"]?.stringValue, let key = try? Ed25519.PublicKey(text: text),
                    let signature = item.entry.signed.signature
                else { return nil }
                return (key, signature, SignedEntry.signingMessage(item.entry.statementBytes))
            }
            timed += Self.secondsOnAllCores(items.count) { i in precondition(items[i].0.isValidSignature(items[i].1, for: items[i].2)) }
            count += items.count
        }
        return Double(count) / timed
    }

    /// `crypto_sign_detached` alone over the ledger's statements (at most 100,000, by the
    /// bench's own keys in turn), in batches on all cores: what signing costs the write path.
    private func rawSignRate(_ store: LedgerStore, keys: [Ed25519.PrivateKey]) throws -> Double {
        var timed = 0.0
        var count = 0
        try store.forEachBatch(from: 0, to: min(try store.size(), 100_000), batchSize: 4096) { batch in
            let messages = batch.map { SignedEntry.signingMessage($0.entry.statementBytes) }
            timed += Self.secondsOnAllCores(messages.count) { i in _ = keys[i % keys.count].signature(for: messages[i]) }
            count += messages.count
        }
        return Double(count) / timed
    }

    /// The seconds `body` takes for indices 0..<count, split in one contiguous range per core.
    private static func secondsOnAllCores(_ count: Int, _ body: @Sendable (Int) -> Void) -> Double {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let per = (count + workers - 1) / workers
        let t = DispatchTime.now()
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in (w * per)..<min(count, (w + 1) * per) { body(i) }
        }
        return seconds(since: t)
    }

    /// Runs `coop verify --json` as a child process and returns the peak resident memory it
    /// reports for itself, in MiB.
    private func childPeakRSS(_ executable: String, _ arguments: [String]) throws -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("'coop verify' of the bench ledger exited \(process.terminationStatus)")
        }
        let json = try CanonicalJSON.decode(Array(output).filter { $0 != 0x0a })
        return json["peak_rss_kib"]?.intValue.map { Double($0) / 1024 }
    }
}
