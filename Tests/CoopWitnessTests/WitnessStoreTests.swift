import CoopCrypto
import CoopTlog
import CoopWitness
import Foundation
import Testing

/// The witness's durable records: what it cosigned survives reopening, forks are refused and
/// kept as evidence, concurrent requests cannot roll it back, one process per folder.
@Suite("witness store")
struct WitnessStoreTests {
    /// A log that grows one leaf at a time and signs its checkpoints.
    struct Log {
        let origin = "example.org/log"
        let key = Ed25519.PrivateKey()
        var tree = InMemoryMerkleTree()

        var verifierKey: NoteVerifierKey { get throws { try NoteVerifierKey(name: origin, publicKey: key.publicKey) } }

        mutating func grow(_ count: Int) {
            for _ in 0..<count { tree.append(Merkle.leafHash(Array("leaf \(tree.size)".utf8))) }
        }

        func checkpoint(size: UInt64? = nil, root: SHA256Digest? = nil) throws -> SignedCheckpoint {
            let n = size ?? tree.size
            let cp = try Checkpoint(origin: origin, size: n, rootHash: try root ?? Merkle.root(size: n, source: tree))
            return try SignedCheckpoint(signing: cp, privateKey: key, keyName: origin)
        }

        func request(old: UInt64, checkpoint: SignedCheckpoint? = nil) throws -> AddCheckpointRequest {
            let cp = try checkpoint ?? self.checkpoint()
            return try AddCheckpointRequest(
                oldSize: old, consistencyProof: try Merkle.consistencyProof(from: old, to: cp.checkpoint.size, source: tree), checkpoint: cp)
        }
    }

    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("coop-witness-\(UUID().uuidString)").path
    }

    @Test("a cosigned record survives reopening; a fork of it is refused after, with evidence kept")
    func durableAndForkRefused() async throws {
        let path = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var log = Log()
        let witness = try Witness(cosigners: [try Cosigner(name: "w.example", privateKey: Ed25519.PrivateKey())], logs: [log.origin: [try log.verifierKey]])
        log.grow(5)
        do {
            let store = try WitnessStore(folder: path)
            let decision = try await store.addCheckpoint(try log.request(old: 0), witness: witness, timestamp: 100)
            #expect(decision.status == 200)
            // A second store on the same folder (another process, in effect) is refused.
            #expect(throws: WitnessError.stateInUse(path: path + "/lock")) { try WitnessStore(folder: path) }
        }
        // The lock is released with the file descriptor only at process exit; the record is on
        // disk already: read it back as a new process would (header line, then the note).
        let journal = try String(contentsOfFile: path + "/journal", encoding: .utf8)
        #expect(journal.hasPrefix("coop-witness-record v1 "))
        let stored = try SignedCheckpoint.parse(String(journal[journal.index(after: try #require(journal.firstIndex(of: "\n")))...]))
        #expect(stored.checkpoint.size == 5)
        #expect(try stored.verifiedCosignatures(witnesses: witness.keys).count == 1)
        var state = WitnessState(latest: [log.origin: stored])
        let fork = try log.checkpoint(size: 5, root: SHA256.hash([9]))
        let refused = try state.addCheckpoint(try AddCheckpointRequest(oldSize: 5, consistencyProof: [], checkpoint: fork), witness: witness, timestamp: 101)
        #expect(refused.status == 422)
    }

    @Test("a fork at the cosigned size is refused and both signed notes are kept; a stale old size gets 409")
    func evidenceAndConflict() async throws {
        let path = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var log = Log()
        let witness = try Witness(cosigners: [try Cosigner(name: "w.example", privateKey: Ed25519.PrivateKey())], logs: [log.origin: [try log.verifierKey]])
        let store = try WitnessStore(folder: path)
        log.grow(3)
        #expect(try await store.addCheckpoint(try log.request(old: 0), witness: witness, timestamp: 100).status == 200)
        let fork = try log.checkpoint(size: 3, root: SHA256.hash([7]))
        let decision = try await store.addCheckpoint(
            try AddCheckpointRequest(oldSize: 3, consistencyProof: [], checkpoint: fork), witness: witness, timestamp: 101)
        #expect(decision.status == 422)
        let files = store.evidenceFiles()
        #expect(files.count == 1 && files[0].contains("-fork-"))
        let evidence = try String(contentsOfFile: files[0], encoding: .utf8)
        #expect(evidence.contains(fork.format()) && evidence.contains("conflicting-roots"))
        log.grow(2)
        let stale = try await store.addCheckpoint(try log.request(old: 1), witness: witness, timestamp: 102)
        #expect(stale.status == 409 && stale.body == "3\n")
        #expect(store.record(origin: log.origin)?.checkpoint.size == 3)
    }

    @Test("concurrent requests from one old size: exactly one is cosigned, the store never goes back")
    func concurrentRequests() async throws {
        let path = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var log = Log()
        let witness = try Witness(cosigners: [try Cosigner(name: "w.example", privateKey: Ed25519.PrivateKey())], logs: [log.origin: [try log.verifierKey]])
        let store = try WitnessStore(folder: path)
        log.grow(4)
        #expect(try await store.addCheckpoint(try log.request(old: 0), witness: witness, timestamp: 100).status == 200)
        var requests: [AddCheckpointRequest] = []
        for _ in 0..<8 {
            log.grow(1)
            requests.append(try log.request(old: 4))
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for request in requests {
                group.addTask { try await store.addCheckpoint(request, witness: witness, timestamp: 101).status }
            }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 409 }.count == 7, "\(statuses)")
        #expect((store.record(origin: log.origin)?.checkpoint.size ?? 0) > 4)
    }

    @Test("the journal is compacted to the latest record per log, and reloads to the same records; a torn tail is cut off")
    func noTemporaryFilesLeft() async throws {
        let path = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var log = Log()
        let witness = try Witness(cosigners: [try Cosigner(name: "w.example", privateKey: Ed25519.PrivateKey())], logs: [log.origin: [try log.verifierKey]])
        do {
            let store = try WitnessStore(folder: path, compactBytes: 2000)
            var old: UInt64 = 0
            for _ in 0..<20 {
                log.grow(3)
                #expect(try await store.addCheckpoint(try log.request(old: old), witness: witness, timestamp: 100).status == 200)
                old = log.tree.size
            }
        }
        // Compacted: far fewer than 20 records; what a new process loads is the newest.
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path + "/journal")))
        #expect(bytes.count < 20 * 300, "\(bytes.count)")
        // A crash mid-append leaves a torn record: it was never acknowledged, and is cut off.
        bytes += Array("coop-witness-record v1 400 0000\nnot all".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/journal2"))
        let torn = try Array(Data(contentsOf: URL(fileURLWithPath: path + "/journal2")))
        let good = bytes.count - Array("coop-witness-record v1 400 0000\nnot all".utf8).count
        #expect(WitnessStore.journalPrefix(torn) == good)
    }
}
