import CoopAPI
import CoopCrypto
import CoopLedger
import CoopModel
import CoopWitness
import Dispatch
import Foundation
import Logging
import Synchronization

/// The ledger's single writer: posts queue here and are appended in group commits (every post
/// waiting when a commit starts goes into the same transaction), each post all or none; and
/// checkpoints are signed as entries land.
///
/// The ledger object is confined to one serial queue: SQLite work blocks, and must not block
/// the server's event loops or Swift's cooperative threads.
final class Sequencer: @unchecked Sendable {
    private struct Job {
        let entries: [SignedEntry]
        let waitForCheckpoint: Bool
        let resume: @Sendable (Result<PostResponse, APIError>) -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var draining = false
    }

    private let ledger: Ledger
    private let ledgerKey: Ed25519.PrivateKey
    private let configuration: ServerConfiguration
    private let logger: Logger
    private let queue = DispatchQueue(label: "coop.serve.sequencer")
    private let pending = Mutex(Queue())
    /// Confined to `queue`: the size the newest checkpoint covers, and when the oldest entry it
    /// does not cover landed.
    private var checkpointed: UInt64 = 0
    private var uncoveredSince: Date?
    /// Posts waiting for a checkpoint to cover their last entry.
    private var waiting: [(size: UInt64, job: Job, response: PostResponse)] = []
    /// Asks the bylaws' witnesses to cosign each checkpoint, in the background.
    private var witnessing: CheckpointWitnessing?

    init(ledger: Ledger, configuration: ServerConfiguration, logger: Logger) throws {
        self.ledger = ledger
        self.ledgerKey = configuration.ledgerKey
        self.configuration = configuration
        self.logger = logger
        self.checkpointed = try ledger.latestCheckpoint()?.size ?? 0
        // Entries appended while no server ran (the CLI on the file) are covered before the
        // first request: replicas can only clone what a checkpoint signs.
        if try ledger.store.size() > checkpointed { checkpointed = try ledger.checkpoint(ledgerKey: ledgerKey).size }
        let endpoints = CheckpointWitnessing.endpoints(try ledger.state())
        let queue = queue
        witnessing = CheckpointWitnessing(
            oldSizes: endpoints.isEmpty
                ? [:] : WitnessEndpoint.lastCosignedSizes(try ledger.store.checkpoints().map { ($0.size, $0.note) }, witnesses: endpoints.map(\.key)),
            timeout: configuration.witnessTimeout, logger: logger,
            onLedger: { [unowned self] work in queue.async { try? work(self.ledger) } },
            proofs: { [unowned self] from, to in try queue.sync { try self.ledger.consistencyProof(from: from, to: to).proof } })
        if let latest = try ledger.latestCheckpoint() { witnessing?.submit(latest.note, witnesses: endpoints) }
    }

