import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopTlog
import CoopWitness
import Foundation
import Logging
import Synchronization

/// `coop-bench witness`: how many checkpoints a witness cosigns per second, each one decided
/// against the stored record (signature, consistency proof) and written durably (fsync) before
/// the answer: through the store alone, and over HTTP on loopback (one log, requests in order,
/// as a log sends them).
struct WitnessBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness", abstract: "Witness cosignatures per second: the durable store, and HTTP add-checkpoint on loopback.")

    @Option(name: .long, help: "Checkpoints cosigned in each run.") var checkpoints = 2000
    @Option(name: .long, help: "Entries between checkpoints.") var step: UInt64 = 16
    @Option(name: .long, help: "Logs (origins) posting at the same time.") var logs = 16
    @Option(name: .long, help: "Entries of the ledgers whose incremental verify is timed with and without cosignatures.")
    var verifyEntries = 20_000
    @Option(name: .long, help: "Entries after the kept checkpoint in that incremental verify.") var verifyTail = 1000
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (10...1_000_000).contains(checkpoints) else { throw ValidationError("--checkpoints is from 10 to 1000000") }
        guard (1...64).contains(logs) else { throw ValidationError("--logs is from 1 to 64") }
        guard verifyTail >= 1, verifyEntries >= verifyTail + 300 else {
            throw ValidationError("--verify-entries must exceed --verify-tail by at least 300 (a checkpoint is kept before the tail)")
        }
    }

    /// A synthetic log: its key, tree, and signed checkpoints as it grows.
    struct SyntheticLog {
        let origin: String
        let key: Ed25519.PrivateKey
        var tree = InMemoryMerkleTree()

        init(origin: String) {
            self.origin = origin
            key = Ed25519.PrivateKey()
        }

        var verifierKey: NoteVerifierKey { get throws { try NoteVerifierKey(name: origin, publicKey: key.publicKey) } }

        /// Grows by `count` leaves and returns the add-checkpoint request from `old`.
        mutating func next(count: UInt64, old: UInt64) throws -> AddCheckpointRequest {
            for _ in 0..<count { tree.append(Merkle.leafHash(Array("\(origin) \(tree.size)".utf8))) }
            let size = tree.size
            let checkpoint = try Checkpoint(origin: origin, size: size, rootHash: try Merkle.root(size: size, source: tree), extensions: [])
            let signed = try SignedCheckpoint(signing: checkpoint, privateKey: key, keyName: origin)
            return try AddCheckpointRequest(
                oldSize: old, consistencyProof: try Merkle.consistencyProof(from: old, to: size, source: tree), checkpoint: signed)
        }
    }

    func run() async throws {
        warnIfDebug()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coop-bench-witness-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cosigner = try Cosigner(name: "bench.witness", privateKey: Ed25519.PrivateKey())

        // 1. The store: decide + durable write (group commit), one log in order, then `logs` logs at once.
        var log = SyntheticLog(origin: "bench.example/store")
        let requests = try (0..<checkpoints).map { i in try log.next(count: step, old: UInt64(i) * step) }
        var storeLogs = (0..<logs).map { SyntheticLog(origin: "bench.example/store\($0)") }
        let perStoreLog = max(1, checkpoints / logs)
        var storeBatches: [[AddCheckpointRequest]] = []
        for i in storeLogs.indices {
            storeBatches.append(try (0..<perStoreLog).map { n in try storeLogs[i].next(count: step, old: UInt64(n) * step) })
        }
        var storeKeys: [String: [NoteVerifierKey]] = [log.origin: [try log.verifierKey]]
        for entry in storeLogs { storeKeys[entry.origin] = [try entry.verifierKey] }
        let witness = try Witness(cosigners: [cosigner], logs: storeKeys)
        let store = try WitnessStore(folder: folder + "/store")
        let oneStart = Date()
        for request in requests {
            guard case .cosign = try await store.addCheckpoint(request, witness: witness, timestamp: 1_800_000_000) else {
                throw ValidationError("the witness refused a consistent checkpoint")
            }
        }
        let oneLogRate = Double(checkpoints) / Date().timeIntervalSince(oneStart)
        let manyStart = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in storeBatches {
                group.addTask {
                    for request in batch {
                        guard case .cosign = try await store.addCheckpoint(request, witness: witness, timestamp: 1_800_000_000) else {
                            throw ValidationError("the witness refused a consistent checkpoint")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let storeRate = Double(perStoreLog * logs) / Date().timeIntervalSince(manyStart)

        // 2. HTTP on loopback: `logs` logs, each sending its checkpoints in order.
        var synthetic = (0..<logs).map { SyntheticLog(origin: "bench.example/http\($0)") }
        let perLog = max(1, checkpoints / logs)
        var batches: [[AddCheckpointRequest]] = []
        for i in synthetic.indices {
            batches.append(try (0..<perLog).map { n in try synthetic[i].next(count: step, old: UInt64(n) * step) })
        }
        var logKeys: [String: [NoteVerifierKey]] = [:]
        for entry in synthetic { logKeys[entry.origin] = [try entry.verifierKey] }
        var logger = Logger(label: "coop-bench.witness")
        logger.logLevel = .critical  // the server's shutdown by cancellation logs errors that mean nothing here
        let server = WitnessServer(
            configuration: WitnessConfiguration(host: "127.0.0.1", port: 0, stateFolder: folder + "/http", cosigners: [cosigner], logs: logKeys),
            logger: logger)
        let port = PortBox()
        let serverTask = Task { try await server.run { port.set($0) } }
        while port.get() == 0 { try await Task.sleep(for: .milliseconds(20)) }
        let url = "http://127.0.0.1:\(port.get())/add-checkpoint"
        let httpStart = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in batches {
                group.addTask {
                    for request in batch {
                        let status = try await WitnessBenchClient.post(request.body(), to: url)
                        guard status == 200 else { throw ValidationError("the witness answered HTTP \(status)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let httpRate = Double(perLog * logs) / Date().timeIntervalSince(httpStart)
        serverTask.cancel()

        // 3. What checking cosignatures (and the witness time rule) adds to `verify --since`.
        let quiet = output.json
        let verify = try WitnessVerifyBenchmark(entries: verifyEntries, tail: verifyTail, log: { if !quiet { warn($0) } }).run()

        if output.json {
            try printJSON(
                .object([
                    "witness_store_one_log_cosignatures_per_second": .integer(Int64(oneLogRate)),
                    "witness_store_cosignatures_per_second": .integer(Int64(storeRate)),
                    "witness_http_cosignatures_per_second": .integer(Int64(httpRate)), "checkpoints": .integer(Int64(checkpoints)),
                    "logs": .integer(Int64(logs)),
                    "incremental_verify_plain_ms": .integer(Int64(verify.plainMillis.rounded())),
                    "incremental_verify_witnessed_ms": .integer(Int64(verify.witnessedMillis.rounded())),
                    "incremental_verify_witness_overhead_percent": .integer(Int64((verify.overhead * 100).rounded())),
                    "incremental_verify_entries": .integer(Int64(verifyTail)),
                    "incremental_verify_cosigned_checkpoints": .integer(Int64(verify.checkpointsInTail)),
                ]))
        } else {
            print("witness, store (decide + record on disk before the answer), 1 log in order, \(checkpoints) checkpoints: \(Int(oneLogRate)) cosignatures/s")
            print("witness, store, \(logs) logs at once × \(perStoreLog) checkpoints (group commit): \(Int(storeRate)) cosignatures/s")
            print("witness, HTTP add-checkpoint on loopback, \(logs) logs × \(perLog) checkpoints: \(Int(httpRate)) cosignatures/s")
            print(
                "verify --since, last \(verifyTail) of \(verifyEntries) entries, \(verify.checkpointsInTail) checkpoints cosigned 3 times (k = 2): "
                    + String(
                        format: "%.1f ms witnessed vs %.1f ms without witnesses: %+.1f%%", verify.witnessedMillis, verify.plainMillis, verify.overhead * 100))
        }
    }
}

/// The port the server bound, shared with the benchmark's task.
final class PortBox: Sendable {
    private let value = Mutex(0)
    func set(_ new: Int) { value.withLock { $0 = new } }
    func get() -> Int { value.withLock { $0 } }
}
