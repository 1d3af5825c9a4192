import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Testing

/// Members voting at the same minute: a motion proposed and opened with the real `coop`, then
/// twelve `coop vote` processes released together while another connection holds the write
/// lock, four members changing their vote in a second process at the same moment. Every vote
/// must be accepted (a writer that loses the race waits for the lock, or says `busy` and
/// succeeds when run again), every ballot must be in the ledger exactly once with intact chains,
/// and the tally and the close must count exactly each member's last ballot.
@Suite(.serialized)
struct ConcurrentVotingTests {
    /// First ballots of m1...m8; then m2, m3, m5 and m8 vote again, at the same moment.
    static let first = ["yes", "yes", "no", "yes", "no", "abstain", "yes", "no"]
    static let changes: [(member: Int, choice: String)] = [(2, "no"), (3, "yes"), (5, "yes"), (8, "abstain")]

    @Test func twelveBallotsAtOnceAreEachRecordedOnceAndCounted() throws {
        let started = Date()
        let dir = try Self.makeVotingCooperative(members: Self.first.count)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/coop.ledger"
        let voters = Self.first.enumerated().map { (member: $0.offset + 1, choice: $0.element) } + Self.changes
        let sizeBefore = try Ledger.open(at: path, readOnly: true).store.size()

        let children = try voters.enumerated().map { i, v in
            try VoteProcess(member: v.member, choice: v.choice, in: dir, name: "vote-\(i)")
        }
        let deadline = Date().addingTimeInterval(30)
        while children.contains(where: { !$0.ready }), Date() < deadline { usleep(5_000) }
        #expect(children.allSatisfy { $0.ready }, "a voter's shell did not start")
        // Hold the write lock as the voters start, so they all contend for it at once.
        let release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        try BusyLedgerTests.holdWriteLock(on: path, until: release, done: done)
        #expect(FileManager.default.createFile(atPath: dir + "/go", contents: nil))
        usleep(500_000)
        // Nothing can be written while the lock is held: every voter still running is queued on it.
        #expect(try Ledger.open(at: path, readOnly: true).store.size() == sizeBefore)
        let queued = children.filter { $0.process.isRunning }.count
        release.signal()
        done.wait()

        var recorded: [(member: Int, choice: String, index: UInt64)] = []
        var busyRetries = 0
        for (child, v) in zip(children, voters) {
            var index = child.finish()
            if index == nil, child.errors.contains("busy") {
                // The clear, retryable refusal: run the same vote again.
                busyRetries += 1
                let retry = try CoopProcess.run(["vote", "M1", v.choice, "--key", dir + "/m\(v.member).key"], in: dir)
                index = VoteProcess.recordedIndex(retry)
            }
            guard let index else {
                Issue.record("m\(v.member) voting \(v.choice) failed (\(child.status)): \(child.output) \(child.errors)")
                continue
            }
            recorded.append((v.member, v.choice, index))
        }
        #expect(recorded.count == voters.count)
        #expect(Set(recorded.map(\.index)).count == recorded.count, "two votes reported the same entry")

        // In the ledger: exactly these ballots, each once, at the reported positions; chains intact.
        let ledger = try Ledger.open(at: path, readOnly: true)
        let ballots = try Self.ballots(in: ledger)
        #expect(try ledger.store.size() == sizeBefore + UInt64(voters.count))
        #expect(ballots.count == voters.count)
        for r in recorded {
            let b = ballots[r.index]
            #expect(b?.author == "m\(r.member)" && b?.choice == r.choice, "entry \(r.index): \(String(describing: b)), expected m\(r.member) \(r.choice)")
        }
        for (author, seqs) in try authorChains(ledger) {
            #expect(seqs == Array(1...Int64(seqs.count)), "\(author)'s seqs in ledger order: \(seqs)")
        }

        // Each member's last ballot in ledger order is the one counted.
        var final: [Int: (index: UInt64, choice: String)] = [:]
        for r in recorded where r.index >= final[r.member]?.index ?? 0 { final[r.member] = (r.index, r.choice) }
        let want = ["yes", "no", "abstain"].map { c in Int64(final.values.filter { $0.choice == c }.count) }
        let superseded = Set(recorded.map(\.index)).subtracting(final.values.map(\.index))
        let tally = try CanonicalJSON.decode(Array(try CoopProcess.run(["motion", "tally", "M1", "--json"], in: dir).utf8))
        #expect([tally["tally"]?["yes"], tally["tally"]?["no"], tally["tally"]?["abstain"]] == want.map { .integer($0) }, "\(tally)")
        #expect(tally["ballots"] == .integer(Int64(Self.first.count)))
        #expect(Set(tally["superseded"]?.arrayValue?.compactMap { $0.intValue.map(UInt64.init) } ?? []) == superseded)

        // Closing records the same counts; a resolution passes on more yes than no (quorum 2 of 8 is met).
        let passes = want[0] > want[1]
        let closed = try CanonicalJSON.decode(Array(try CoopProcess.run(["motion", "close", "M1", "--json", "--key", dir + "/m1.key"], in: dir).utf8))
        #expect(closed["passed"] == .bool(passes))
        let closeIndex = try #require(closed["entry"]?.intValue)
        let close = try Ledger.open(at: path, readOnly: true).store.entry(at: UInt64(closeIndex)).decode().statement
        #expect(close.type == .motionClose)
        #expect([close.body["yes"], close.body["no"], close.body["abstain"]] == want.map { .integer($0) }, "\(close.body)")
        #expect(close.body["ballots"] == .integer(Int64(Self.first.count)) && close.body["passed"] == .bool(passes))
        #expect(try CoopProcess.verifies(dir))
        print(
            "ConcurrentVotingTests: \(voters.count) ballots from separate processes, yes/no/abstain \(want), "
                + "\(queued) queued on the lock at its release, \(busyRetries) busy retries, \(String(format: "%.1f", Date().timeIntervalSince(started))) s in all"
        )
    }

