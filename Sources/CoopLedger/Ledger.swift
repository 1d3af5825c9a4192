import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import CoopTlog
import GRDB

/// A ledger open for reading and appending: the store, the rules, and the clock.
///
/// Every append runs in one IMMEDIATE transaction that reads the head, composes the author's
/// next statement (seq, prev), signs it, judges it exactly as `verify` would, and writes the
/// entry with its new tree nodes. Nothing is half-written: a refused entry leaves no trace.
public final class Ledger {
    public let store: LedgerStore
    public let catalog: EntryCatalog
    public let clock: any LedgerClock
    /// A snapshot of the state is kept every this many entries at least, so opening a large
    /// ledger replays few entries.
    public static let snapshotInterval: UInt64 = 1024

    /// Entries between snapshots for `state`: at least `snapshotInterval`, and at least four per
    /// member. A snapshot's size grows with the membership (every member's record, dues, capital
    /// account: about 290 bytes a member), so spacing them by the membership keeps the cost per
    /// appended entry constant (a fixed spacing made bulk appends to a large cooperative
    /// quadratic). Four entries a member (an entry is about 400 bytes) make a snapshot a fifth
    /// of the bytes appended since the last one: at one a member, encoding snapshots took a
    /// third as much time as the writing thread and bulk appends ran 0.68 of raw verify, at four
    /// 0.88 (`coop-bench`, 1,000 members). Opening replays at most that many entries
    /// (`coop-bench` reports the farthest case).
    static func snapshotSpacing(for state: LedgerState) -> UInt64 {
        max(snapshotInterval, 4 * UInt64(state.members.count))
    }

    /// How many entries opening this ledger replays after its newest state snapshot, and the
    /// spacing at which the next snapshot is written (for diagnostics: `coop-bench`).
    /// A snapshot still being encoded counts: it is written by the next append, by
    /// `finishSnapshot()`, or when this ledger is released.
    public func snapshotDistance() throws -> (entries: UInt64, spacing: UInt64) {
        try store.read { db in
            let state = try loadHead(db).state
            let newest = max(try LedgerStore.newestSnapshotSize(db), pendingSnapshot?.size ?? 0)
            return (state.size - min(state.size, newest), Self.snapshotSpacing(for: state))
        }
    }

    /// Waits for the snapshot an append left encoding, if any, and writes it.
    public func finishSnapshot() throws {
        guard let pending = pendingSnapshot else { return }
        pendingSnapshot = nil
        _ = try? pending.bytes.value()  // waited for outside the write lock
        try store.write { try Self.insert(pending, $0) }
    }

    /// Writes a snapshot once encoded (waiting for it). One whose encoding failed is left out:
    /// a snapshot is a cache, and opening replays the entries instead (the state's encoding is
    /// checked on its own by every checkpoint and `verify`).
    private static func insert(_ snapshot: EncodingSnapshot, _ db: Database) throws {
        guard let bytes = try? snapshot.bytes.value() else { return }
        try LedgerStore.insertSnapshot(size: snapshot.size, state: bytes, db)
    }

    deinit {
        // A snapshot is a cache: if it cannot be written, opening replays more entries.
        try? finishSnapshot()
    }

    private var head: (state: LedgerState, tree: MerkleAccumulator)?

    /// A state snapshot still being encoded when its append committed: at 100,000 members one
    /// takes seconds, and the append that crossed the spacing would have waited for it. It is
    /// written by the next append's transaction, or by `finishSnapshot()` (and on release).
    private var pendingSnapshot: EncodingSnapshot?

    /// A state snapshot of the ledger at `size` entries, being encoded on another core.
    typealias EncodingSnapshot = (size: UInt64, bytes: Completion<[UInt8]>)

    /// Tests: leave the last snapshot an append starts pending even when it is ready, so the
    /// paths that write it later are taken whatever the timing.
    var leavesLastSnapshotPending = false

    init(store: LedgerStore, catalog: EntryCatalog, clock: any LedgerClock) {
        self.store = store
        self.catalog = catalog
        self.clock = clock
    }

