import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Testing

/// Several writers on one ledger file: separate processes, and separate connections in one
/// process. Nothing reported committed may be lost or doubled, and every author chain must
/// stay gapless.
@Suite(.serialized)
struct ConcurrentWritersTests {
    @Test func sixProcessesAppendWithoutLossOrGaps() throws {
        let dir = try CoopProcess.makeCooperative(members: 4)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = try Ledger.open(at: dir + "/coop.ledger", readOnly: true).store.size()
        // m2's key is used by two processes at once: its chain is contended.
        let keys = ["founder", "m2", "m2", "m3", "m4", "m5"]
        let children = try keys.enumerated().map { i, key in
            try CoopProcess.Child(
                [
                    "--count", "40", "--text", "writer \(i)", "--key", dir + "/\(key).key",
                    "--start-when", dir + "/go",
                ], in: dir, name: "writer-\(i)", tool: "coop-stress")
        }
        // Start all six together once each has decrypted its key (not asserted: a writer that
        // is not ready in 60 s just starts late).
        let deadline = Date().addingTimeInterval(60)
        while children.contains(where: { !$0.errors.contains("ready") && $0.process.isRunning }), Date() < deadline {
            usleep(5_000)
        }
        #expect(FileManager.default.createFile(atPath: dir + "/go", contents: nil))
        for (i, child) in children.enumerated() {
            #expect(child.wait(), "writer \(i) (\(keys[i])) failed: \(child.errors)")
        }
        let reported = children.flatMap(\.committed)
        #expect(reported.count == 6 * 40)
        #expect(Set(reported.map(\.hash)).count == reported.count, "a hash was reported twice")
        #expect(Set(reported.map(\.index)).count == reported.count, "an index was reported twice")

        let ledger = try Ledger.open(at: dir + "/coop.ledger", readOnly: true)
        #expect(try ledger.store.size() == before + UInt64(reported.count))
        for (index, hash) in reported {
            #expect(try ledger.store.entry(at: index).hash.hex == hash, "entry \(index)")
        }
        let chains = try authorChains(ledger)
        for (author, seqs) in chains {
            #expect(seqs == Array(1...Int64(seqs.count)), "\(author)'s seqs in ledger order: \(seqs)")
        }
        let notes = try notesByAuthor(ledger)
        #expect(notes["m2"] == 80)
        for id in ["m1", "m3", "m4", "m5"] { #expect(notes[id] == 40, "\(id)") }
        #expect(try CoopProcess.verifies(dir))
        // How interleaved the writers were (printed, not asserted: it depends on scheduling).
        var writerAt: [UInt64: Int] = [:]
        for (i, child) in children.enumerated() { for c in child.committed { writerAt[c.index] = i } }
        let order = writerAt.keys.sorted().compactMap { writerAt[$0] }
        let switches = zip(order, order.dropFirst()).filter { $0 != $1 }.count
        let retries = children.map { $0.errors.components(separatedBy: "ledger busy").count - 1 }.reduce(0, +)
        print(
            "ConcurrentWritersTests: \(reported.count) entries from 6 processes, \(switches) writer switches "
                + "in ledger order, \(retries) busy retries")
    }

    @Test func twoConnectionsInOneProcessInterleave() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-rel-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/coop.ledger"
        let founder = try seededKey(1), member = try seededKey(2)
        let created = try Ledger.create(
            at: path, name: "Two Threads Cooperative", bylawsHash: SHA256.hash(Array("bylaws".utf8)),
            founders: [Founder(name: "Founder", key: founder.publicKey, roles: [.secretary])],
            founderKey: founder, ledgerKey: try seededKey(3).publicKey)
        try created.append(
            type: .memberAdmit, body: .object(["name": "Member", "key": .string(member.publicKey.text)]),
            author: try #require(MemberID("m1")), key: founder)
        let before = try created.store.size()

        let perThread = 60
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            do {
                // Each thread its own Ledger (its own SQLite connection), alternating authors,
                // so both threads extend both chains.
                let ledger = try Ledger.open(at: path)
                let authors = [(try MemberID("m1").orThrow(), try seededKey(1)), (try MemberID("m2").orThrow(), try seededKey(2))]
                for n in 0..<perThread {
                    let (author, key) = authors[(n + thread) % 2]
                    try ledger.append(
                        type: .note, body: .object(["text": .string("thread \(thread) note \(n)")]),
                        author: author, key: key)
                }
            } catch {
                failures.add("thread \(thread): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let ledger = try Ledger.open(at: path, readOnly: true)
        #expect(try ledger.store.size() == before + UInt64(2 * perThread))
        for (author, seqs) in try authorChains(ledger) {
            #expect(seqs == Array(1...Int64(seqs.count)), "\(author)'s seqs in ledger order: \(seqs)")
        }
        let report = try Verifier(catalog: .core).verify(ledger.store)
        #expect(report.ok, "\(report.problems)")
    }
}

/// Each author's `seq` values in ledger order.
func authorChains(_ ledger: Ledger) throws -> [String: [Int64]] {
    var chains: [String: [Int64]] = [:]
    try ledger.store.forEachBatch { batch in
        for stored in batch {
            let s = try stored.entry.decode().statement
            chains[s.author.description, default: []].append(s.seq)
        }
    }
    return chains
}

/// How many `note` entries each author signed.
func notesByAuthor(_ ledger: Ledger) throws -> [String: Int] {
    var notes: [String: Int] = [:]
    try ledger.store.forEachBatch { batch in
        for stored in batch {
            let s = try stored.entry.decode().statement
            if s.type == .note { notes[s.author.description, default: 0] += 1 }
        }
    }
    return notes
}

/// A deterministic key from a one-byte seed (tests only).
func seededKey(_ n: UInt8) throws -> Ed25519.PrivateKey {
    var seed = [UInt8](repeating: n, count: 32)
    return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
}

/// Failures collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func add(_ message: String) {
        lock.lock()
        list.append(message)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}

extension Optional {
    /// The value, or an error when nil (tests only; keeps `!` out of threads).
    func orThrow() throws -> Wrapped {
        guard let self else { throw CocoaError(.coderValueNotFound) }
        return self
    }
}