    /// Ballots in the ledger by entry index: (author, choice).
    static func ballots(in ledger: Ledger) throws -> [UInt64: (author: String, choice: String)] {
        var ballots: [UInt64: (String, String)] = [:]
        try ledger.store.forEachBatch { batch in
            for stored in batch {
                let s = try stored.entry.decode().statement
                guard s.type == .ballotCast else { continue }
                #expect(s.body["motion"] == .string("M1"))
                ballots[stored.index] = (s.author.description, s.body["choice"]?.stringValue ?? "?")
            }
        }
        return ballots
    }

    /// A fresh folder with the shipped bylaws, a ledger founded by m1 (therapist; secretary,
    /// treasurer, board), `members - 1` more members (therapists and staff: all may vote on a
    /// resolution), keys `m1.key`... sealed with the cheapest KDF (the test is about the ledger,
    /// not Argon2id), and motion M1 proposed and opened through `coop`.
    static func makeVotingCooperative(members: Int) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-vote-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let root = try CoopProcess.packageRoot().orThrow()
        try FileManager.default.copyItem(atPath: root + "/Bylaws", toPath: dir + "/Bylaws")
        var keys: [Ed25519.PublicKey] = []
        for n in 1...members {
            let key = try seededKey(UInt8(40 + n))
            var pass = Array(CoopProcess.passphrase.utf8)
            try KeyFile.write(key, name: "Member \(n)", passphrase: SecretBytes(consuming: &pass), limits: .minimum, to: dir + "/m\(n).key")
            keys.append(key.publicKey)
        }
        let founder = ["--key", dir + "/m1.key"]
        try CoopProcess.run(["init", "--name", "Voting Cooperative", "--bylaws", dir + "/Bylaws", "--founder-class", "therapist"] + founder, in: dir)
        for n in 2...members {
            let id = try CoopProcess.run(
                [
                    "member", "admit", "--name", "Member \(n)", "--pubkey", keys[n - 1].text,
                    "--class", n % 2 == 0 ? "therapist" : "staff",
                ] + founder, in: dir)
            #expect(id == "m\(n)")
        }
        try "Resolved: the cooperative buys a second van.\n".write(toFile: dir + "/van.md", atomically: true, encoding: .utf8)
        #expect(
            try CoopProcess.run(["motion", "propose", "--title", "A second van", "--kind", "resolution", "--text", dir + "/van.md"] + founder, in: dir) == "M1")
        #expect(try CoopProcess.run(["motion", "open", "M1"] + founder, in: dir).contains("\(members) members may vote"))
        return dir
    }
}

/// One `coop vote` held behind a shell barrier: the shell says "ready" on stderr, waits for
/// the file `go`, then becomes `coop vote M1 CHOICE --key mN.key`.
final class VoteProcess {
    let process = Process()
    let outPath: String
    let errPath: String

    init(member: Int, choice: String, in dir: String, name: String) throws {
        outPath = dir + "/\(name).out"
        errPath = dir + "/\(name).err"
        for path in [outPath, errPath] where !FileManager.default.createFile(atPath: path, contents: nil) {
            throw CocoaError(.fileWriteUnknown)
        }
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let script = "echo ready >&2; while [ ! -e \"$1\" ]; do sleep 0.002; done; exec \"$2\" vote M1 \"$3\" --key \"$4\""
        process.arguments = ["-c", script, "sh", dir + "/go", try CoopProcess.executable(), choice, dir + "/m\(member).key"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["COOP_PASSPHRASE": CoopProcess.passphrase, "COOP_LEDGER": dir + "/coop.ledger"]) { _, new in new }
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    var output: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
    var ready: Bool { errors.contains("ready") || !process.isRunning }
    var status: Int32 { process.terminationStatus }

    /// Waits for the vote; the entry index it reports, or nil when it failed.
    func finish() -> UInt64? {
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        return Self.recordedIndex(output)
    }

    /// N from `entry N: your ballot on M1 is recorded: CHOICE`.
    static func recordedIndex(_ output: String) -> UInt64? {
        output.split(separator: "\n").compactMap { line -> UInt64? in
            guard line.hasPrefix("entry "), line.contains(": your ballot on M1 is recorded: ") else { return nil }
            return UInt64(line.dropFirst(6).prefix { $0.isNumber })
        }.first
    }
}
