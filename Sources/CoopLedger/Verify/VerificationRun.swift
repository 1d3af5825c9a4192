import CoopCrypto
import CoopTlog

/// The mutable part of one verification: the replayed state, the tree so far, the checkpoints
/// still to meet, and the report.
struct VerificationRun {
    let catalog: EntryCatalog
    let maxProblems: Int
    var state = LedgerState()
    var tree = MerkleAccumulator()
    var report = VerificationReport()
    var nextIndex: UInt64 = 0
    /// Checkpoints by the size they claim: (label, root, state digest).
    var expected: [UInt64: [(label: String, root: SHA256Digest, state: SHA256Digest?)]] = [:]

    init(catalog: EntryCatalog, maxProblems: Int) {
        self.catalog = catalog
        self.maxProblems = maxProblems
    }

    mutating func problem(_ p: VerificationProblem) {
        if report.problems.count < maxProblems { report.problems.append(p) } else { report.problemsNotListed += 1 }
    }

    /// Checks each stored checkpoint's signature now; its root and state are checked when the
    /// replay reaches its size.
    mutating func expectCheckpoints(_ notes: [String], genesis: Verifier.GenesisFacts) {
        var rootsBySize: [UInt64: (String, SHA256Digest)] = [:]
        for (i, note) in notes.enumerated() {
            let label = "checkpoint #\(i + 1)"
            do {
                let cp = try Checkpoints.open(note, keyText: genesis.ledgerKey, origin: genesis.origin)
                if let (other, root) = rootsBySize[cp.size], root != cp.root {
                    problem(.init(index: nil, message: "\(label) and \(other) both sign size \(cp.size) with different roots: the ledger was forked"))
                }
                rootsBySize[cp.size] = (label, cp.root)
                expected[cp.size, default: []].append((label, cp.root, cp.stateDigest))
                report.checkpointsChecked += 1
                report.latestCheckpointSize = max(report.latestCheckpointSize ?? 0, cp.size)
            } catch {
                problem(.init(index: nil, message: "\(label): \(error)"))
            }
        }
    }

    /// Starts from a checkpoint the auditor kept. When the source has the state snapshot and tree
    /// peaks at that size and they match the kept checkpoint, only later entries are replayed;
    /// otherwise everything is, and the kept root is checked on the way.
    mutating func resume(from kept: String, genesis: Verifier.GenesisFacts, source: some EntrySource, total: UInt64) throws -> UInt64 {
        let cp: Checkpoints.Opened
        do {
            cp = try Checkpoints.open(kept, keyText: genesis.ledgerKey, origin: genesis.origin)
        } catch {
            throw LedgerError.checkpointInvalid(reason: "the kept checkpoint does not verify with this ledger's key: \(error)")
        }
        guard cp.size <= total else {
            throw LedgerError.checkpointInvalid(reason: "the kept checkpoint covers \(cp.size) entries but the ledger now has \(total): entries were removed")
        }
        expected[cp.size, default: []].append(("the kept checkpoint", cp.root, cp.stateDigest))
        guard let digest = cp.stateDigest, let bytes = try source.snapshot(at: cp.size),
              SHA256.hash(bytes) == digest, let peaks = try source.peaks(at: cp.size),
              let resumed = try? MerkleAccumulator(size: cp.size, peaks: peaks), resumed.root() == cp.root,
              let snapState = try? LedgerState(snapshotBytes: bytes), snapState.size == cp.size
        else { return 0 }
        state = snapState
        tree = resumed
        nextIndex = cp.size
        // Checkpoints inside the kept prefix were judged when the auditor verified it; the ones
        // at its exact size are judged now against the resumed tree and state.
        checkCheckpoints(at: cp.size)
        expected = expected.filter { $0.key > cp.size }
        return cp.size
    }

    /// Judges a decoded batch in order.
    mutating func judge(_ batch: [(SourceEntry, Result<DecodedEntry, LedgerError>, SHA256Digest)]) {
        for (item, result, leafHash) in batch {
            let index = item.index
            if index != nextIndex {
                problem(.init(index: nextIndex, message: index > nextIndex
                    ? "entries \(nextIndex) to \(index - 1) are missing (deleted from the file)"
                    : "entry \(index) appears out of order"))
                nextIndex = index
            }
            if let recorded = item.recordedLeafHash, recorded != leafHash {
                problem(.init(index: index, message: "entry \(index): differs from the tree node recorded when it was appended (altered, moved or replaced)"))
            }
            report.entriesChecked += 1
            switch result {
            case let .failure(error):
                problem(VerificationProblem(error))
                state.size = index + 1
            case let .success(decoded):
                report.signaturesChecked += 1
                do {
                    try state.apply(decoded, index: index, catalog: catalog)
                } catch let error as LedgerError {
                    problem(VerificationProblem(error))
                    state.size = index + 1
                } catch {
                    problem(.init(index: index, message: "entry \(index): \(error)"))
                    state.size = index + 1
                }
            }
            _ = tree.append(leafHash)
            nextIndex = index + 1
            checkCheckpoints(at: tree.size)
        }
    }

    mutating func checkCheckpoints(at size: UInt64) {
        guard let due = expected.removeValue(forKey: size) else { return }
        let root = tree.root()
        let digest = try? state.digest()
        for cp in due {
            if cp.root != root {
                problem(.init(index: size - 1, message: "\(cp.label) signs size \(size) with root \(cp.root.hex), but the entries give \(root.hex): an entry before \(size) was altered, removed or reordered"))
            } else if let want = cp.state, want != digest {
                problem(.init(index: size - 1, message: "\(cp.label): the replayed state at size \(size) differs from the state it signs"))
            }
        }
    }

    /// End-of-ledger checks: checkpoints beyond the end, a tree that recorded more leaves.
    mutating func finish(source: some EntrySource) throws {
        report.size = tree.size
        report.root = tree.size > 0 ? tree.root() : nil
        report.members = state.members.count
        report.authors = state.heads.count
        report.memberEquity = state.registers.memberEquity
        // Checked at every patronage commit and revolve, and once more over the whole ledger.
        if state.registers.totalEquity != state.registers.memberEquity {
            problem(.init(index: nil, message: "the capital accounts and reserve total \(state.registers.totalEquity), "
                + "but the member equity the entries record is \(state.registers.memberEquity)"))
        }
        for (size, cps) in expected.sorted(by: { $0.key < $1.key }) {
            for cp in cps {
                problem(.init(index: nil, message: "\(cp.label) signs size \(size) but the ledger has only \(tree.size) entries: entries were removed from the end"))
            }
        }
        expected.removeAll()
        if let recorded = try source.recordedLeafCount(), recorded > tree.size {
            problem(.init(index: tree.size, message: "the tree records \(recorded) entries but only \(tree.size) remain: entries were removed from the end"))
        }
    }
}
