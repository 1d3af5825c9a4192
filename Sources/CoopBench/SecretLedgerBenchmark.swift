import CoopBylaws
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import CoopSecretBallot
import Dispatch
import Foundation
import Synchronization

/// What one ledger-wired secret-election run measured: the same path `coop vote`, `coop trustee
/// decrypt` and `coop verify` take (entries signed, judged by the handlers, stored in SQLite).
public struct SecretLedgerBenchmarkReport: Sendable {
    public var voters: Int
    public var candidates: Int
    public var method: String
    /// One ballot encrypted, signed and appended to an open ledger (the median of the rounds).
    public var castOneSeconds: Double
    /// Every voter's ballot appended (encrypted on all cores, then appended in batches).
    public var castAllSeconds: Double
    /// One trustee rebuilding its share from the ledger and decrypting the sealed tally.
    public var partialDecryptionSeconds: Double
    /// `coop verify` of the whole ledger: every entry, every ballot's proofs, the seal, the
    /// partial decryptions and the close.
    public var verifySeconds: Double
    public var entries: UInt64
    public var counts: [Int]
    public var expectedCounts: [Int]
}

/// A secret election through the ledger: a cooperative of `voters` members on the shipped
/// bylaws, a 3-trustee ceremony (threshold 2), every member casting, the seal, two partial
/// decryptions, the close, and a full verification.
public enum SecretLedgerBenchmark {
    public static func run(
        voters: Int = 10_000, candidates: Int = 3, approval: Bool = false, rounds: Int = 20, seed: UInt64 = 7,
        log: (String) -> Void = { _ in }
    ) throws -> SecretLedgerBenchmarkReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-bench-secret-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/secret.ledger"
        let bylaws = try BylawsFiles.load(folder: shippedBylaws)
        let keys = (0..<max(3, voters)).map { _ in Ed25519.PrivateKey() }
        let ledger = try Ledger.create(
            at: path, name: "Bench Cooperative", bylawsHash: try bylaws.digest, bylawsFiles: bylaws,
            founders: [Founder(name: "Founder", key: keys[0].publicKey, roles: [.secretary, .treasurer, .board], memberClass: "therapist")],
            founderKey: keys[0], ledgerKey: Ed25519.PrivateKey().publicKey)
        let members = (1...keys.count).compactMap { MemberID(number: Int64($0)) }
        let m1 = members[0]
        log("admitting \(keys.count) members ...")
        let admissions = try (1..<keys.count).map { i in
            try Ledger.Draft(AdmitBody(name: "Member \(i + 1)", key: keys[i].publicKey, memberClass: "therapist"), author: m1, key: keys[0])
        }
        for chunk in stride(from: 0, to: admissions.count, by: 1000) {
            _ = try ledger.append(Array(admissions[chunk..<min(admissions.count, chunk + 1000)]))
        }
        let names = (0..<candidates).map { "Candidate \($0 + 1)" }
        var propose = MotionProposeBody(kind: .election, title: "Board by secret ballot", text: "Elect the board.")
        propose.seats = approval ? max(1, candidates / 2) : 1
        propose.candidates = names
        propose.method = approval ? "approval" : "plurality"
        propose.ballot = .secret
        guard let motion = try ledger.append(propose, by: m1, key: keys[0]).motion else {
            throw SecretBallotError.invalidContext("the proposal got no motion id")
        }
        var open = try ledger.state().openBody(for: motion, openDate: SystemClock().now().date)
        open.trustees = Array(members.prefix(3))
        open.threshold = 2
        try ledger.append(open, by: m1, key: keys[0])

        // The ceremony, each trustee signing its steps.
        let ceremony = try election(ledger, motion).ceremony
        var secrets: [TrusteeSecret] = []
        for j in 1...3 {
            let (key, secret) = try TrusteeKey.generate(ceremony: ceremony, trustee: j)
            secrets.append(secret)
            try ledger.append(TrusteeKeyBody(motion: motion, key: key), by: members[j - 1], key: keys[j - 1])
        }
        for j in 1...3 {
            let dealing = try Dealing.deal(ceremony: ceremony, dealer: j, keys: try election(ledger, motion).keys)
            try ledger.append(TrusteeDealBody(motion: motion, dealing: dealing), by: members[j - 1], key: keys[j - 1])
        }
        for j in 1...3 {
            let e = try election(ledger, motion)
            let check = try ShareCheck.check(ceremony: ceremony, secret: secrets[j - 1], keys: e.keys, dealings: e.dealings)
            try ledger.append(TrusteeCheckBody(motion: motion, check: check), by: members[j - 1], key: keys[j - 1])
        }
        let e = try election(ledger, motion)
        let setup = try TrusteeSetup.derive(ceremony: ceremony, keys: e.keys, dealings: e.dealings, checks: e.checks)
        try ledger.append(TrusteeSetupBody(motion: motion, publicKey: setup.publicKey), by: m1, key: keys[0])
        let context = try ledger.state().electionContext(for: try ledger.state().motion(motion))

