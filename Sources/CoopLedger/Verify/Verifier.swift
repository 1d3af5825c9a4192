import CoopCrypto
import CoopModel
import CoopTlog
import Dispatch
import Foundation

/// Options for one verification run.
public struct VerifyOptions {
    /// The ledger's checkpoint key as the auditor knows it (note vkey text); when set, the key
    /// pinned in the genesis entry must equal it.
    public var trustedLedgerKey: String?
    /// A signed checkpoint the auditor kept from an earlier verification. The ledger must extend
    /// it: every entry before it is rehashed against its root; only the entries after it are
    /// checked in full (signatures and rules), from the state it signs.
    public var keptCheckpoint: String?
    /// The largest batch decoded at once. Smaller ledgers use smaller batches (see
    /// `Verifier.batchSize(for:options:)`) so the pipeline's first read and last judgement,
    /// which no other thread overlaps, stay a small part of the run.
    public var batchSize = 2048
    /// Leaves read at once before a kept checkpoint. A power of two makes each batch a perfect
    /// subtree whose root the hashing workers compute too (tests use small ones to reach that
    /// path on small ledgers; any other size joins the leaves one by one).
    public var leafBatchSize = 8192
    /// Problems beyond this many are counted, not listed.
    public var maxProblems = 500
    /// Threads for the signature checks (default: all cores).
    public var workers = Cores.available
    /// Called after each batch with (entries done, entries to do).
    public var progress: ((UInt64, UInt64) -> Void)?

    public init() {}
}

/// Re-checks a ledger from its bytes: canonical form, signatures, ledger time, per-author chains,
/// authorization at each position, the Merkle root of every signed checkpoint, and consistency
/// with a checkpoint kept from before (every leaf before it rehashed, never read from the file's
/// stored tree).
///
/// Memory stays bounded: entries stream in batches; the tree is a compact range of O(log n)
/// hashes. Each batch's signatures are checked on all cores while the previous batch is judged
/// in order on this thread.
public struct Verifier {
    public let catalog: EntryCatalog

    public init(catalog: EntryCatalog = .cooperative) { self.catalog = catalog }

    public func verify(_ source: some EntrySource, options: VerifyOptions = VerifyOptions()) throws -> VerificationReport {
        let started = DispatchTime.now()
        var run = VerificationRun(catalog: catalog, maxProblems: options.maxProblems)
        let total = try source.entryCount()
        guard total > 0 else {
            throw LedgerError.notALedger(path: source.label, reason: "it holds no entries (not even a genesis)")
        }
        let genesis = try Self.readGenesis(source)
        if let trusted = options.trustedLedgerKey, trusted != genesis.ledgerKey {
            throw LedgerError.ledgerKeyMismatch(expected: trusted, found: genesis.ledgerKey)
        }
        run.expectCheckpoints(try source.checkpointNotes(), genesis: genesis)

        if let kept = options.keptCheckpoint {
            run.report.startedAt = try run.resume(from: kept, genesis: genesis, source: source, total: total)
        }

        // Pipeline: decode batch k+1 on worker threads while batch k is judged here. Every entry
        // is read: before a kept checkpoint for its leaf hash (and, unless the kept state is
        // taken from a matching snapshot, its rules), after it in full.
        var pending: DecodeJob?
        var done: UInt64 = 0
        // Before a kept checkpoint whose state is taken from it only leaf hashes are needed:
        // they stream straight from the stored bytes (no entry parsed).
        var start: UInt64 = 0
        if let prefix = run.prefix, prefix.trustedState != nil {
            try source.forEachLeafBatch(from: 0, to: prefix.size, batchSize: max(1, options.leafBatchSize)) { batch in
                run.absorb(batch)
                done += UInt64(batch.leaves.count)
                options.progress?(done, total)
            }
            start = prefix.size
        }
        let modes = run
        try source.forEachBatch(from: start, batchSize: Self.batchSize(for: total - run.report.startedAt, options: options)) { batch in
            let job = DecodeJob(batch, workers: options.workers, mode: modes.mode(for:))
            if let previous = pending {
                run.judge(previous)
                done += UInt64(previous.count)
                options.progress?(done, total)
            }
            pending = job
        }
        if let previous = pending {
            run.judge(previous)
            done += UInt64(previous.count)
            options.progress?(done, total)
        }
        try run.finish(source: source)
        run.report.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return run.report
    }

