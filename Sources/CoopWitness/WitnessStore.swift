import CoopCrypto
import CoopTlog
import Foundation
import Synchronization

/// A witness's durable records: per origin, the latest checkpoint it cosigned, kept in
/// `<state>/journal` (WitnessJournal: appended in group commits, fdatasync'd); evidence of
/// misbehaving logs in `<state>/evidence/`. One process holds the folder (`<state>/lock`).
///
/// `addCheckpoint` loads the record, decides and queues the new record under one lock (so two
/// concurrent requests cannot roll the witness back: the second is decided against the
/// first's record), and returns only once the record is on disk: a cosignature is never sent
/// for a state that a crash could forget. Records queued together share one flush.
public final class WitnessStore: Sendable {
    /// The state folder.
    public let folder: String
    private let records = RecordTable()
    private let journal: WitnessJournal

    /// The latest record per origin, shared with the journal's compaction.
    private final class RecordTable: Sendable {
        let latest = Mutex<[String: SignedCheckpoint]>([:])
    }

    /// Opens (creating if needed) the state folder and loads every record.
    /// - Throws: `WitnessError.stateInUse` if another process holds it, `.corruptRecord`,
    ///   `.io`.
    public init(folder: String, compactBytes: Int = 8 << 20) throws {
        self.folder = folder
        try DurableFile.makeFolder(folder + "/evidence")
        try DurableFile.lockForever(folder + "/lock")
        let records = self.records
        let (journal, notes) = try WitnessJournal.open(path: folder + "/journal", compactBytes: compactBytes) {
            records.latest.withLock { $0.values.map { $0.format() } }
        }
        var loaded: [String: SignedCheckpoint] = [:]
        for (offset, note) in notes.enumerated() {
            do {
                let record = try SignedCheckpoint.parse(note)
                loaded[record.checkpoint.origin] = record
            } catch {
                throw WitnessError.corruptRecord(path: folder + "/journal", reason: "record \(offset + 1): \(error)")
            }
        }
        records.latest.withLock { $0 = loaded }
        self.journal = journal
    }

    /// The latest cosigned checkpoint of `origin`, if any.
    public func record(origin: String) -> SignedCheckpoint? {
        records.latest.withLock { $0[origin] }
    }

    /// The latest cosigned checkpoint whose origin hashes to `originHash` (lowercase hex), the
    /// monitoring endpoint's lookup.
    public func record(originHash: String) -> SignedCheckpoint? {
        records.latest.withLock { records in
            records.first { SHA256.hash(Array($0.key.utf8)).hex == originHash }?.value
        }
    }

    /// Decides `request` with `witness` and, on `.cosign`, returns once the new record is on
    /// disk; keeps any evidence. Load, decide and queue happen under one lock.
    public func addCheckpoint(_ request: AddCheckpointRequest, witness: Witness, timestamp: UInt64) async throws -> WitnessDecision {
        let origin = request.checkpoint.checkpoint.origin
        let decision = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<WitnessDecision, any Error>) in
            do {
                let queued = try records.latest.withLock { records -> WitnessDecision? in
                    let decision = try witness.decide(request, latest: records[origin], timestamp: timestamp)
                    guard case let .cosign(_, record) = decision else { return decision }
                    records[origin] = record
                    journal.append(record.format()) { error in
                        if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: decision) }
                    }
                    return nil
                }
                if let queued { continuation.resume(returning: queued) }
            } catch {
                continuation.resume(throwing: error)
            }
        }
        if case let .reject(rejection) = decision, let evidence = rejection.evidence {
            try keep(evidence, timestamp: timestamp)
        }
        return decision
    }

    /// The length of the well-formed prefix of journal bytes (what a restart keeps).
    public static func journalPrefix(_ bytes: [UInt8]) -> Int { WitnessJournal.parse(bytes).good }

    /// Writes `evidence` to a new file in `<state>/evidence/`; returns its path.
    @discardableResult
    public func keep(_ evidence: WitnessEvidence, timestamp: UInt64) throws -> String {
        let text = Self.evidenceText(evidence)
        let digest = SHA256.hash(Array(text.utf8)).hex.prefix(16)
        let kind = evidence.kind == .conflictingRoots ? "fork" : "unproven"
        let path = folder + "/evidence/\(timestamp)-\(kind)-\(digest).txt"
        if FileManager.default.fileExists(atPath: path) { return path }
        try DurableFile.create(Array(text.utf8), at: path)
        return path
    }

    /// The evidence file's text: what it is, the checkpoint cosigned, the one presented, and
    /// the proof sent, each section a header line then its content.
    public static func evidenceText(_ evidence: WitnessEvidence) -> String {
        let kind =
            evidence.kind == .conflictingRoots
            ? "conflicting-roots: two checkpoints of one size signed by the log with different roots (a fork)"
            : "unproven-consistency: the log's consistency proof does not link the presented checkpoint to the cosigned one"
        var text = "coop witness evidence\nkind \(kind)\n\n-- cosigned\n" + evidence.cosigned.format()
        text += "\n-- presented\n" + evidence.presented.format()
        text += "\n-- proof\n" + evidence.proof.map { Base64.encode($0.bytes) + "\n" }.joined()
        return text
    }

    /// The evidence files kept so far, oldest first.
    public func evidenceFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/evidence")) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
            .map { folder + "/evidence/" + $0 }
    }
}
