import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import GRDB
import Testing

/// Another connection holds the write lock: an append waits, and either succeeds after the
/// release or fails with `busy`, writing nothing; the ledger verifies either way.
@Suite(.serialized)
struct BusyLedgerTests {
    /// A ledger with a founder, in a fresh folder.
    static func makeLedger() throws -> (dir: String, path: String, founder: Ed25519.PrivateKey) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-rel-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let founder = try seededKey(1)
        _ = try Ledger.create(
            at: dir + "/coop.ledger", name: "Busy Cooperative", bylawsHash: SHA256.hash(Array("bylaws".utf8)),
            founders: [Founder(name: "Founder", key: founder.publicKey, roles: [.secretary])],
            founderKey: founder, ledgerKey: try seededKey(3).publicKey)
        return (dir, dir + "/coop.ledger", founder)
    }

    /// Holds an IMMEDIATE transaction on `path` from a raw GRDB connection on another thread
    /// until `release` is signalled; returns once the lock is held.
    static func holdWriteLock(on path: String, until release: DispatchSemaphore, done: DispatchSemaphore) throws {
        var config = Configuration()
        config.busyMode = .timeout(1)
        let queue = try DatabaseQueue(path: path, configuration: config)
        let held = DispatchSemaphore(value: 0)
        Thread {
            try? queue.inDatabase { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                held.signal()
                release.wait()
                try db.execute(sql: "COMMIT")
            }
            done.signal()
        }.start()
        held.wait()
    }

    @Test func appendFailsWithBusyAndWritesNothingWhileLocked() throws {
        let (dir, path, founder) = try Self.makeLedger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Ledger.open(at: path, busyTimeout: 0.2)
        let before = try ledger.store.size()
        let release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        try Self.holdWriteLock(on: path, until: release, done: done)

        let m1 = try #require(MemberID("m1"))
        let error = #expect(throws: LedgerError.self) {
            try ledger.append(type: .note, body: .object(["text": "while locked"]), author: m1, key: founder)
        }
        #expect(error == .busy(path: path))
        #expect(error?.isRetryable == true)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("nothing was written") && message.contains("try again"), "\(message)")
        #expect(try ledger.store.size() == before, "the refused append left an entry")
        release.signal()
        done.wait()

        // The same Ledger (its cached head untouched by the failure) appends after the release.
        let stored = try ledger.append(type: .note, body: .object(["text": "after release"]), author: m1, key: founder)
        #expect(stored.index == before)
        #expect(try Verifier(catalog: .core).verify(ledger.store).ok)
    }

    @Test func appendWaitsForTheLockAndSucceeds() throws {
        let (dir, path, founder) = try Self.makeLedger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Ledger.open(at: path)
        let before = try ledger.store.size()
        let release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        try Self.holdWriteLock(on: path, until: release, done: done)
        // Release from another thread shortly; the append (default 10 s wait) must outlast it.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { release.signal() }
        let stored = try ledger.append(
            type: .note, body: .object(["text": "waited"]),
            author: try #require(MemberID("m1")), key: founder)
        done.wait()
        #expect(stored.index == before)
        #expect(try ledger.store.size() == before + 1)
        #expect(try Verifier(catalog: .core).verify(ledger.store).ok)
    }
}
