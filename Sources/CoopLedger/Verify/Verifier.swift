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
    /// it; when its snapshot is available, only the entries after it are checked in full.
    public var keptCheckpoint: String?
    /// The largest batch decoded at once. Smaller ledgers use smaller batches (see
    /// `Verifier.batchSize(for:options:)`) so the pipeline's first read and last judgement,
    /// which no other thread overlaps, stay a small part of the run.
    public var batchSize = 2048
    /// Problems beyond this many are counted, not listed.
    public var maxProblems = 500
    /// Threads for the signature checks (default: all cores).
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Called after each batch with (entries done, entries to do).
    public var progress: ((UInt64, UInt64) -> Void)?

    public init() {}
}

/// Re-checks a ledger from its bytes: canonical form, signatures, per-author chains,
/// authorization at each position, the Merkle root of every signed checkpoint, and consistency
/// with a checkpoint kept from before.
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

        var from: UInt64 = 0
        if let kept = options.keptCheckpoint {
            from = try run.resume(from: kept, genesis: genesis, source: source, total: total)
        }
        run.report.startedAt = from

        // Pipeline: decode batch k+1 on worker threads while batch k is judged here.
        var pending: DecodeJob?
        var done: UInt64 = 0
        try source.forEachBatch(from: from, batchSize: Self.batchSize(for: total - from, options: options)) { batch in
            let job = DecodeJob(batch, workers: options.workers)
            if let previous = pending {
                run.judge(previous.wait())
                done += UInt64(previous.count)
                options.progress?(done, total - from)
            }
            pending = job
        }
        if let previous = pending {
            run.judge(previous.wait())
            done += UInt64(previous.count)
            options.progress?(done, total - from)
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
final class DecodeJob: @unchecked Sendable {
    let batch: [SourceEntry]
    // Owned buffers: each worker writes only its own index range; the owner reads them only
    // after `group.wait()`, which orders those writes before the reads.
    private let results: UnsafeMutableBufferPointer<Result<DecodedEntry, LedgerError>>
    private let hashes: UnsafeMutableBufferPointer<SHA256Digest>
    private let group = DispatchGroup()

    var count: Int { batch.count }

    init(_ batch: [SourceEntry], workers: Int) {
        self.batch = batch
        results = .allocate(capacity: batch.count)
        results.initialize(repeating: .failure(.storage("not decoded")))
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
                    do {
                        let decoded = try item.entry.decode()
                        hashes[i] = decoded.hash
                        results[i] = .success(decoded)
                    } catch let e as LedgerError {
                        hashes[i] = item.entry.hash
                        results[i] = .failure(e.at(item.index))
                    } catch {
                        hashes[i] = item.entry.hash
                        results[i] = .failure(.malformedEntry(index: item.index, reason: "\(error)"))
                    }
                }
            }
        }
    }

    deinit {
        group.wait()
        results.deinitialize().deallocate()
        hashes.deinitialize().deallocate()
    }

    /// Waits for the workers and returns each entry with its decode result and leaf hash.
    func wait() -> [(SourceEntry, Result<DecodedEntry, LedgerError>, SHA256Digest)] {
        group.wait()
        return (0..<batch.count).map { (batch[$0], results[$0], hashes[$0]) }
    }
}