    /// At least eight batches per worker, between 256 entries and `options.batchSize`.
    static func batchSize(for entries: UInt64, options: VerifyOptions) -> Int {
        let perWorker = entries / UInt64(max(1, options.workers) * 8)
        return Int(min(UInt64(max(1, options.batchSize)), max(256, perWorker)))
    }

    /// The genesis facts a verifier needs before anything else: the ledger key and origin.
    struct GenesisFacts {
        let ledgerKey: String
        let origin: String
    }

    static func readGenesis(_ source: some EntrySource) throws -> GenesisFacts {
        guard let first = try source.firstEntry(), first.index == 0 else {
            throw LedgerError.genesisMisplaced(index: 0)
        }
        let decoded: DecodedEntry
        do { decoded = try first.entry.decode() } catch let e as LedgerError { throw e.at(0) }
        var state = LedgerState()
        try state.apply(decoded, index: 0, catalog: EntryCatalog([GenesisHandler()]))
        return GenesisFacts(ledgerKey: state.ledgerKey, origin: state.origin)
    }
}

/// One batch being decoded (canonical check, signature check, leaf hash) on worker threads.
///
/// The owner waits once (`finish()`), then takes the outcomes out in order (`next()`): moved,
/// not copied (copying each decoded entry, then releasing the copy and the original, was a
/// quarter of the judging thread's time: perf).
final class DecodeJob: @unchecked Sendable {
    let batch: [SourceEntry]
    // Owned buffers: each worker writes only its own index range; the owner reads them only
    // after `group.wait()`, which orders those writes before the reads.
    private let results: UnsafeMutableBufferPointer<DecodeOutcome>
    private let hashes: UnsafeMutableBufferPointer<SHA256Digest>
    private let group = DispatchGroup()
    /// Outcomes before this index have been moved out by `next()` (owner thread only).
    private var taken = 0

    var count: Int { batch.count }

    init(_ batch: [SourceEntry], workers: Int, mode: (UInt64) -> DecodeMode) {
        self.batch = batch
        let modes = batch.map { mode($0.index) }
        results = .allocate(capacity: batch.count)
        results.initialize(repeating: .hashed)
        hashes = .allocate(capacity: batch.count)
        hashes.initialize(repeating: SHA256.hash([UInt8]()))
        let chunks = max(1, min(workers * 4, batch.count / 64 + 1))
        let per = (batch.count + chunks - 1) / chunks
        for c in 0..<chunks {
            let lo = c * per, hi = min(batch.count, lo + per)
            guard lo < hi else { continue }
            DispatchQueue.global().async(group: group) { [self] in
                for i in lo..<hi {
                    let item = batch[i]
                    if modes[i] == .hashOnly {
                        hashes[i] = item.entry.hash
                        results[i] = .hashed
                        continue
                    }
                    let check = modes[i] == .full
                    do {
                        let decoded = try item.entry.decode(checkSignature: check)
                        hashes[i] = decoded.hash
                        results[i] = .decoded(decoded, signatureChecked: check)
                    } catch let e as LedgerError {
                        hashes[i] = item.entry.hash
                        results[i] = .failed(e.at(item.index))
                    } catch {
                        hashes[i] = item.entry.hash
                        results[i] = .failed(.malformedEntry(index: item.index, reason: "\(error)"))
                    }
                }
            }
        }
    }

    deinit {
        group.wait()
        results[taken...].deinitialize()
        results.deallocate()
        hashes.deinitialize().deallocate()
    }

    /// Waits for the workers.
    func finish() { group.wait() }

    /// The decoded entries of a finished batch not yet taken, in order (copies).
    func decodedEntries(where include: (DecodedEntry) -> Bool) -> [DecodedEntry] {
        results[taken...].compactMap { outcome in
            if case let .decoded(d, _) = outcome, include(d) { return d } else { return nil }
        }
    }

    /// The next entry of a finished batch with its decode outcome (moved out) and leaf hash.
    func next() -> (SourceEntry, DecodeOutcome, SHA256Digest)? {
        guard taken < batch.count else { return nil }
        defer { taken += 1 }
        return (batch[taken], results.moveElement(from: taken), hashes[taken])
    }
}