        // Seeded selections (a seed names the same election); voter k is member k + 1.
        var rng = SplitMix64(seed: seed)
        let maximum = e.maximum
        let selections: [Set<Int>] = (0..<members.count).map { _ in
            let count = approval ? Int(rng.next() % UInt64(maximum + 1)) : 1
            var picked = Set<Int>()
            while picked.count < count { picked.insert(Int(rng.next() % UInt64(candidates))) }
            return picked
        }
        var expected = [Int](repeating: 0, count: candidates)
        for s in selections { for i in s { expected[i] += 1 } }

        // One ballot as `coop vote` casts it on an open ledger: encrypt, sign, append (m1 votes
        // again each round; the last counts, and is m1's seeded selection).
        var latencies: [Double] = []
        for _ in 0..<max(1, rounds) {
            latencies.append(
                try SecretBallotBenchmark.measure {
                    let ballot = try EncryptedBallot.encrypt(selected: selections[0], context: context, voter: m1)
                    try ledger.append(SecretBallotBody(motion: motion, ballot: ballot), by: m1, key: keys[0])
                })
        }
        let castOne = latencies.sorted()[latencies.count / 2]

        log("casting \(members.count - 1) more ballots ...")
        let castAll = try SecretBallotBenchmark.measure {
            let drafts = try encryptInParallel(Array(1..<members.count), selections: selections, members: members, keys: keys, motion: motion, context: context)
            for chunk in stride(from: 0, to: drafts.count, by: 1000) {
                _ = try ledger.append(Array(drafts[chunk..<min(drafts.count, chunk + 1000)]))
            }
        }
        let sealed = try ledger.state().encryptedTally(for: try ledger.state().motion(motion))
        try ledger.append(MotionSealBody(motion: motion, tally: sealed), by: m1, key: keys[0])
        var partialSeconds = Double.infinity
        for j in 1...2 {
            var partial: PartialDecryption?
            let seconds = try SecretBallotBenchmark.measure {
                let state = try ledger.state()
                let e = try election(ledger, motion)
                guard let setup = e.setup, let tally = e.tally else { return }
                let share = try TrusteeShare.derive(ceremony: ceremony, setup: setup, secret: secrets[j - 1], keys: e.keys, dealings: e.dealings)
                partial = PartialDecryption.make(tally: tally, context: try state.electionContext(for: try state.motion(motion)), share: share)
            }
            partialSeconds = min(partialSeconds, seconds)
            if let partial { try ledger.append(TrusteeDecryptBody(motion: motion, partial: partial), by: members[j - 1], key: keys[j - 1]) }
        }
        let state = try ledger.state()
        let (close, decision) = try state.closeBody(for: try state.motion(motion))
        try ledger.append(close, by: m1, key: keys[0])
        log("verifying \(try ledger.store.size()) entries ...")
        var report: VerificationReport?
        let verifySeconds = try SecretBallotBenchmark.measure {
            report = try Verifier().verify(try LedgerStore.open(at: path, readOnly: true))
        }
        guard let report, report.ok else {
            throw SecretBallotError.invalidContext("the benchmark ledger does not verify: \(report?.problems.first?.message ?? "?")")
        }
        return SecretLedgerBenchmarkReport(
            voters: members.count, candidates: candidates, method: approval ? "approval" : "plurality", castOneSeconds: castOne,
            castAllSeconds: castAll, partialDecryptionSeconds: partialSeconds, verifySeconds: verifySeconds,
            entries: report.size, counts: decision.secretResult?.counts ?? [], expectedCounts: expected)
    }

    /// The shipped bylaws (their election rule allows a secret ballot on request).
    static var shippedBylaws: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Bylaws").path
    }

    static func election(_ ledger: Ledger, _ motion: MotionID) throws -> SecretElection {
        guard let e = try ledger.state().motion(motion).secret else { throw SecretBallotError.invalidContext("no secret election") }
        return e
    }

    /// Signed `ballot.secret` drafts for `voters` (indexes into `members`), encrypted on all cores.
    static func encryptInParallel(
        _ voters: [Int], selections: [Set<Int>], members: [MemberID], keys: [Ed25519.PrivateKey], motion: MotionID, context: ElectionContext
    ) throws -> [Ledger.Draft] {
        let slices = min(32, max(1, voters.count))
        let results = Mutex<[Int: [Ledger.Draft]]>([:])
        let failure = Mutex<String?>(nil)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let range = (voters.count * slice / slices)..<(voters.count * (slice + 1) / slices)
            do {
                let drafts = try range.map { i -> Ledger.Draft in
                    let k = voters[i]
                    let ballot = try EncryptedBallot.encrypt(selected: selections[k], context: context, voter: members[k])
                    return try Ledger.Draft(SecretBallotBody(motion: motion, ballot: ballot), author: members[k], key: keys[k])
                }
                results.withLock { $0[slice] = drafts }
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
        }
        if let message = failure.withLock({ $0 }) { throw SecretBallotError.invalidContext(message) }
        let all = results.withLock { $0 }
        return (0..<slices).flatMap { all[$0] ?? [] }
    }
}
