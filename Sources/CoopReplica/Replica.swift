import CoopAPI
import CoopBylaws
import CoopCrypto
import CoopLedger
import CoopModel
import CoopTlog
import Foundation

/// Why a replica refused what a remote sent.
public enum ReplicaError: Error, CustomStringConvertible {
    case configuration(path: String, reason: String)
    case notAReplica(ledger: String)
    case exists(path: String)
    /// The remote signed two views of the log: the evidence file proves it.
    case splitView(evidence: String, finding: String)
    /// The remote sent data that does not match its own signed checkpoint (not a proof of a
    /// fork, but nothing from it is kept).
    case inconsistent(String)
    case untrusted(String)
    /// The remote's checkpoint lacks the cosignatures the bylaws' witness policy requires.
    case notWitnessed(String)

    public var description: String {
        switch self {
        case let .configuration(path, reason): return "the replica configuration \(path) is unusable: \(reason)"
        case let .notAReplica(ledger):
            return "\(ledger) is not a replica (no \(ReplicaConfiguration.path(forLedger: ledger))); clone one with 'coop clone URL DIR'"
        case let .exists(path): return "\(path) already exists; clone into a new folder"
        case let .splitView(evidence, finding):
            return "the server forked the ledger (split view): \(finding). Nothing was pulled. The two signed checkpoints "
                + "are saved as evidence in \(evidence); anyone can check it with 'coop verify --evidence \(evidence)'"
        case let .inconsistent(reason): return "the server's answer does not match its own checkpoint: \(reason); nothing was pulled"
        case let .untrusted(reason): return reason
        case let .notWitnessed(reason):
            return "not witnessed: \(reason); nothing was pulled. Try again once the witnesses have cosigned, or pass --allow-unwitnessed to accept it"
        }
    }
}

/// What a pull did.
public struct PullReport: Sendable {
    /// Tree sizes before and after.
    public let from: UInt64
    public let to: UInt64
    /// True when the remote's checkpoint was older than the one held (nothing to pull).
    public let remoteBehind: Bool
    /// Why the checkpoint pulled is not witnessed, when it was accepted anyway.
    public var notWitnessed: String? = nil
}

/// A member's or auditor's replica of a remote ledger: a ledger file whose entries are the
/// remote's, each checked as `verify` checks it, and whose checkpoints are the remote's, each
/// consistent with every one held before.
public struct Replica: Sendable {
    public let ledgerPath: String
    public let configuration: ReplicaConfiguration
    public let client: RemoteClient
    /// Entries fetched and applied per transaction.
    static let applyBatch = 4096
    /// Bundles fetched at once.
    static let fetchWindow = 8

    public init(ledgerPath: String, configuration: ReplicaConfiguration, readKey: any Ed25519Signer) {
        self.ledgerPath = ledgerPath
        self.configuration = configuration
        self.client = RemoteClient(url: configuration.url, readKey: readKey)
    }

    /// Opens the replica of the ledger at `ledgerPath`.
    public static func open(ledgerPath: String, readKey: any Ed25519Signer) throws -> Replica {
        guard let config = try ReplicaConfiguration.load(forLedger: ledgerPath) else { throw ReplicaError.notAReplica(ledger: ledgerPath) }
        return Replica(ledgerPath: ledgerPath, configuration: config, readKey: readKey)
    }

    // MARK: clone