    /// Opens an existing ledger; `busyTimeout` (seconds) is how long an append waits for
    /// another writer before failing with `LedgerError.busy`.
    public static func open(
        at path: String, readOnly: Bool = false, catalog: EntryCatalog = .cooperative,
        clock: any LedgerClock = SystemClock(),
        busyTimeout: Double = LedgerStore.busyTimeout
    ) throws -> Ledger {
        Ledger(
            store: try LedgerStore.open(at: path, readOnly: readOnly, busyTimeout: busyTimeout),
            catalog: catalog, clock: clock)
    }

    /// The replayed state at the head of the ledger.
    public func state() throws -> LedgerState { try store.read { try loadHead($0).state } }

    /// The head state and tree, from the cache when no one else appended, otherwise from the
    /// newest snapshot plus the entries after it.
    func loadHead(_ db: Database) throws -> (state: LedgerState, tree: MerkleAccumulator) {
        let size = try LedgerStore.size(db)
        if let head, head.state.size == size { return head }
        var state = LedgerState()
        if let cached = head, cached.state.size < size { state = cached.state }
        // A snapshot written by another state schema is skipped: replaying costs time, not truth.
        if let snap = try LedgerStore.snapshot(atMost: size, db), snap.size > state.size,
            let restored = try? LedgerState(snapshotBytes: snap.bytes)
        {
            state = restored
        }
        try replay(db, into: &state)
        let tree = try StoredNodes(db: db).accumulator(size: size)
        let loaded = (state, tree)
        head = loaded
        return loaded
    }

    /// The head (size, root and state) and every entry up to it, streamed to `body` in order,
    /// all read in one transaction: one consistent moment, for exports.
    public func readHead(streaming body: (StoredEntry) throws -> Void) throws -> (size: UInt64, root: SHA256Digest, state: LedgerState) {
        try store.read { db in
            let head = try loadHead(db)
            let cursor = try LedgerStore.rows(db, from: 0)
            while let stored = try cursor.next(), stored.index < head.tree.size { try body(stored) }
            return (head.tree.size, head.tree.root(), head.state)
        }
    }

    /// Applies the stored entries after `state` to it, in order, while `include` accepts them.
    ///
    /// Rows in the file passed every check when they were appended; re-proving their signatures
    /// on every open would cost most of an interactive append. Distrusting the file is
    /// `verify`'s job, and it checks everything.
    func replay(
        _ db: Database, into state: inout LedgerState,
        while include: (DecodedEntry) -> Bool = { _ in true }
    ) throws {
        let cursor = try LedgerStore.rows(db, from: state.size)
        while let stored = try cursor.next() {
            let decoded: DecodedEntry
            do {
                decoded = try stored.entry.decode(checkSignature: false)
            } catch let e as LedgerError {
                throw e.at(stored.index)
            }
            guard include(decoded) else { return }
            try state.apply(decoded, index: stored.index, catalog: catalog)
        }
    }

    /// One statement to sign and append: its type and body, the author and their key, and the
    /// countersigners it names (their signatures are added later, with `coop countersign`).
    public struct Draft: Sendable {
        public var type: EntryType
        public var body: JSONValue
        public var author: MemberID
        /// Signs the statement: a private key here, or a key `coop agent` holds.
        public var key: any Ed25519Signer
        public var countersigners: [Countersigner]

        public init(
            type: EntryType, body: JSONValue, author: MemberID, key: any Ed25519Signer,
            countersigners: [Countersigner] = []
        ) {
            self.type = type
            self.body = body
            self.author = author
            self.key = key
            self.countersigners = countersigners
        }

        /// A draft of a typed body for `type`.
        public init<B: EntryBody>(
            _ type: EntryType, _ body: B, author: MemberID, key: any Ed25519Signer,
            countersigners: [Countersigner] = []
        ) throws {
            self.init(type: type, body: try body.json(), author: author, key: key, countersigners: countersigners)
        }

        /// A draft of a body that belongs to one entry type.
        public init<B: SingleTypeBody>(
            _ body: B, author: MemberID, key: any Ed25519Signer,
            countersigners: [Countersigner] = []
        ) throws {
            try self.init(B.entryType, body, author: author, key: key, countersigners: countersigners)
        }
    }

    /// Appends a typed body of one entry type as `author`, signed with `key`.
    @discardableResult
    public func append<B: SingleTypeBody>(_ body: B, by author: MemberID, key: any Ed25519Signer) throws -> Appended {
        try append([try Draft(body, author: author, key: key)])[0]
    }

