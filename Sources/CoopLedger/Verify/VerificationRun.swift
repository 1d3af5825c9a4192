import CoopBylaws
import CoopCrypto
import CoopModel
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
    /// Checkpoints by the size they claim.
    var expected: [UInt64: [Expected]] = [:]
    /// With a kept checkpoint: where full checking starts, and the state taken from it (nil when
    /// the prefix is replayed instead).
    var prefix: Prefix?
    /// The witness time rule: entries appended under a witness policy whose ledger time no
    /// witnessed checkpoint has bounded yet (index, POSIX seconds, tolerance), and the newest
    /// witnessed checkpoint so far (size, witness time).
    var unbounded: [(index: UInt64, seconds: Int64, tolerance: Int64)] = []
    var lastWitnessed: (size: UInt64, time: UInt64)?
    /// Witness keys already reported as members' keys (each reported once).
    var reportedWitnessKeys: Set<Ed25519.PublicKey> = []

    struct Expected {
        let label: String
        let root: SHA256Digest
        let state: SHA256Digest?
        let note: String
    }

    struct Prefix {
        let size: UInt64
        /// The kept checkpoint's state, read from a snapshot matching its signed digest.
        var trustedState: LedgerState?
    }

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
                expected[cp.size, default: []].append(Expected(label: label, root: cp.root, state: cp.stateDigest, note: note))
                report.checkpointsChecked += 1
                report.latestCheckpointSize = max(report.latestCheckpointSize ?? 0, cp.size)
            } catch {
                problem(.init(index: nil, message: "\(label): \(error)"))
            }
        }
    }

    /// Starts from a checkpoint the auditor kept. Every entry before it is still read and its
    /// leaf hash recomputed from its bytes, so the kept root is checked against the entries,
    /// never against the file's stored tree. The state at the kept size comes from a snapshot
    /// only when its SHA-256 equals the digest the kept checkpoint signs; otherwise the entries
    /// before it are replayed (without re-checking their signatures) and the state they give
    /// must match that digest. Returns where full checking starts.
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
        expected[cp.size, default: []].append(Expected(label: "the kept checkpoint", root: cp.root, state: cp.stateDigest, note: kept))
        var trusted: LedgerState?
        if let digest = cp.stateDigest, let bytes = try source.snapshot(at: cp.size), SHA256.hash(bytes) == digest,
            let snapState = try? LedgerState(snapshotBytes: bytes), snapState.size == cp.size
        {
            trusted = snapState
            report.stateOrigin = .keptCheckpoint(size: cp.size, digest: digest)
        } else {
            report.stateOrigin = .replayedPrefix(size: cp.size)
        }
        prefix = Prefix(size: cp.size, trustedState: trusted)
        return cp.size
    }

    /// How an entry at `index` is read: in full, or (before a kept checkpoint) without its
    /// signatures, or (when the kept state is trusted) for its leaf hash and ledger time alone.
    func mode(for index: UInt64) -> DecodeMode {
        guard let prefix, index < prefix.size else { return .full }
        return prefix.trustedState == nil ? .withoutSignatures : .hashOnly
    }

    /// Waits for a batch's decoding, then judges its entries in order.
    mutating func judge(_ batch: DecodeJob) {
        batch.finish()
        // Secret ballots' proofs, on every core, before the entries are applied one by one.
        state.verifiedBallots = VerifiedBallots.check(batch.decodedEntries { $0.statement.type == .ballotSecret }, in: state)
        defer { state.verifiedBallots = VerifiedBallots() }
        while let (item, outcome, leafHash) = batch.next() {
            let index = item.index
            if index != nextIndex {
                problem(
                    .init(
                        index: nextIndex,
                        message: index > nextIndex
                            ? "entries \(nextIndex) to \(index - 1) are missing (deleted from the file)"
                            : "entry \(index) appears out of order"))
                nextIndex = index
            }
            if let recorded = item.recordedLeafHash, recorded != leafHash {
                problem(.init(index: index, message: "entry \(index): differs from the tree node recorded when it was appended (altered, moved or replaced)"))
            }
            switch outcome {
            case .hashed:
                rehashed(index, ledgerTime: item.entry.ledgerTime)
            case let .failed(error):
                count(index)
                problem(VerificationProblem(error))
                state.size = index + 1
            case let .decoded(decoded, signatureChecked):
                count(index)
                if signatureChecked { report.signaturesChecked += 1 }
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
            tree.add(leafHash)
            boundTime(index, item.entry.ledgerTime)
            nextIndex = index + 1
            treeGrew()
        }
    }

    /// Takes leaves of the prefix before a trusted kept state, hashed straight from their bytes.
    ///
    /// A batch that is a perfect subtree at the tree's end joins it by its root, unless a
    /// checkpoint signs a size inside it or the kept prefix ends inside it (the root and state
    /// are needed there): every leaf still has its ledger time checked.
    mutating func absorb(_ batch: LeafHashBatch) {
        let leaves = batch.leaves
        if let root = batch.subtreeRoot, let first = leaves.first, let last = leaves.last, first.index == nextIndex,
            tree.size == first.index, LeafHashBatch.isPerfectSubtree(first: first.index, last: last.index, count: leaves.count)
        {
            let end = last.index + 1
            let inside = first.index + 1..<end
            if !expected.keys.contains(where: inside.contains), !(prefix.map { inside.contains($0.size) } ?? false) {
                for leaf in leaves {
                    rehashed(leaf.index, ledgerTime: leaf.ledgerTime)
                    boundTime(leaf.index, leaf.ledgerTime)
                }
                tree.add(subtreeRoot: root, level: leaves.count.trailingZeroBitCount)
                nextIndex = end
                treeGrew()
                return
            }
        }
        for leaf in leaves {
            if leaf.index != nextIndex {
                problem(
                    .init(
                        index: nextIndex,
                        message: leaf.index > nextIndex
                            ? "entries \(nextIndex) to \(leaf.index - 1) are missing (deleted from the file)"
                            : "entry \(leaf.index) appears out of order"))
            }
            rehashed(leaf.index, ledgerTime: leaf.ledgerTime)
            tree.add(leaf.hash)
            boundTime(leaf.index, leaf.ledgerTime)
            nextIndex = leaf.index + 1
            treeGrew()
        }
    }

    /// After the tree grew: at the kept prefix's end its trusted state takes over, and the
    /// checkpoints that sign the tree's new size are checked.
    private mutating func treeGrew() {
        if let prefix, tree.size == prefix.size, let trusted = prefix.trustedState {
            state = trusted
        }
        checkCheckpoints(at: tree.size)
    }

    /// A leaf before a trusted kept state: it counts toward the kept root, and ledger time must
    /// still never go backwards.
    private mutating func rehashed(_ index: UInt64, ledgerTime: Timestamp) {
        report.leavesRehashed += 1
        if let last = state.ledgerTime, ledgerTime < last {
            problem(
                VerificationProblem(
                    LedgerError.ledgerTimeWentBackwards(
                        index: index, previous: last.description, found: ledgerTime.description)))
        }
        state.ledgerTime = ledgerTime
        state.size = index + 1
    }

    private mutating func count(_ index: UInt64) {
        if let prefix, index < prefix.size { report.leavesRehashed += 1 } else { report.entriesChecked += 1 }
    }

    /// Compares the checkpoints claiming `size` with the tree and, where the state is known
    /// (not inside a trusted prefix), with the replayed state.
    mutating func checkCheckpoints(at size: UInt64) {
        guard let due = expected.removeValue(forKey: size) else { return }
        let root = tree.root()
        let stateKnown = prefix.map { size >= $0.size || $0.trustedState == nil } ?? true
        let digest = stateKnown ? try? state.digest() : nil
        for cp in due {
            if cp.root != root {
                problem(
                    .init(
                        index: size - 1,
                        message:
                            "\(cp.label) signs size \(size) with root \(cp.root.hex), but the entries give \(root.hex): an entry before \(size) was altered, removed or reordered"
                    ))
            } else if stateKnown, let want = cp.state, want != digest {
                problem(.init(index: size - 1, message: "\(cp.label): the replayed state at size \(size) differs from the state it signs"))
            } else if stateKnown, cp.state != nil, size >= (report.confirmedCheckpointSize ?? 0) {
                report.confirmedCheckpoint = cp.note
                report.confirmedCheckpointSize = size
            }
            if stateKnown, cp.root == root { checkWitnesses(cp, size: size) }
        }
    }

    /// The time rule, first half: under a witness policy, an entry's ledger time may not be
    /// earlier than the witness time of the newest witnessed checkpoint before it, less the
    /// bylaws' tolerance (a backdated entry); it waits for the next witnessed checkpoint for
    /// the other bound.
    private mutating func boundTime(_ index: UInt64, _ time: Timestamp) {
        guard let rules = state.bylaws?.rules.witnesses, rules.threshold > 0 else { return }
        let tolerance = Int64(rules.toleranceSeconds)
        let seconds = time.secondsSinceEpoch
        if let last = lastWitnessed, index >= last.size, seconds < Int64(last.time) - tolerance {
            problem(
                .init(
                    index: index,
                    message:
                        "entry \(index): its ledger time \(time) is earlier than the witnesses' time \(Timestamp(secondsSinceEpoch: Int64(last.time))) of checkpoint \(last.size), which does not contain it, less the bylaws' tolerance of \(tolerance) s: it was backdated"
                ))
        }
        unbounded.append((index, seconds, tolerance))
    }

    /// The time rule, second half: every entry a witnessed checkpoint contains existed when the
    /// witnesses cosigned it, so its ledger time may not be later than that witness time plus
    /// the tolerance (an entry dated into the future).
    private mutating func witnessed(size: UInt64, time: UInt64) {
        var kept: [(index: UInt64, seconds: Int64, tolerance: Int64)] = []
        for entry in unbounded {
            guard entry.index < size else {
                kept.append(entry)
                continue
            }
            if entry.seconds > Int64(time) + entry.tolerance {
                problem(
                    .init(
                        index: entry.index,
                        message:
                            "entry \(entry.index): its ledger time \(Timestamp(secondsSinceEpoch: entry.seconds)) is later than the witnesses' time \(Timestamp(secondsSinceEpoch: Int64(time))) of checkpoint \(size), which contains it, plus the bylaws' tolerance of \(entry.tolerance) s: it was dated into the future"
                    ))
            }
        }
        unbounded = kept
        if size >= (lastWitnessed?.size ?? 0) { lastWitnessed = (size, time) }
    }

    /// Checks a checkpoint's cosignatures against the witness policy of the bylaws in force at
    /// its size (so a checkpoint cosigned under an earlier policy stays verifiable after an
    /// amendment). A cosignature line by a listed witness that does not verify is a problem; too
    /// few cosignatures only leave the checkpoint unwitnessed.
    private mutating func checkWitnesses(_ cp: Expected, size: UInt64) {
        let rules = state.bylaws?.rules.witnessRules ?? .none
        guard rules.threshold > 0 else {
            report.witnessedCheckpointSize = max(report.witnessedCheckpointSize ?? 0, size)
            return
        }
        do {
            guard let policy = try rules.policy() else { return }
            // A witness must be someone other than the members: its key is its own.
            for key in policy.witnesses where state.keyOwners[key.publicKey] != nil && reportedWitnessKeys.insert(key.publicKey).inserted {
                let owner = state.keyOwners[key.publicKey].map { "\($0)" } ?? "a member"
                problem(.init(index: size - 1, message: "the bylaws' witness \(key.name) uses the key of member \(owner): a witness key must be its own"))
            }
            let signed = try SignedCheckpoint.parse(cp.note)
            let valid = try signed.verifiedCosignatures(witnesses: policy.witnesses)
            guard valid.count >= policy.threshold else { return }
            if size >= (report.witnessedCheckpointSize ?? 0) { report.witnessedCheckpointSize = size }
            let time = valid.map(\.timestamp).min() ?? 0
            witnessed(size: size, time: time)
            if !report.witnessTimes.contains(where: { $0.size == size }) {
                report.witnessTimes.append((size, time))
                report.witnessTimes.sort { $0.size < $1.size }
            }
        } catch {
            problem(.init(index: size - 1, message: "\(cp.label): a witness cosignature is invalid: \(error)"))
        }
    }

    /// End-of-ledger checks: checkpoints beyond the end, a tree that recorded more leaves.
    mutating func finish(source: some EntrySource) throws {
        report.size = tree.size
        report.root = tree.size > 0 ? tree.root() : nil
        report.members = state.members.count
        report.authors = state.heads.count
        report.ledgerTime = state.ledgerTime
        report.memberEquity = state.registers.memberEquity
        // Checked at every patronage commit and revolve, and once more over the whole ledger.
        if state.registers.totalEquity != state.registers.memberEquity {
            problem(
                .init(
                    index: nil,
                    message: "the capital accounts and reserve total \(state.registers.totalEquity), "
                        + "but the member equity the entries record is \(state.registers.memberEquity)"))
        }
        for (size, cps) in expected.sorted(by: { $0.key < $1.key }) {
            for cp in cps {
                problem(
                    .init(index: nil, message: "\(cp.label) signs size \(size) but the ledger has only \(tree.size) entries: entries were removed from the end")
                )
            }
        }
        expected.removeAll()
        let rules = state.bylaws?.rules.witnessRules ?? .none
        if rules.threshold > 0, let latest = report.latestCheckpointSize, (report.witnessedCheckpointSize ?? 0) < latest {
            report.notWitnessed =
                "the newest checkpoint (size \(latest)) does not carry \(rules.threshold) valid cosignatures of the bylaws' witnesses"
                + (report.witnessedCheckpointSize.map { "; the newest witnessed one has size \($0)" } ?? "; no checkpoint is witnessed")
        }
        if let recorded = try source.recordedLeafCount(), recorded > tree.size {
            problem(.init(index: tree.size, message: "the tree records \(recorded) entries but only \(tree.size) remain: entries were removed from the end"))
        }
    }
}

/// How much of an entry a verification reads.
enum DecodeMode: Sendable {
    /// Canonical form, statement and every signature.
    case full
    /// Canonical form and statement, signatures not re-checked (the prefix before a kept
    /// checkpoint, replayed to re-derive its state).
    case withoutSignatures
    /// The leaf hash only (the prefix before a kept checkpoint whose state is taken from it).
    case hashOnly
}

/// What decoding one entry gave.
enum DecodeOutcome: Sendable {
    case decoded(DecodedEntry, signatureChecked: Bool)
    case hashed
    case failed(LedgerError)
}
