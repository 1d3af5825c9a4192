import CoopCrypto
import CoopTlog
import Foundation
import Synchronization

/// A witness's durable records: per origin, the latest checkpoint it cosigned, in
/// `<state>/logs/<hex SHA-256 of the origin>.checkpoint`; evidence of misbehaving logs in
/// `<state>/evidence/`. One process holds the folder (`<state>/lock`).
///
/// `addCheckpoint` loads the record, decides and stores the new record under one lock, and the
/// new record is on disk (written, fsynced, renamed, folder fsynced) before it returns: a
/// cosignature is never sent for a state that a crash could forget, and two concurrent
/// requests cannot roll the witness back.
public final class WitnessStore: Sendable {
    /// The state folder.
    public let folder: String
    private let latest: Mutex<[String: SignedCheckpoint]>

    /// Opens (creating if needed) the state folder and loads every record.
    /// - Throws: `WitnessError.stateInUse` if another process holds it, `.corruptRecord`,
    ///   `.io`.
    public init(folder: String) throws {
        self.folder = folder
        try DurableFile.makeFolder(folder + "/logs")
        try DurableFile.makeFolder(folder + "/evidence")
        try DurableFile.lockForever(folder + "/lock")
        var records: [String: SignedCheckpoint] = [:]
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder + "/logs")
        } catch {
            throw WitnessError.io(path: folder + "/logs", reason: "\(error)")
        }
        for name in names where name.hasSuffix(".checkpoint") {
            let path = folder + "/logs/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw WitnessError.io(path: path, reason: "cannot read it")
            }
            let record: SignedCheckpoint
            do {
                record = try SignedCheckpoint.parse(String(decoding: data, as: UTF8.self))
            } catch {
                throw WitnessError.corruptRecord(path: path, reason: "\(error)")
            }
            let origin = record.checkpoint.origin
            guard Self.fileName(origin: origin) == name else {
                throw WitnessError.corruptRecord(path: path, reason: "it holds a checkpoint of origin '\(origin.prefix(80))', which is another file's")
            }
            records[origin] = record
        }
        latest = Mutex(records)
    }

    /// The record's file name for `origin`.
    static func fileName(origin: String) -> String {
        SHA256.hash(Array(origin.utf8)).hex + ".checkpoint"
    }

    /// The latest cosigned checkpoint of `origin`, if any.
    public func record(origin: String) -> SignedCheckpoint? {
        latest.withLock { $0[origin] }
    }

    /// The latest cosigned checkpoint whose origin hashes to `originHash` (lowercase hex), the
    /// monitoring endpoint's lookup.
    public func record(originHash: String) -> SignedCheckpoint? {
        latest.withLock { records in
            records.first { SHA256.hash(Array($0.key.utf8)).hex == originHash }?.value
        }
    }

    /// Decides `request` with `witness` and, on `.cosign`, stores the new record durably before
    /// returning; keeps any evidence. Load, decide and store happen under one lock.
    public func addCheckpoint(_ request: AddCheckpointRequest, witness: Witness, timestamp: UInt64) throws -> WitnessDecision {
        let origin = request.checkpoint.checkpoint.origin
        let decision = try latest.withLock { records -> WitnessDecision in
            let decision = try witness.decide(request, latest: records[origin], timestamp: timestamp)
            if case let .cosign(_, record) = decision {
                try DurableFile.write(Array(record.format().utf8), to: folder + "/logs/" + Self.fileName(origin: origin))
                records[origin] = record
            }
            return decision
        }
        if case let .reject(rejection) = decision, let evidence = rejection.evidence {
            try keep(evidence, timestamp: timestamp)
        }
        return decision
    }

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
