import CoopBylaws
import CoopCrypto
import CoopLedger
import CoopModel
import CoopTlog
import Dispatch
import Foundation

/// What checking cosignatures adds to an incremental verify: two ledgers alike entry for
/// entry, one under bylaws that name no witness, one under bylaws needing 2 of 3 whose every
/// checkpoint (one each `checkpointEvery` entries, as `coop serve` makes them) carries three
/// cosignatures; `verify --since` of the same tail on each, alternately, best of `rounds`.
struct WitnessVerifyBenchmark {
    var entries = 20_000
    var tail = 1000
    var checkpointEvery = 256
    var rounds = 7
    var log: (String) -> Void

    struct Result {
        var plainMillis = 0.0
        var witnessedMillis = 0.0
        var checkpointsInTail = 0
        var overhead: Double { witnessedMillis / plainMillis - 1 }
    }

    func run() throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-bench-wverify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cosigners = try (1...3).map { try Cosigner(name: "w\($0).bench.example", privateKey: Ed25519.PrivateKey()) }
        let witnesses = WitnessRules(
            witnesses: cosigners.map { WitnessRule(name: $0.name, vkey: $0.key.vkey, url: "http://127.0.0.1:9") }, threshold: 2,
            toleranceSeconds: 600)
        let shipped = try BylawsFiles.load(folder: SecretLedgerBenchmark.shippedBylaws)
        log("building two ledgers of \(entries) entries (one witnessed, checkpoints every \(checkpointEvery)) ...")
        let plain = try build(at: dir + "/plain.ledger", bylaws: shipped, cosigners: [])
        let witnessed = try build(at: dir + "/witnessed.ledger", bylaws: shipped.replacingWitnesses(with: witnesses), cosigners: cosigners)
        var result = Result()
        result.plainMillis = .infinity
        result.witnessedMillis = .infinity
        for round in 1...rounds {
            log("incremental verify of the last \(tail) entries, plain and witnessed (round \(round) of \(rounds)) ...")
            for (ledger, isWitnessed) in [(plain, false), (witnessed, true)] {
                var options = VerifyOptions()
                options.keptCheckpoint = ledger.kept
                let report = try Verifier().verify(ledger.ledger.store, options: options)
                guard report.ok, report.notWitnessed == nil else {
                    throw BenchError("the bench ledger failed verification: \(report.problems.first?.message ?? report.notWitnessed ?? "")")
                }
                if isWitnessed {
                    result.witnessedMillis = min(result.witnessedMillis, report.seconds * 1000)
                    result.checkpointsInTail = report.witnessTimes.filter { $0.size > UInt64(entries - tail) }.count
                } else {
                    result.plainMillis = min(result.plainMillis, report.seconds * 1000)
                }
            }
        }
        return result
    }

    /// A ledger of `entries` notes by 16 members, a checkpoint every `checkpointEvery` entries
    /// (cosigned by every cosigner), and the checkpoint `tail` entries before the end kept.
    private func build(at path: String, bylaws: BylawsFiles, cosigners: [Cosigner]) throws -> (ledger: Ledger, kept: String) {
        let ledgerKey = Ed25519.PrivateKey()
        let keys = (0..<16).map { _ in Ed25519.PrivateKey() }
        let ledger = try Ledger.create(
            at: path, name: "Bench Cooperative", bylawsHash: try bylaws.digest, bylawsFiles: bylaws,
            founders: [Founder(name: "Founder", key: keys[0].publicKey, roles: [.secretary, .treasurer, .board], memberClass: "therapist")],
            founderKey: keys[0], ledgerKey: ledgerKey.publicKey)
        guard let m1 = MemberID(number: 1) else { throw BenchError("no member id") }
        _ = try ledger.append(
            try (1..<keys.count).map { i in
                try Ledger.Draft(AdmitBody(name: "Member \(i + 1)", key: keys[i].publicKey, memberClass: "therapist"), author: m1, key: keys[0])
            })
        var kept: String?
        var n = 0
        while try ledger.store.size() < UInt64(entries) {
            let size = Int(try ledger.store.size())
            let count = min(checkpointEvery - size % checkpointEvery, entries - size)
            _ = try ledger.append(
                try (0..<count).map { j in
                    let a = (n + j) % keys.count
                    return try Ledger.Draft(
                        NoteBody(text: "bench entry \(n + j)"), author: MemberID(number: Int64(a + 1)) ?? m1, key: keys[a])
                })
            n += count
            let checkpoint = try ledger.checkpoint(ledgerKey: ledgerKey)
            var note = try SignedCheckpoint.parse(checkpoint.note)
            let now = UInt64(Date().timeIntervalSince1970)
            for cosigner in cosigners { note = try note.cosigned(by: cosigner, timestamp: now) }
            if !cosigners.isEmpty { try ledger.keepCosigned(note.format()) }
            if checkpoint.size <= UInt64(entries - tail) { kept = note.format() }
        }
        guard let kept else { throw BenchError("no checkpoint before the tail; use more entries") }
        return (ledger, kept)
    }
}
