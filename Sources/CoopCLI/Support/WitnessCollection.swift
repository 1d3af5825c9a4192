import CoopBylaws
import CoopCrypto
import CoopLedger
import CoopTlog
import CoopWitness
import Foundation

/// Asks the bylaws' witnesses to cosign a checkpoint the ledger just stored, keeps the cosigned
/// note, and says how it went. A witness that is down or refuses is reported, never waited on
/// past its timeout: the checkpoint stays stored, "not witnessed" until a later one is cosigned.
enum WitnessCollection {
    /// The result: the note to publish (cosigned when any witness answered) and one line per
    /// witness plus a summary, for standard error.
    struct Result {
        let note: String
        let cosignatures: Int
        let threshold: Int
        let lines: [String]
    }

    /// Collects cosignatures for `stored`; nil when the bylaws name no witnesses.
    static func collect(_ ledger: Ledger, stored: StoredCheckpoint, timeout: Int64 = 5) throws -> Result? {
        guard let rules = try ledger.state().bylaws?.rules.witnessRules, !rules.witnesses.isEmpty else { return nil }
        let endpoints = try rules.witnesses.map { WitnessEndpoint(key: try $0.cosignerKey(), url: $0.url) }
        let oldSizes = WitnessEndpoint.lastCosignedSizes(try ledger.store.checkpoints().map { ($0.size, $0.note) }, witnesses: endpoints.map(\.key))
        let checkpoint = try SignedCheckpoint.parse(stored.note)
        let proofs = ProofSource(ledger: ledger)
        let collector = WitnessCollector(witnesses: endpoints, timeout: timeout)
        let (cosigned, outcomes) = try runAsync {
            await collector.collect(checkpoint, oldSizes: oldSizes, proof: { try proofs.proof(from: $0, to: $1) })
        }
        var lines: [String] = []
        var count = 0
        for endpoint in endpoints {
            switch outcomes[endpoint.name] {
            case .cosigned(let cosignature):
                count += 1
                lines.append("witness \(endpoint.name): cosigned at \(cosignature.timestamp)")
            case .failed(let reason):
                lines.append("witness \(endpoint.name): not cosigned: \(reason)")
            case nil:
                lines.append("witness \(endpoint.name): no answer")
            }
        }
        var note = stored.note
        if count > 0 {
            note = cosigned.format()
            try ledger.keepCosigned(note)
        }
        let verdict =
            count >= rules.threshold
            ? "witnessed: \(count) of \(endpoints.count) witnesses cosigned (the bylaws need \(rules.threshold))"
            : "not witnessed: \(count) of \(endpoints.count) witnesses cosigned, the bylaws need \(rules.threshold); run 'coop checkpoint' again once they are reachable"
        return Result(note: note, cosignatures: count, threshold: rules.threshold, lines: lines + [verdict])
    }
}

/// Consistency proofs for the collector's tasks. The ledger's store (GRDB) serialises its
/// own access; the lock keeps the `Ledger` object itself to one caller at a time.
private final class ProofSource: @unchecked Sendable {
    private let ledger: Ledger
    private let lock = NSLock()

    init(ledger: Ledger) {
        self.ledger = ledger
    }

    func proof(from old: UInt64, to new: UInt64) throws -> [SHA256Digest] {
        lock.lock()
        defer { lock.unlock() }
        return try ledger.consistencyProof(from: old, to: new).proof
    }
}