    /// Fetches the whole log from `url` into a new ledger file at `ledgerPath`, checking every
    /// entry and the checkpoint as `verify` does. `pinnedLedgerKey`: the ledger key the member
    /// was given out of band; without it the genesis entry's key is trusted on first use.
    public static func clone(
        url: String, ledgerPath: String, readKey: any Ed25519Signer, pinnedLedgerKey: String?, allowUnwitnessed: Bool = false
    ) async throws -> (Replica, size: UInt64, notWitnessed: String?) {
        for path in [ledgerPath, ReplicaConfiguration.path(forLedger: ledgerPath)] where FileManager.default.fileExists(atPath: path) {
            throw ReplicaError.exists(path: path)
        }
        let client = RemoteClient(url: url, readKey: readKey)
        let note = String(decoding: try await client.get(APIPaths.checkpoint), as: UTF8.self)
        let signed = try SignedCheckpoint.parse(note)
        let size = signed.checkpoint.size
        guard size > 0 else { throw ReplicaError.inconsistent("its checkpoint covers no entry") }
        let first = try await Self.leaves(client, from: 0, to: min(size, 256), treeSize: size)
        let genesis = try LogEntry(leaf: first[0])
        do {
            let ledger = try Ledger.createReplica(at: ledgerPath, genesis: genesis)
            let state = try ledger.state()
            if let pinnedLedgerKey, pinnedLedgerKey != state.ledgerKey {
                throw ReplicaError.untrusted(
                    "the remote's genesis names the ledger key \(state.ledgerKey), not the key you gave (\(pinnedLedgerKey)): this is not your cooperative's ledger"
                )
            }
            let config = ReplicaConfiguration(url: client.url, origin: state.origin, ledgerKey: state.ledgerKey)
            let replica = Replica(ledgerPath: ledgerPath, configuration: config, readKey: readKey)
            _ = try Checkpoints.open(note, keyText: config.ledgerKey, origin: config.origin)
            let shortfall = try await replica.extend(
                ledger, to: note, size: size, prefetched: Array(first.dropFirst()), held: nil, allowUnwitnessed: allowUnwitnessed)
            try config.save(forLedger: ledgerPath)
            return (replica, size, shortfall)
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledgerPath + suffix) }
            throw error
        }
    }

    // MARK: pull

    /// Fetches the remote's newest checkpoint and the entries it adds, refusing a checkpoint
    /// that is not consistent with the one held (and saving the evidence), then checks the new
    /// entries incrementally and keeps the checkpoint.
    ///
    /// The checkpoint must meet the witness policy of the bylaws in force in the replica (k
    /// cosignatures of the witnesses they name) unless `allowUnwitnessed`; then the report says
    /// why it is not witnessed.
    public func pull(allowUnwitnessed: Bool = false) async throws -> PullReport {
        let ledger = try Ledger.open(at: ledgerPath)
        let note = String(decoding: try await client.get(APIPaths.checkpoint), as: UTF8.self)
        let presented = try open(note)
        let size = try ledger.store.size()
        guard let heldCheckpoint = try ledger.latestCheckpoint() else {
            throw ReplicaError.untrusted("the replica holds no checkpoint; clone it again")
        }
        let held = try open(heldCheckpoint.note)
        if presented.size <= size {
            // Nothing new: the remote's tree must be a prefix of (or equal to) ours.
            guard try ledger.root(size: presented.size) != presented.root else {
                // Nothing to take from it; it must still meet the policy (judged at its size: the
                // replica holds those entries, so its state there is the one in force).
                let shortfall = try ledger.state(atSize: presented.size).witnessShortfall(note)
                if let shortfall, !allowUnwitnessed { throw ReplicaError.notWitnessed(shortfall) }
                return PullReport(from: size, to: size, remoteBehind: presented.size < held.size, notWitnessed: shortfall)
            }
            guard presented.size <= held.size else {
                throw ReplicaError.inconsistent("its checkpoint of size \(presented.size) does not match the entries held here")
            }
            let path = presented.size == held.size ? [] : try ownPath(ledger, from: presented.size, to: held.size)
            throw try evidence(held: heldCheckpoint.note, presented: note, path: path)
        }
        let shortfall = try await extend(
            ledger, to: note, size: presented.size, prefetched: [], held: (heldCheckpoint.note, held), allowUnwitnessed: allowUnwitnessed)
        return PullReport(from: size, to: presented.size, remoteBehind: false, notWitnessed: shortfall)
    }

    /// Posts entries signed here and waits for a checkpoint that covers them; retried safely
    /// (the server answers a repeated post with the first one's entries).
    public func post(_ entries: [SignedEntry], attempts: Int = 5) async throws -> PostResponse {
        var delay: UInt64 = 200_000_000
        for attempt in 1...attempts {
            do {
                return try await client.post(entries, waitForCheckpoint: true)
            } catch let e as RemoteError where e.isRetryable && attempt < attempts {
                try await Task.sleep(nanoseconds: delay)
                delay *= 2
            }
        }
        return try await client.post(entries, waitForCheckpoint: true)
    }

    // MARK: steps

    private func open(_ note: String) throws -> Checkpoints.Opened {
        do {
            return try Checkpoints.open(note, keyText: configuration.ledgerKey, origin: configuration.origin)
        } catch {
            throw ReplicaError.untrusted("the remote's checkpoint does not verify under the ledger key this replica trusts: \(error)")
        }
    }

    /// Appends the entries from the ledger's size up to `size`, after checking that they lead
    /// to the checkpoint's root and that the checkpoint meets the witness policy of the bylaws
    /// in force at its size (those entries may amend it) unless `allowUnwitnessed`; then keeps
    /// the checkpoint. Returns why it is not witnessed, when it is not.
    private func extend(
        _ ledger: Ledger, to note: String, size: UInt64, prefetched: [[UInt8]], held: (note: String, opened: Checkpoints.Opened)?,
        allowUnwitnessed: Bool
    ) async throws -> String? {
        let start = try ledger.store.size()
        let target = try open(note)
        var leaves = prefetched
        let fetchFrom = start + UInt64(leaves.count)
        if fetchFrom < size { leaves += try await Self.leaves(client, from: fetchFrom, to: size, treeSize: size) }
        let hashes = leaves.map { Merkle.leafHash($0) }
        let (_, root) = try ledger.root(appending: hashes)
        guard root == target.root else {
            if let held { throw try await forkOrBadData(held: held, presented: note, target: target) }
            throw ReplicaError.inconsistent("the entries it served do not hash to its checkpoint's root")
        }
        var logged: [LogEntry] = []
        logged.reserveCapacity(leaves.count)
        for (i, leaf) in leaves.enumerated() {
            do {
                logged.append(try LogEntry(leaf: leaf))
            } catch let e as LedgerError {
                throw e.at(start + UInt64(i))
            }
        }
        // Judged before anything is kept: an appended entry cannot be taken back.
        let shortfall = try ledger.state(appending: logged).witnessShortfall(note)
        if let shortfall, !allowUnwitnessed { throw ReplicaError.notWitnessed(shortfall) }
        var next = logged[...]
        while !next.isEmpty {
            try ledger.replicate(Array(next.prefix(Self.applyBatch)))
            next = next.dropFirst(Self.applyBatch)
        }
        try ledger.accept(checkpoint: note)
        return shortfall
    }

    /// The entries did not lead to the presented root: a fork if the remote's own tiles lead to
    /// it and imply another root for the size held; otherwise the remote served bad data.
    private func forkOrBadData(held: (note: String, opened: Checkpoints.Opened), presented note: String, target: Checkpoints.Opened) async throws
        -> ReplicaError
    {
        let m = held.opened.size
        let n = target.size
        var tiles = try TileID.tilesForConsistencyProof(from: m, to: n)
        if m & (m - 1) == 0 { tiles.append(try TileID.containing(nodeLevel: m.trailingZeroBitCount, index: 0, treeSize: n)) }
        var set = TileSet(treeSize: n)
        for tile in Set(tiles) { try set.add(tile, bytes: try await client.get(tile.path)) }
        let path = try ConsistencyPath.make(from: m, to: n, source: set)
        guard let roots = ConsistencyPath.impliedRoots(from: m, to: n, path: path), roots.new == target.root else {
            return .inconsistent("neither its entries nor its tiles lead to the root of its checkpoint of size \(n)")
        }
        guard roots.old != held.opened.root else {
            return .inconsistent("its tiles extend the checkpoint held here, but its entries do not hash to them")
        }
        return try evidence(held: held.note, presented: note, path: path)
    }

    /// The consistency path between two sizes of this replica's own tree.
    private func ownPath(_ ledger: Ledger, from m: UInt64, to n: UInt64) throws -> [SHA256Digest] {
        let proof = try ledger.consistencyProof(from: m, to: n).proof
        return m & (m - 1) == 0 ? [try ledger.root(size: m)] + proof : proof
    }

    /// Writes the evidence file and returns the error that names it.
    private func evidence(held: String, presented: String, path: [SHA256Digest]) throws -> ReplicaError {
        let evidence = SplitViewEvidence(
            origin: configuration.origin, ledgerKey: configuration.ledgerKey, held: held, presented: presented, path: path)
        let finding = try evidence.check(trustedKey: configuration.ledgerKey)
        let folder = configuration.evidenceFolder ?? URL(fileURLWithPath: ledgerPath).deletingLastPathComponent().path
        let stamp = Int64(Date().timeIntervalSince1970)
        let file = URL(fileURLWithPath: folder).appendingPathComponent("split-view-\(stamp).json").path
        guard FileManager.default.createFile(atPath: file, contents: Data(try evidence.json())) else {
            throw ReplicaError.configuration(path: file, reason: "cannot write the split-view evidence there")
        }
        return .splitView(evidence: file, finding: finding.description)
    }

    /// The leaves `[from, to)` of a tree of `treeSize`, from coop's bundles, fetched
    /// `fetchWindow` at a time.
    static func leaves(_ client: RemoteClient, from: UInt64, to: UInt64, treeSize: UInt64) async throws -> [[UInt8]] {
        let bundles = try EntryBundleID.bundles(from: from, to: to)
        var out: [[UInt8]] = []
        var next = bundles[...]
        while !next.isEmpty {
            let window = Array(next.prefix(fetchWindow))
            next = next.dropFirst(fetchWindow)
            let fetched = try await withThrowingTaskGroup(of: (Int, [[UInt8]]).self) { group in
                for (i, bundle) in window.enumerated() {
                    group.addTask {
                        let bytes = try await client.get(CoopEntryBundle.path(bundle))
                        do {
                            return (i, try CoopEntryBundle.leaves(bytes, count: bundle.width))
                        } catch {
                            throw ReplicaError.inconsistent("its bundle \(CoopEntryBundle.path(bundle)) is malformed: \(error)")
                        }
                    }
                }
                var parts = [[[UInt8]]](repeating: [], count: window.count)
                for try await (i, leaves) in group { parts[i] = leaves }
                return parts
            }
            for (bundle, leaves) in zip(window, fetched) {
                let range = bundle.entries
                out += leaves.enumerated().filter { range.lowerBound + UInt64($0.offset) >= from }.map(\.element)
            }
        }
        return out
    }
}
