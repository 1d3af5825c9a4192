import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Testing

/// SIGKILLs a real `coop-stress` (test support) at random moments and checks, after every kill, that
/// the ledger verifies and that every entry the process reported committed is there with the
/// hash it reported. `COOP_CRASH_KILLS=200` selects the long form; `COOP_CRASH_SEED` replays.
@Suite(.serialized)
struct CrashSafetyTests {
    static var kills: Int { ProcessInfo.processInfo.environment["COOP_CRASH_KILLS"].flatMap { Int($0) } ?? 20 }

    @Test func killedAppendsLoseNothingThatWasReportedCommitted() throws {
        let seed = ProcessInfo.processInfo.environment["COOP_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        print("CrashSafetyTests: seed \(seed) (replay with COOP_CRASH_SEED=\(seed)), \(Self.kills) kills")
        var rng = SplitMix64(seed: seed)
        let dir = try CoopProcess.makeCooperative(members: 1)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var claimed = 0, unreported = 0, fromStart = 0
        var size = try Ledger.open(at: dir + "/coop.ledger", readOnly: true).store.size()

        for k in 0..<Self.kills {
            let child = try CoopProcess.Child(
                ["--count", "1000000", "--checkpoint-every", "7", "--text", "kill \(k)", "--key", dir + "/m2.key"],
                in: dir, name: "kill-\(k)", tool: "coop-stress")
            // Mostly time the kill from the first commit (so it lands among appends and
            // checkpoints); sometimes from the start (so it lands in opening or key decryption).
            let fromSpawn = Int.random(in: 0..<7, using: &rng) == 0
            if fromSpawn {
                fromStart += 1
            } else {
                let deadline = Date().addingTimeInterval(60)
                while child.committed.isEmpty, child.process.isRunning, Date() < deadline { usleep(2_000) }
            }
            usleep(UInt32(Int.random(in: 20...300, using: &rng)) * 1000)
            try #require(child.process.isRunning, "coop-stress ended by itself: \(child.errors)")
            kill(child.process.processIdentifier, SIGKILL)
            child.process.waitUntilExit()
            #expect(child.process.terminationReason == .uncaughtSignal)

            let reported = child.committed
            #expect(try CoopProcess.verifies(dir), "after kill \(k)")
            let ledger = try Ledger.open(at: dir + "/coop.ledger", readOnly: true)
            for (index, hash) in reported {
                let stored = try ledger.store.entry(at: index)
                #expect(stored.hash.hex == hash, "kill \(k): entry \(index) was reported committed as \(hash)")
            }
            // Every entry the run added was reported, except at most the one committed just
            // before the kill and not printed yet.
            let newSize = try ledger.store.size()
            let added = Int(newSize - size)
            #expect(
                added - reported.count >= 0 && added - reported.count <= 1,
                "kill \(k): \(added) entries added, \(reported.count) reported")
            if let first = reported.first { #expect(first.index == size, "kill \(k): the first entry lands at the old head") }
            for checkpoint in try ledger.store.checkpoints() {
                #expect(checkpoint.size <= newSize, "a checkpoint names size \(checkpoint.size) beyond \(newSize) entries")
            }
            claimed += reported.count
            unreported += added - reported.count
            size = newSize
        }
        let checkpoints = try Ledger.open(at: dir + "/coop.ledger", readOnly: true).store.checkpoints().count
        print(
            "CrashSafetyTests: \(Self.kills) kills (\(fromStart) timed from spawn), \(claimed) entries reported committed, "
                + "all \(claimed) survived; \(unreported) committed but killed before reporting; "
                + "ledger size \(size), \(checkpoints) checkpoints")
    }
}