    /// Appends a typed body for `type` (a body several types share) as `author`.
    @discardableResult
    public func append<B: EntryBody>(_ type: EntryType, _ body: B, by author: MemberID, key: any Ed25519Signer) throws -> Appended {
        try append([try Draft(type, body, author: author, key: key)])[0]
    }

    /// Appends drafts in one transaction (all or none), each composed against the state its
    /// predecessors leave; what each one assigned (a member id, a motion id) comes back with it.
    public func append(_ drafts: [Draft]) throws -> [Appended] {
        let stored = try commit(selfSigned: true) { state in composing(drafts, ledgerID: state.ledgerID, heads: state.heads) }
        // Admissions and proposals take the next numbers in order: count back from the head's.
        var nextMember = head?.state.nextMemberNumber ?? 1
        var nextMotion = head?.state.governance.nextMotionNumber ?? 1
        var result: [Appended] = []
        for (draft, entry) in zip(drafts, stored).reversed() {
            var member: MemberID?, motion: MotionID?
            if draft.type == .memberAdmit {
                nextMember -= 1
                member = MemberID(number: nextMember)
            } else if draft.type == .motionPropose {
                nextMotion -= 1
                motion = MotionID(number: nextMotion)
            }
            result.append(Appended(stored: entry, member: member, motion: motion))
        }
        return result.reversed()
    }

    /// Appends a new statement by `author`, signed with `key`, and returns its index and entry.
    @discardableResult
    public func append(type: EntryType, body: JSONValue, author: MemberID, key: Ed25519.PrivateKey) throws -> StoredEntry {
        try appendAll([(type, body, author, key)])[0]
    }

    /// Appends several statements in one transaction (all or none); each is composed against
    /// the state its predecessors leave, so one author may appear many times.
    public func appendAll(_ items: [(type: EntryType, body: JSONValue, author: MemberID, key: Ed25519.PrivateKey)]) throws -> [StoredEntry] {
        try append(items.map { Draft(type: $0.type, body: $0.body, author: $0.author, key: $0.key) }).map(\.stored)
    }

    /// Judges `drafts` as `append` would, each against the state the accepted ones before it
    /// leave, and writes nothing: each draft's refusal, or nil where it would be accepted. For
    /// imports that list every bad row before writing any.
    ///
    /// Nothing is signed: no rule depends on a signature being valid (an append does not check
    /// its own entries' signatures either) and nothing composed here is kept, so each statement
    /// carries zeros where its signature would be. The entry hash a rule may read (a tie-break)
    /// covers the signature, but a dry run's hash was never the appended entry's: that one has
    /// its own ledger time and statement time. Before, a dry run of 100,000 rows signed them one
    /// at a time on one core (with a round trip to `coop agent` each when the key is there).
    public func check(_ drafts: [Draft]) throws -> [(any Error)?] {
        var state = try state()
        let time = try ledgerTime(after: state)
        let unsigned = try Ed25519.Signature(bytes: [UInt8](repeating: 0, count: 64))
        return drafts.map { draft in
            do {
                let tree = try compose(draft, ledgerID: state.ledgerID, head: state.heads[draft.author]).json
                let signed = SignedEntry(statementBytes: try Statement.canonicalBytes(of: tree), signatures: [unsigned])
                let decoded: DecodedEntry
                do {
                    decoded = try LogEntry(ledgerTime: time, signed: signed).decode(composedFrom: tree)
                } catch let e as LedgerError {
                    throw e.at(state.size)  // as `commit` names it
                }
                // In place: a refused entry leaves the state as it was (EntryHandler's contract).
                try state.apply(decoded, index: state.size, catalog: catalog)
                return nil
            } catch {
                return error
            }
        }
    }

    /// `check` for untyped items.
    public func check(_ items: [(type: EntryType, body: JSONValue, author: MemberID, key: Ed25519.PrivateKey)]) throws -> [(any Error)?] {
        try check(items.map { Draft(type: $0.type, body: $0.body, author: $0.author, key: $0.key) })
    }

