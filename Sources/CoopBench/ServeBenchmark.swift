import ArgumentParser
import CoopAPI
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopReplica
import CoopServer
import Foundation
import Logging

/// `coop-bench serve`: the server and replicas on loopback, in one process: sustained appends
/// from concurrent clients (throughput, p50/p99 latency), `clone` of a large ledger, and `pull`
/// of new entries onto a replica of a larger one.
struct ServeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "coop serve on loopback: appends from concurrent clients, clone of a large ledger, pull onto a replica of a larger one.")

    @Option(name: .long, help: "Concurrent clients, each a member posting its own chain of notes.") var clients = 50
    @Option(name: .long, help: "Posts per client.") var posts = 100
    @Option(name: .long, help: "Entries in the ledger that is cloned.") var cloneEntries: UInt64 = 100_000
    @Option(name: .long, help: "Entries on the replica that pulls (0: skip the pull figure).") var pullBase: UInt64 = 1_000_000
    @Option(name: .long, help: "New entries the replica pulls.") var pullNew: UInt64 = 1000
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...1000).contains(clients), (1...10_000).contains(posts) else { throw ValidationError("--clients 1…1000, --posts 1…10000") }
        guard cloneEntries >= UInt64(clients * posts) + 100 else { throw ValidationError("--clone-entries must exceed the posts made") }
        guard pullBase == 0 || pullBase >= cloneEntries else { throw ValidationError("--pull-base must be 0 or at least --clone-entries") }
    }

    func run() async throws {
        warnIfDebug()
        let log: (String) -> Void = { line in if !output.json { warn(line) } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-bench-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coop = try SyntheticCooperative(path: dir + "/served.ledger", members: max(clients, 2))
        var figures: [String: JSONValue] = ["clients": .integer(Int64(clients)), "cores": .integer(Int64(ProcessInfo.processInfo.activeProcessorCount))]

        // 1. Sustained appends: every client posts its own chain, one post at a time.
        log("appends: \(clients) clients × \(posts) posts ...")
        let chains = try coop.signedNotes(perMember: posts, members: clients)
        var server = try await RunningServer.start(coop)
        let client = RemoteClient(url: server.url, readKey: coop.keys[0])
        let started = DispatchTime.now()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for chain in chains {
                group.addTask {
                    var mine: [Double] = []
                    for entry in chain {
                        let t = DispatchTime.now()
                        _ = try await client.post([entry], waitForCheckpoint: false)
                        mine.append(seconds(since: t) * 1000)
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let wall = seconds(since: started)
        let appendsPerSecond = Double(latencies.count) / wall
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        figures["appends_per_second"] = .string(String(format: "%.0f", appendsPerSecond))
        figures["append_p50_ms"] = .string(String(format: "%.2f", p50))
        figures["append_p99_ms"] = .string(String(format: "%.2f", p99))
        await server.stop()

        // 2. Clone of a ledger of `cloneEntries`.
        log("clone: growing the ledger to \(cloneEntries) entries ...")
        try coop.grow(to: cloneEntries)
        server = try await RunningServer.start(coop)
        let cloneStart = DispatchTime.now()
        _ = try await Replica.clone(url: server.url, ledgerPath: dir + "/clone.ledger", readKey: coop.keys[1], pinnedLedgerKey: nil)
        let cloneSeconds = seconds(since: cloneStart)
        figures["clone_entries"] = .integer(Int64(cloneEntries))
        figures["clone_seconds"] = .string(String(format: "%.2f", cloneSeconds))
        await server.stop()

        // 3. Pull of `pullNew` entries onto a replica of `pullBase` (the replica is a copy of the
        //    served file with its checkpoint: what a clone would have left, without the wait).
        if pullBase > 0 {
            log("pull: growing the ledger to \(pullBase) entries ...")
            try coop.grow(to: pullBase)
            server = try await RunningServer.start(coop)  // signs a checkpoint over the new entries
            await server.stop()
            let replicaPath = dir + "/replica.ledger"
            try FileManager.default.copyItem(atPath: coop.path, toPath: replicaPath)
            let state = try Ledger.open(at: replicaPath, readOnly: true).state()
            try coop.grow(to: pullBase + pullNew)
            server = try await RunningServer.start(coop)
            try ReplicaConfiguration(url: server.url, origin: state.origin, ledgerKey: state.ledgerKey).save(forLedger: replicaPath)
            let replica = try Replica.open(ledgerPath: replicaPath, readKey: coop.keys[1])
            let pullStart = DispatchTime.now()
            let report = try await replica.pull()
            let pullSeconds = seconds(since: pullStart)
            figures["pull_base"] = .integer(Int64(pullBase))
            figures["pull_new"] = .integer(Int64(report.to - report.from))
            figures["pull_seconds"] = .string(String(format: "%.2f", pullSeconds))
            await server.stop()
        }

        if output.json { return try printJSON(.object(figures)) }
        say(
            String(
                format: "appends: %.0f entries/s from %d concurrent clients (target ≥ 2,000), latency p50 %.1f ms, p99 %.1f ms (target < 50)",
                appendsPerSecond, clients, p50, p99))
        say(String(format: "clone: %llu entries in %.2f s (target < 15 s)", cloneEntries, cloneSeconds))
        if case let .string(pull) = figures["pull_seconds"] ?? .null {
            say("pull: \(pullNew) new entries onto a replica of \(pullBase) in \(pull) s (target < 2 s)")
        }
    }
}

/// A `LedgerServer` running in this process, on a free loopback port.
struct RunningServer {
    let url: String
    let task: Task<Void, any Error>

    static func start(_ coop: SyntheticCooperative) async throws -> RunningServer {
        var logger = Logger(label: "coop.bench.serve")
        logger.logLevel = .critical  // stopping by cancellation logs errors that are not
        let configuration = ServerConfiguration(
            ledgerPath: coop.path, port: 0, ledgerKey: coop.ledgerKey, rateLimit: 1_000_000, rateBurst: 1_000_000)
        let server = LedgerServer(configuration: configuration, logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { continuation.yield($0) } }
        for await port in ports { return RunningServer(url: "http://127.0.0.1:\(port)", task: task) }
        throw ValidationError("the server stopped before listening")
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// A cooperative made for benchmarks: members with in-memory keys, notes appended in bulk.
struct SyntheticCooperative {
    let path: String
    let ledgerKey = Ed25519.PrivateKey()
    let keys: [Ed25519.PrivateKey]
    private let batch = 1000
    /// Member `n`'s id (m1 is the founding secretary).
    private func member(_ n: Int) throws -> MemberID {
        guard let id = MemberID(number: Int64(n)) else { throw ValidationError("no member id for \(n)") }
        return id
    }

    init(path: String, members: Int) throws {
        self.path = path
        keys = (0..<members).map { _ in Ed25519.PrivateKey() }
        let ledger = try Ledger.create(
            at: path, name: "Bench Cooperative", bylawsHash: SHA256.hash(Array("bench bylaws".utf8)),
            founders: [Founder(name: "Founder", key: keys[0].publicKey, roles: [.secretary, .treasurer, .board])],
            founderKey: keys[0], ledgerKey: ledgerKey.publicKey)
        guard let secretary = MemberID(number: 1) else { return }
        let keys = keys
        _ = try ledger.append(
            (1..<members).map { i in try Ledger.Draft(AdmitBody(name: "Member \(i + 1)", key: keys[i].publicKey), author: secretary, key: keys[0]) })
    }

    /// `perMember` chained notes by each of the first `members` members, signed now, not appended.
    func signedNotes(perMember: Int, members: Int) throws -> [[SignedEntry]] {
        let drafts = try (0..<perMember).flatMap { n in
            try (0..<members).map { m in
                try Ledger.Draft(NoteBody(text: "post \(n) by member \(m + 1)"), author: try member(m + 1), key: keys[m])
            }
        }
        let signed = try Ledger.open(at: path, readOnly: true).prepare(drafts)
        return (0..<members).map { m in stride(from: m, to: signed.count, by: members).map { signed[$0] } }
    }

    /// Appends notes (authors in turn) until the ledger holds `size` entries.
    func grow(to size: UInt64) throws {
        let ledger = try Ledger.open(at: path)
        var made = try ledger.store.size()
        var n = 0
        while made < size {
            let count = Int(min(UInt64(batch), size - made))
            let drafts = try (0..<count).map { j in
                let a = (n + j) % keys.count
                return try Ledger.Draft(
                    NoteBody(text: "bench entry \(n + j): the quick brown fox jumps over the lazy dog"),
                    author: try member(a + 1), key: keys[a])
            }
            _ = try ledger.append(drafts)
            n += count
            made += UInt64(count)
        }
    }
}
