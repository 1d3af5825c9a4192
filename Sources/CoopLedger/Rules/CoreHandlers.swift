import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// `ledger.genesis`: names the cooperative, pins the bylaws hash and the checkpoint key, and
/// seats the founders (the first founder signs it with their key).
struct GenesisHandler: EntryHandler {
    let type = EntryType.genesis

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(GenesisBody.self)
        try entry.requireLabel(body.name, "name")
        let bylaws = body.bylaws
        guard body.origin == Ledger.origin(for: s.ledger) else {
            throw entry.refuse(.field, field: "origin", "\"origin\" must be \(Ledger.origin(for: s.ledger))")
        }
        guard (try? Checkpoints.verifierKey(body.ledgerKey, origin: body.origin)) != nil else {
            throw entry.refuse(.field, field: "ledger_key", "\"ledger_key\" is not a note verifier key named \(body.origin)")
        }
        let firstFounder = "the genesis is signed by the first founder, m1"
        guard !body.founders.isEmpty else { throw entry.refuse(.field, field: "founders", firstFounder) }
        guard s.author.number == 1 else { throw entry.refuse(.unauthorized, firstFounder) }
        var keys = Set<Ed25519.PublicKey>()
        var founders: [(id: MemberID, body: FounderBody)] = []
        for (i, f) in body.founders.enumerated() {
            guard let id = MemberID(number: Int64(i + 1)) else { throw entry.refuse(.field, field: "founders", "too many founders") }
            guard keys.insert(f.key).inserted else {
                throw entry.refuse(.keyReused, field: "founders[\(i)].key", "founder \(id) needs a distinct Ed25519 key")
            }
            try entry.requireLabel(f.name, "founders[\(i)].name")
            founders.append((id, f))
        }
        guard founders[0].body.key == s.key else {
            throw entry.refuse(.keyNotInForce, field: "founders[0].key", "the genesis must be signed with the first founder's key")
        }
        guard body.founders.contains(where: { $0.roles.contains(.secretary) }) else {
            throw entry.refuse(
                .lastSecretary, field: "founders",
                "some founder must hold the secretary role (or no one could admit members)")
        }
        var next = state
        if let files = body.bylawsFiles {
            let read: Bylaws
            do {
                read = try BylawsReader.read(files)
            } catch {
                throw entry.refuse(.bylaws, field: "bylaws_files", "\"bylaws_files\" do not read as bylaws: \(error)")
            }
            guard read.version == bylaws else {
                throw entry.refuse(
                    .bylaws, field: "bylaws_files",
                    "\"bylaws_files\" hash to \(read.version.hex), not the pinned \(bylaws.hex)")
            }
            next.adopt(read, index: index, date: entry.time.date)
        }
        var terms: [MembershipTerms] = []
        for (i, f) in body.founders.enumerated() {
            terms.append(try next.terms(class: f.memberClass, tier: f.tier, own: f.duesAmount, for: entry, fields: "founders[\(i)]."))
        }
        state = next
        state.ledgerID = s.ledger
        state.name = body.name
        state.origin = body.origin
        state.ledgerKey = body.ledgerKey
        state.bylawsHash = bylaws
        for ((id, f), t) in zip(founders, terms) {
            state.members[id] = MemberRecord(
                id: id, name: f.name, key: f.key, roles: Set(f.roles),
                admittedAt: index, admittedOn: entry.time.date,
                memberClass: t.memberClass, tier: t.tier)
            state.keyOwners[f.key] = id
            state.openDuesAccount(for: id, terms: t, month: YearMonth(entry.time.date), index: index)
            state.consentByMembership(id, admittedAt: index, on: entry.time.date)
        }
        state.nextMemberNumber = Int64(founders.count + 1)
    }
}

/// `member.admit`: the secretary admits the next member with their public key.
struct AdmitHandler: EntryHandler {
    let type = EntryType.memberAdmit

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .memberAdmit, fallback: [.secretary])
        let body = try entry.body(AdmitBody.self)
        guard let id = MemberID(number: state.nextMemberNumber) else { throw entry.refuse(.invalid, "no member number is left") }
        try entry.requireLabel(body.name, "name")
        try entry.requireLabel(body.memberClass, "class")
        try entry.requireLabel(body.tier, "tier")
        let key = body.key
        try state.requireFresh(key, field: "key")
        let admitted = try state.effectiveDate(body.effective, for: entry)
        let terms = try state.terms(class: body.memberClass, tier: body.tier, own: body.duesAmount, for: entry)
        state.members[id] = MemberRecord(
            id: id, name: body.name, key: key, roles: [], admittedAt: index,
            admittedOn: admitted, memberClass: terms.memberClass, tier: terms.tier)
        state.keyOwners[key] = id
        state.openDuesAccount(for: id, terms: terms, month: YearMonth(admitted), index: index)
        state.consentByMembership(id, admittedAt: index, on: admitted)
        state.nextMemberNumber += 1
    }
}