    /// Signs statements against the current head without appending them (for `--out` files
    /// that are countersigned or submitted later): each author's statements chain on one another
    /// in order. They are refused at submission if their author appends meanwhile.
    public func prepare(_ drafts: [Draft]) throws -> [SignedEntry] {
        let state = try state()
        let batch = composing(drafts, ledgerID: state.ledgerID, heads: state.heads)
        let signed = Pipeline(count: batch.count, transform: batch.sign)
        defer { signed.drain() }
        try signed.supply(batch.produce)
        return try (0..<signed.count).map { try signed.element($0) }
    }

    /// Signs one statement by `author` against the current head without appending it.
    public func prepare(type: EntryType, body: JSONValue, author: MemberID, key: Ed25519.PrivateKey) throws -> SignedEntry {
        try prepare([Draft(type: type, body: body, author: author, key: key)])[0]
    }

    /// Each draft's statement, chained on its author's head (or on the author's previous draft),
    /// and how to sign one (on other cores). Statements chain on statement hashes, not on
    /// signatures, so they are composed here in order, chunk by chunk, while the chunks already
    /// composed are signed.
    func composing(_ drafts: [Draft], ledgerID: LedgerID?, heads: [MemberID: AuthorHead])
        -> Batch<(Draft, Statement, [UInt8])>
    {
        var heads = heads
        return Batch(
            count: drafts.count,
            produce: { range in
                try drafts[range].map { draft in
                    let statement = try self.compose(draft, ledgerID: ledgerID, head: heads[draft.author])
                    let bytes = try statement.canonicalBytes()
                    heads[draft.author] = AuthorHead(seq: statement.seq, hash: SHA256.hash(bytes))
                    return (draft, statement, bytes)
                }
            },
            sign: { item in
                KeysAhead.check(item.1.body)
                return try SignedEntry.sign(item.1, bytes: item.2, with: item.0.key)
            })
    }

    /// The author's next statement after `prior`: the next seq, the previous statement's hash,
    /// and the time the author's clock reads (a claim; the ledger gives the entry its own time).
    private func compose(_ draft: Draft, ledgerID: LedgerID?, head prior: AuthorHead?) throws -> Statement {
        guard let ledgerID else { throw LedgerError.storage("the ledger has no genesis entry") }
        return Statement(
            ledger: ledgerID, author: draft.author, key: draft.key.publicKey, seq: (prior?.seq ?? 0) + 1,
            prev: prior?.hash, time: clock.now(), type: draft.type, body: draft.body, countersigners: draft.countersigners)
    }

    /// Appends an entry signed elsewhere (an offline ballot, a countersigned act), after the
    /// checks `verify` makes.
    @discardableResult
    public func submit(_ entry: SignedEntry) throws -> StoredEntry {
        try submit([entry])[0]
    }

    /// Appends entries signed elsewhere, in order, in one transaction: all or none.
    @discardableResult
    public func submit(_ entries: [SignedEntry]) throws -> [StoredEntry] {
        try commit { _ in Batch(entries) { $0 } }
    }

    /// The ledger time the next entries get: the clock, never earlier than the last entry's.
    /// A clock more than `LedgerState.claimTolerance` behind the ledger is refused rather than
    /// papered over: it means the clock (or `COOP_TIME`) is wrong.
    func ledgerTime(after state: LedgerState) throws -> Timestamp {
        let now = clock.now()
        guard let last = state.ledgerTime else { return now }
        if now.secondsSinceEpoch + LedgerState.claimTolerance < last.secondsSinceEpoch {
            throw LedgerError.clockBehind(clock: now.description, ledgerTime: last.description)
        }
        return max(now, last)
    }

