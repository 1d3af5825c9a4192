import CoopBylaws
import CoopCrypto
import CoopModel

extension LedgerState {
    /// How far past the ledger time an author's claimed time may be (clocks drift; an offline
    /// entry claims an earlier time, which is fine and decides nothing).
    public static let claimTolerance: Int64 = 300

    /// Judges `entry` at position `index` and, when every rule holds, applies it.
    ///
    /// The generic rules: only entry 0 is the genesis; the entry names this ledger; its ledger
    /// time is not earlier than the previous entry's, and its author's claimed time is not later
    /// than its ledger time plus `claimTolerance`; it extends its author's chain by exactly one
    /// (seq and prev); it is signed with the author's key in force, and each countersigner's
    /// with theirs; it carries the countersignature the bylaws require of its type. Then the
    /// type's own handler. On failure the state is unchanged and the error names the entry.
    public mutating func apply(_ entry: DecodedEntry, index: UInt64, catalog: EntryCatalog) throws {
        do {
            if hasRecoveryDue(at: entry.time) {
                // Rare: a recovered key comes into force at this entry. Work on a copy, so a
                // refused entry leaves no trace.
                var next = self
                next.settleRecoveries(at: entry.time, index: index)
                try next.applyUnindexed(entry, index: index, catalog: catalog)
                self = next
            } else {
                try applyUnindexed(entry, index: index, catalog: catalog)
            }
        } catch let error as LedgerError {
            throw error.at(index)
        }
    }

    private mutating func applyUnindexed(_ entry: DecodedEntry, index: UInt64, catalog: EntryCatalog) throws {
        let s = entry.statement
        guard index == size else {
            throw LedgerError.chainBroken(
                index: nil, author: s.author.description,
                reason: "entry is at position \(index) but the ledger has \(size) entries")
        }
        guard (index == 0) == (s.type == .genesis) else { throw LedgerError.genesisMisplaced(index: nil) }
        if let ledgerID, s.ledger != ledgerID {
            throw LedgerError.wrongLedger(index: nil, expected: ledgerID.text, found: s.ledger.text)
        }
        if let last = ledgerTime, entry.time < last {
            throw LedgerError.ledgerTimeWentBackwards(index: nil, previous: last.description, found: entry.time.description)
        }
        guard s.time.secondsSinceEpoch <= entry.time.secondsSinceEpoch + Self.claimTolerance else {
            throw LedgerError.claimedTimeAhead(
                index: nil, author: s.author.description, claimed: s.time.description,
                ledgerTime: entry.time.description)
        }
        let head = heads[s.author]
        let expectedSeq = (head?.seq ?? 0) + 1
        guard s.seq == expectedSeq else {
            let reason =
                s.seq < expectedSeq
                ? "seq \(s.seq) was already used (replayed entry?); next is \(expectedSeq)"
                : "seq \(s.seq) skips ahead; next is \(expectedSeq) (an entry is missing)"
            throw LedgerError.chainBroken(index: nil, author: s.author.description, reason: reason)
        }
        guard s.prev == head?.hash else {
            throw LedgerError.chainBroken(
                index: nil, author: s.author.description,
                reason: "prev does not name the author's previous statement")
        }
        if s.type != .genesis {
            try requireKeyInForce(s.key, of: s.author)
            try requireCountersigners(of: s)
        } else if !s.countersigners.isEmpty {
            throw LedgerError.countersignature(index: nil, type: s.type.rawValue, reason: "the genesis has no countersigners")
        }
        guard let handler = catalog.handler(for: s.type) else {
            throw LedgerError.unknownEntryType(index: nil, type: s.type.rawValue)
        }
        try handler.apply(entry, index: index, to: &self)
        heads[s.author] = AuthorHead(seq: s.seq, hash: entry.statementHash)
        ledgerTime = entry.time
        size = index + 1
    }

    /// Throws `keyNotInForce` unless `key` is `id`'s key in force.
    private func requireKeyInForce(_ key: Ed25519.PublicKey, of id: MemberID) throws {
        let m = try member(id)
        guard let current = m.key else {
            throw LedgerError.keyNotInForce(
                index: nil, author: id.description,
                reason: "their key was revoked and no replacement installed")
        }
        guard current == key else {
            let why =
                keyOwners[key] == id
                ? (pendingRecoveries[id]?.key == key ? "it is a recovered key that is not in force yet" : "it was rotated out or revoked")
                : "it is not their key"
            throw LedgerError.keyNotInForce(index: nil, author: id.description, reason: why)
        }
    }

    /// The dual-control rules in force (the defaults without machine bylaws).
    public var controls: ControlRules { bylaws?.rules.controls ?? .defaults }

    /// Each countersigner is another active member signing with their key in force; a type the
    /// bylaws list under `controls.countersign` needs one holding a role listed there.
    private func requireCountersigners(of s: Statement) throws {
        for c in s.countersigners {
            let m = try member(c.member)
            guard m.status == .active else {
                throw LedgerError.countersignature(
                    index: nil, type: s.type.rawValue,
                    reason: "countersigner \(c.member) is \(m.status.rawValue)")
            }
            try requireKeyInForce(c.key, of: c.member)
        }
        guard let action = OfficerAction(rawValue: s.type.rawValue), let roles = controls.countersign[action] else { return }
        guard s.countersigners.contains(where: { members[$0.member].map { !$0.roles.isDisjoint(with: roles) } ?? false }) else {
            let needed = roles.sorted().map(\.rawValue).joined(separator: " or ")
            throw LedgerError.countersignature(
                index: nil, type: s.type.rawValue,
                reason:
                    "the bylaws require a second officer (\(needed)) to countersign it: sign it with --countersigner MEMBER --out FILE, "
                    + "have them run 'coop countersign FILE', then 'coop submit FILE'")
        }
    }

    /// Installs `key` for `member`, refusing a key any member ever held.
    mutating func install(key: Ed25519.PublicKey, for member: MemberID) {
        keyOwners[key] = member
        members[member]?.key = key
    }

    /// Throws `keyReused` unless `key` is new to this ledger; `field` names it in the body.
    func requireFresh(_ key: Ed25519.PublicKey, field: String) throws {
        if let owner = keyOwners[key] {
            throw LedgerError.invalidBody(
                index: nil, type: "key", reason: "key \(key.text) already belongs to \(owner); keys are never reused",
                code: .keyReused, field: field)
        }
    }
}