/// `role.grant`: the secretary gives an active member an officer role.
struct RoleGrantHandler: EntryHandler {
    let type = EntryType.roleGrant

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .roleGrant, fallback: [.secretary])
        let body = try entry.body(RoleBody.self)
        let target = try state.member(body.member, field: "member")
        guard target.status == .active else { throw entry.refuse(.status, field: "member", "\(body.member) is \(target.status.rawValue)") }
        guard !target.roles.contains(body.role) else {
            throw entry.refuse(.duplicate, field: "role", "\(body.member) already holds \(body.role)")
        }
        state.members[body.member]?.roles.insert(body.role)
    }
}

/// `role.revoke`: the secretary takes a role away; the last secretary cannot be removed.
struct RoleRevokeHandler: EntryHandler {
    let type = EntryType.roleRevoke

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .roleRevoke, fallback: [.secretary])
        let body = try entry.body(RoleBody.self)
        let target = try state.member(body.member, field: "member")
        guard target.roles.contains(body.role) else {
            throw entry.refuse(.nothingPending, field: "role", "\(body.member) does not hold \(body.role)")
        }
        if body.role == .secretary && state.isLastActiveSecretary(target) {
            throw entry.refuse(.lastSecretary, field: "role", "\(body.member) is the only secretary; grant the role to someone else first")
        }
        state.members[body.member]?.roles.remove(body.role)
    }
}

/// `key.rotate`: a member replaces their key; the entry is signed with the old one.
struct KeyRotateHandler: EntryHandler {
    let type = EntryType.keyRotate

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let key = try entry.body(KeyRotateBody.self).newKey
        try state.requireFresh(key, field: "new_key")
        state.install(key: key, for: entry.statement.author)
        // The member holds their key after all: an officer's pending recovery of it ends.
        state.pendingRecoveries[entry.statement.author] = nil
    }
}

/// `key.revoke`: an officer revokes a member's key, and may name a replacement (recovery of a
/// lost key). Dual control: the bylaws' `controls.countersign` (by default) make a second officer
/// countersign it; a replacement comes into force only after `controls.key_recovery_days` (by
/// default 7), while the member's current key stays in force and may cancel it.
struct KeyRevokeHandler: EntryHandler {
    let type = EntryType.keyRevoke

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .keyRevoke, fallback: [.secretary])
        let body = try entry.body(KeyRevokeBody.self)
        try entry.requireLabel(body.reason, "reason")
        _ = try state.member(body.member, field: "member")
        guard let key = body.newKey else {
            state.members[body.member]?.key = nil
            // A revocation without a replacement leaves the member with no key at all: a recovery
            // an officer started earlier must not install one later behind this decision.
            state.pendingRecoveries[body.member] = nil
            return
        }
        try state.requireFresh(key, field: "new_key")
        let days = Int64(state.controls.keyRecoveryDays)
        guard days > 0 else {
            state.install(key: key, for: body.member)
            state.members[body.member]?.recoveredAt = index
            return
        }
        // The key is claimed now (no one else may ever use it) but is in force only later.
        state.keyOwners[key] = body.member
        state.pendingRecoveries[body.member] = KeyRecovery(
            index: index, key: key, effectiveAt: Timestamp(secondsSinceEpoch: entry.time.secondsSinceEpoch + days * 86_400))
    }
}

/// `key.cancel-recovery`: a member whose key an officer is replacing stops it, signing with the
/// key still in force (it was not lost after all, or the recovery was not theirs to ask for).
struct KeyCancelRecoveryHandler: EntryHandler {
    let type = EntryType.keyCancelRecovery

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let author = entry.statement.author
        let body = try entry.body(KeyCancelRecoveryBody.self)
        try entry.requireLabel(body.reason, "reason")
        guard let pending = state.pendingRecoveries[author] else {
            throw entry.refuse(.nothingPending, "no key recovery is pending for \(author); there is nothing to cancel")
        }
        state.pendingRecoveries[author] = nil
        _ = pending  // its key stays claimed in `keyOwners`: a key is never used twice
    }
}

/// `note`: a free-text statement by any active member (minutes, attestations).
struct NoteHandler: EntryHandler {
    let type = EntryType.note

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let author = try state.member(entry.statement.author)
        guard author.status == .active else {
            throw LedgerError.unauthorized(
                index: nil, author: author.id.description, type: type.rawValue,
                reason: "the author is \(author.status.rawValue)")
        }
        // Read directly rather than through Codable: notes are the most common entry, and this
        // runs once per entry in every verification.
        guard case let .object(fields) = entry.statement.body else { throw entry.refuse(.field, "the body is not an object") }
        try entry.requireOnly(NoteBody.fields, in: fields)
        try entry.requireNoNull(entry.statement.body)
        guard let text = fields["text"]?.stringValue else {
            throw entry.refuse(.field, field: "text", "\"text\" must hold 1 to 65536 bytes of text")
        }
        try entry.requireText(text, "text")
        if let subject = fields["subject"] {
            guard let subject = subject.stringValue else { throw entry.refuse(.field, field: "subject", "\"subject\" must be a string") }
            try entry.requireLabel(subject, "subject")
        }
    }
}
