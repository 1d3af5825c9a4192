import CoopCrypto
import CoopModel

extension LedgerState {
    /// Judges `entry` at position `index` and, when every rule holds, applies it.
    ///
    /// The generic rules: only entry 0 is the genesis; the entry names this ledger; it extends its
    /// author's chain by exactly one (seq and prev); its claimed time does not go backwards for
    /// that author; it is signed with the author's key in force. Then the type's own handler.
    /// On failure the state is unchanged and the error names the entry.
    public mutating func apply(_ entry: DecodedEntry, index: UInt64, catalog: EntryCatalog) throws {
        do {
            try applyUnindexed(entry, index: index, catalog: catalog)
        } catch let error as LedgerError {
            throw error.at(index)
        }
    }

    private mutating func applyUnindexed(_ entry: DecodedEntry, index: UInt64, catalog: EntryCatalog) throws {
        let s = entry.statement
        guard index == size else {
            throw LedgerError.chainBroken(index: nil, author: s.author.description,
                                          reason: "entry is at position \(index) but the ledger has \(size) entries")
        }
        guard (index == 0) == (s.type == .genesis) else { throw LedgerError.genesisMisplaced(index: nil) }
        if let ledgerID, s.ledger != ledgerID {
            throw LedgerError.wrongLedger(index: nil, expected: ledgerID.text, found: s.ledger.text)
        }
        let head = heads[s.author]
        let expectedSeq = (head?.seq ?? 0) + 1
        guard s.seq == expectedSeq else {
            let reason = s.seq < expectedSeq
                ? "seq \(s.seq) was already used (replayed entry?); next is \(expectedSeq)"
                : "seq \(s.seq) skips ahead; next is \(expectedSeq) (an entry is missing)"
            throw LedgerError.chainBroken(index: nil, author: s.author.description, reason: reason)
        }
        guard s.prev == head?.hash else {
            throw LedgerError.chainBroken(index: nil, author: s.author.description,
                                          reason: "prev does not name the author's previous entry")
        }
        if let head, s.time < head.time {
            throw LedgerError.timeWentBackwards(index: nil, author: s.author.description,
                                                previous: head.time.description, claimed: s.time.description)
        }
        if s.type != .genesis {
            let author = try member(s.author)
            guard let current = author.key else {
                throw LedgerError.keyNotInForce(index: nil, author: s.author.description,
                                                reason: "their key was revoked and no replacement installed")
            }
            guard current == s.key else {
                let why = keyOwners[s.key] == s.author ? "it was rotated out or revoked" : "it is not their key"
                throw LedgerError.keyNotInForce(index: nil, author: s.author.description, reason: why)
            }
        }
        guard let handler = catalog.handler(for: s.type) else {
            throw LedgerError.unknownEntryType(index: nil, type: s.type.rawValue)
        }
        try handler.apply(entry, index: index, to: &self)
        heads[s.author] = AuthorHead(seq: s.seq, hash: entry.hash, time: s.time)
        size = index + 1
    }

    /// Installs `key` for `member`, refusing a key any member ever held.
    mutating func install(key: Ed25519.PublicKey, for member: MemberID) {
        keyOwners[key] = member
        members[member]?.key = key
    }

    /// Throws unless `key` is new to this ledger.
    func requireFresh(_ key: Ed25519.PublicKey) throws {
        if let owner = keyOwners[key] {
            throw LedgerError.invalidBody(index: nil, type: "key", reason: "key \(key.text) already belongs to \(owner); keys are never reused")
        }
    }
}
