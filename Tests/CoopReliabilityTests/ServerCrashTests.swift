import CoopAPI
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Synchronization
import Testing

/// SIGKILLs `coop serve` while four members post at once (so group commits are in flight) and
/// checks, after every kill, that every entry the server acknowledged is in the file at the
/// index and with the hash it answered, and that the ledger verifies; then posts again from the
/// first unacknowledged entry (a post is idempotent). `COOP_SERVE_CRASH_KILLS` selects the long
/// form; `COOP_CRASH_SEED` replays the kill timings.
@Suite(.serialized)
struct ServerCrashTests {
    static var kills: Int { ProcessInfo.processInfo.environment["COOP_SERVE_CRASH_KILLS"].flatMap { Int($0) } ?? 5 }

    /// What one member's poster got back: the entries acknowledged (index, hash), in order.
    final class Poster: Sendable {
        let chain: [SignedEntry]
        let acknowledged = Mutex<[(index: UInt64, hash: String)]>([])
        init(chain: [SignedEntry]) { self.chain = chain }

        /// Posts the chain in order from the first entry not acknowledged, until an error.
        func run(url: String) {
            var next = acknowledged.withLock { $0.count }
            while next < chain.count {
                // 201: appended now; 200: a post the ledger already held (sent again after a kill).
                guard let answer = try? RawHTTP.send("POST", url + "/" + APIPaths.entries, body: PostBody.bytes([chain[next]])),
                    answer.status == 201 || answer.status == 200,
                    let response = try? JSONDecoder().decode(PostResponse.self, from: Data(answer.body.utf8)),
                    let posted = response.entries.first
                else { return }
                acknowledged.withLock { $0.append((posted.index, posted.hash)) }
                next += 1
            }
        }
    }

    @Test func aKilledServerKeepsEveryEntryItAcknowledged() throws {
        let seed = ProcessInfo.processInfo.environment["COOP_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        print("ServerCrashTests: seed \(seed) (replay with COOP_CRASH_SEED=\(seed)), \(Self.kills) kills")
        var rng = SplitMix64(seed: seed)
        let c = try IntegrityCoop()
        // Each member signs a chain of notes in advance, as on a replica; the server sequences them.
        let clock = FixedClock(try #require(Timestamp(c.time)))
        let ledger = try Ledger.open(at: c.ledgerPath, readOnly: true, clock: clock)
        let posters = try [("ada", 1), ("ben", 2), ("cho", 3), ("dev", 4)].map { who, number in
            var secret = Array(CoopProcess.passphrase.utf8)
            let key = try KeyFile.read(path: c.path("\(who).key"), passphrase: SecretBytes(consuming: &secret))
            let author = try #require(MemberID(number: Int64(number)))
            // Enough that posting never runs dry before the last kill (about 600 a kill at most).
            let drafts = try (0..<max(3000, 700 * Self.kills / 4)).map { try Ledger.Draft(NoteBody(text: "\(who) note \($0)"), author: author, key: key) }
            return Poster(chain: try ledger.prepare(drafts))
        }
        var port = 0
        for k in 0..<Self.kills {
            let server = try ServedLedger(c, port: port)
            port = server.port
            let url = server.url
            let threads = posters.map { poster in
                let thread = Thread { poster.run(url: url) }
                thread.start()
                return thread
            }
            usleep(UInt32(Int.random(in: 50...600, using: &rng)) * 1000)
            server.stop(kill: true)
            // Every poster stops at its first failed post (the connection is refused or reset).
            for thread in threads { while thread.isExecuting || !thread.isFinished { usleep(5_000) } }

            let file = try Ledger.open(at: c.ledgerPath, readOnly: true)
            for poster in posters {
                for (index, hash) in poster.acknowledged.withLock({ $0 }) {
                    #expect(try file.store.entry(at: index).hash.hex == hash, "kill \(k): entry \(index) was acknowledged as \(hash)")
                }
            }
            #expect(try CoopProcess.verifies(c.dir), "after kill \(k)")
        }
        let acknowledged = posters.map { $0.acknowledged.withLock { $0.count } }.reduce(0, +)
        let size = try Ledger.open(at: c.ledgerPath, readOnly: true).store.size()
        #expect(acknowledged > 0, "no post was acknowledged before the kills")
        print("ServerCrashTests: \(Self.kills) kills of coop serve, \(acknowledged) entries acknowledged, all survived; ledger size \(size)")
    }
}