    /// Appends a post's entries (all or none) and answers with their indexes; with
    /// `waitForCheckpoint`, once a signed checkpoint covers them (or the wait runs out).
    func post(_ entries: [SignedEntry], waitForCheckpoint: Bool) async -> Result<PostResponse, APIError> {
        await withCheckedContinuation { continuation in
            let job = Job(entries: entries, waitForCheckpoint: waitForCheckpoint) { continuation.resume(returning: $0) }
            let start = pending.withLock { q -> Bool in
                q.jobs.append(job)
                guard !q.draining else { return false }
                q.draining = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    /// Signs a checkpoint when one is due (called by the timer), or now (`force`) if any entry
    /// is uncovered.
    func tick(force: Bool = false) {
        queue.async { self.checkpointIfDue(force: force) }
    }

    /// Returns once everything queued before it has run.
    func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in queue.async { continuation.resume() } }
    }

    // MARK: on `queue`

    private func drain() {
        while true {
            let jobs = pending.withLock { q -> [Job] in
                var taken: [Job] = []
                var count = 0
                while let next = q.jobs.first, taken.isEmpty || count + next.entries.count <= configuration.maxBatch {
                    taken.append(q.jobs.removeFirst())
                    count += next.entries.count
                }
                if taken.isEmpty { q.draining = false }
                return taken
            }
            if jobs.isEmpty { return }
            commit(jobs)
        }
    }

    private func commit(_ jobs: [Job]) {
        // A post whose statements the ledger already holds is answered with their entries: a
        // retry after a lost answer never appends twice. Duplicates inside one batch resolve to
        // the first copy.
        var results = [Result<PostResponse, APIError>?](repeating: nil, count: jobs.count)
        var groups: [[SignedEntry]] = []
        var known: [[StoredEntry?]] = []
        var firstCopy: [SHA256Digest: (job: Int, entry: Int)] = [:]
        var copies: [(job: Int, entry: Int, of: (job: Int, entry: Int))] = []
        for (j, job) in jobs.enumerated() {
            var fresh: [SignedEntry] = []
            var held: [StoredEntry?] = []
            for (e, entry) in job.entries.enumerated() {
                let existing: StoredEntry?
                do {
                    existing = try ledger.existing(entry)
                } catch {
                    results[j] = .failure(Self.apiError(error, position: e))
                    break
                }
                if let existing, existing.entry.signed.statementBytes == entry.statementBytes {
                    held.append(existing)
                } else if let first = firstCopy[entry.statementHash] {
                    copies.append((j, e, first))
                    held.append(nil)
                } else {
                    firstCopy[entry.statementHash] = (j, e)
                    fresh.append(entry)
                    held.append(nil)
                }
            }
            groups.append(results[j] == nil ? fresh : [])
            known.append(held)
        }
        let outcomes: [Result<[StoredEntry], GroupRefusal>]
        do {
            outcomes = try ledger.submitEach(groups)
        } catch {
            logger.error("append failed", metadata: ["error": "\(error)"])
            for (j, job) in jobs.enumerated() { job.resume(results[j] ?? .failure(Self.apiError(error, position: nil))) }
            return
        }
        // Stitch each post back together: held entries, freshly stored ones, in-batch copies.
        var stored: [[StoredEntry?]] = known
        for (j, outcome) in outcomes.enumerated() where results[j] == nil {
            switch outcome {
            case let .success(appended):
                var next = appended.makeIterator()
                for e in stored[j].indices where stored[j][e] == nil && !copies.contains(where: { $0.job == j && $0.entry == e }) {
                    stored[j][e] = next.next()
                }
            case let .failure(refusal):
                // The refused entry's position among the fresh ones, mapped back to the post.
                let freshPositions = stored[j].indices.filter { stored[j][$0] == nil }
                let position = refusal.position < freshPositions.count ? freshPositions[refusal.position] : refusal.position
                results[j] = .failure(Self.apiError(refusal.error, position: position))
            }
        }
        for copy in copies where results[copy.job] == nil {
            guard let original = stored[copy.of.job][copy.of.entry] else {
                results[copy.job] = .failure(APIError(code: "refused", message: "an identical post in the same batch was refused", position: copy.entry))
                continue
            }
            stored[copy.job][copy.entry] = original
        }
        var newest: UInt64 = 0
        var wantsCheckpoint = false
        for (j, job) in jobs.enumerated() {
            if results[j] != nil { continue }
            let entries = stored[j].compactMap { $0 }
            guard entries.count == job.entries.count else {
                results[j] = .failure(APIError(code: "internal", message: "the server lost track of an entry of this post; post it again"))
                continue
            }
            let response = PostResponse(
                entries: entries.enumerated().map { e, s in
                    PostedEntry(
                        index: s.index, hash: s.entry.hash.hex, ledgerTime: s.entry.ledgerTime.description,
                        duplicate: known[j][e] != nil)
                })
            let last = (entries.map(\.index).max() ?? 0) + 1
            newest = max(newest, last)
            if job.waitForCheckpoint {
                wantsCheckpoint = true
                waiting.append((last, job, response))
            } else {
                results[j] = .success(response)
            }
        }
        for (j, job) in jobs.enumerated() { if let r = results[j] { job.resume(r) } }
        if newest > checkpointed, uncoveredSince == nil { uncoveredSince = Date() }
        checkpointIfDue(force: wantsCheckpoint)
    }

    private func checkpointIfDue(force: Bool) {
        do {
            let size = try ledger.store.size()
            let due =
                size > checkpointed
                && (force || size - checkpointed >= configuration.checkpointEvery
                    || uncoveredSince.map { Date().timeIntervalSince($0) >= configuration.checkpointInterval } ?? true)
            if due {
                let cp = try ledger.checkpoint(ledgerKey: ledgerKey)
                checkpointed = cp.size
                uncoveredSince = nil
                logger.info("checkpoint", metadata: ["size": "\(cp.size)"])
                witnessing?.submit(cp.note, witnesses: CheckpointWitnessing.endpoints(try ledger.state()))
            }
            answerWaiting()
        } catch {
            logger.error("checkpoint failed", metadata: ["error": "\(error)"])
        }
    }

    /// Answers the posts that asked for a checkpoint: with the newest one when it covers them
    /// (a forced checkpoint was just signed), else without (signing failed; it is logged).
    private func answerWaiting() {
        guard !waiting.isEmpty else { return }
        let note = try? ledger.latestCheckpoint()?.note
        for w in waiting {
            var response = w.response
            if w.size <= checkpointed { response.checkpoint = note }
            w.job.resume(.success(response))
        }
        waiting = []
    }

    /// The error a client gets: refusals with their code, field and position in the post.
    static func apiError(_ error: any Error, position: Int?) -> APIError {
        if let e = error as? LedgerError {
            if let r = e.refusal {
                return APIError(code: "refused", message: "\(e)", refusal: r.code.rawValue, field: r.field, position: position)
            }
            if case .busy = e { return APIError(code: "unavailable", message: "\(e)") }
        }
        return APIError(code: "unavailable", message: "the ledger could not append: \(error)")
    }
}