    /// The one write path: `make(state)` gives the signed entries to append on the head state
    /// (read inside the write transaction, so no other writer can move it), possibly still being
    /// signed on other cores; each gets the transaction's ledger time and is judged as `verify`
    /// would judge it, in order, then all are written in one transaction. The cached head
    /// changes only after the commit succeeded.
    ///
    /// `loggedTimes` (a replica copying another ledger) gives each entry the ledger time that
    /// ledger logged instead; the rules then judge those times as `verify` does.
    func commit<T: Sendable>(
        selfSigned: Bool = false, loggedTimes: [Timestamp]? = nil,
        make: (LedgerState) throws -> Batch<T>
    ) throws -> [StoredEntry] {
        let carried = pendingSnapshot
        let (result, newHead, stillEncoding) = try store.write {
            db -> ([StoredEntry], (LedgerState, MerkleAccumulator), EncodingSnapshot?) in
            var (state, tree) = try loadHead(db)
            let time = try loggedTimes == nil ? ledgerTime(after: state) : Timestamp(secondsSinceEpoch: 0)
            var lastSnapshot = max(try LedgerStore.newestSnapshotSize(db), carried?.size ?? 0)
            let batch = try make(state)
            let sign = batch.sign
            // Signing, or checking the signatures of entries signed elsewhere (and decoding
            // them), needs no state: it runs on other cores, ahead of the rules, which judge the
            // entries here in order. Checking costs twice signing, so it takes every core; an
            // entry signed here is decoded here (measured: decoding it on the signing core too
            // was 3% slower on 2 cores, the allocations crossing threads).
            let check = !selfSigned
            let entries = Pipeline(count: batch.count, workers: check ? .all : .allButOne) { (numbered: (offset: Int, element: T)) -> Prepared in
                let logged = LogEntry(ledgerTime: loggedTimes?[numbered.offset] ?? time, signed: try sign(numbered.element))
                guard check else { return Prepared(logged: logged, decoded: nil) }
                do {
                    return Prepared(logged: logged, decoded: .success(try logged.decode(checkSignature: true)))
                } catch let e as LedgerError {
                    return Prepared(logged: logged, decoded: .failure(e))
                }
            }
            defer { entries.drain() }
            // Entries composed here are signed from the first chunk on while the rest are composed.
            try entries.supply { range in zip(range, try batch.produce(range)).map { (offset: $0, element: $1) } }
            // A snapshot is encoded on another core while the rules go on: it was a third of
            // this thread's time at 1,000 members (a gain where a core is spare; on two busy
            // cores, neutral). At most one is in flight; they are written in order, starting
            // with the one the previous append left encoding.
            var snapshotting = carried
            var written: [StoredEntry] = []
            written.reserveCapacity(entries.count)
            for i in 0..<entries.count {
                let prepared = try entries.element(i)
                let index = state.size
                let decoded: DecodedEntry
                do {
                    decoded = try prepared.decoded?.get() ?? prepared.logged.decode(checkSignature: false)
                } catch let e as LedgerError {
                    throw e.at(index)
                }
                try state.apply(decoded, index: index, catalog: catalog)
                try LedgerStore.insert(decoded, at: index, db)
                try LedgerStore.insert(tree.append(decoded.hash), db)
                if state.size - lastSnapshot >= Self.snapshotSpacing(for: state) {
                    if let previous = snapshotting { try Self.insert(previous, db) }
                    let copy = state
                    snapshotting = (state.size, .running { try copy.canonicalBytes() })
                    lastSnapshot = state.size
                }
                written.append(StoredEntry(index: index, entry: prepared.logged))
            }
            // The last one is written now only if it is ready: the entries do not wait for it.
            if let last = snapshotting, last.bytes.isFulfilled, !leavesLastSnapshotPending || last.size == carried?.size {
                try Self.insert(last, db)
                snapshotting = nil
            }
            return (written, (state, tree), snapshotting)
        }
        head = newHead
        pendingSnapshot = stillEncoding
        return result
    }
}

/// What a commit appends: `count` inputs produced in order on the writing thread, a range at a
/// time (`produce`), and how to make each one a signed entry on other cores (`sign`).
struct Batch<T: Sendable> {
    let count: Int
    let produce: (Range<Int>) throws -> [T]
    let sign: @Sendable (T) throws -> SignedEntry
}

extension Batch {
    /// Inputs already at hand.
    init(_ items: [T], sign: @escaping @Sendable (T) throws -> SignedEntry) {
        self.init(count: items.count, produce: { Array(items[$0]) }, sign: sign)
    }
}

/// An entry on its way into the ledger: as logged (with its ledger time), and, for an entry
/// signed elsewhere, decoded with its signatures checked, or the reason it cannot be (named at
/// its index once the rules reach it).
struct Prepared: Sendable {
    let logged: LogEntry
    let decoded: Result<DecodedEntry, LedgerError>?
}
