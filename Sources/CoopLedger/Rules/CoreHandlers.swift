import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// `ledger.genesis`: names the cooperative, pins the bylaws hash and the checkpoint key, and
/// seats the founders (the first founder signs it with their key).
struct GenesisHandler: EntryHandler {
    let type = EntryType.genesis

    struct Founder: Codable {
        var id: MemberID
        var name: String
        var key: String
        var roles: [Role]
        var memberClass: String?
        var tier: String?
        var duesAmount: Money?
        enum CodingKeys: String, CodingKey {
            case id, name, key, roles, tier
            case memberClass = "class"
            case duesAmount = "dues_amount"
        }
    }

    struct Body: Codable {
        var name: String
        var origin: String
        var ledgerKey: String
        var bylaws: String
        var bylawsFiles: BylawsFiles?
        var founders: [Founder]
        enum CodingKeys: String, CodingKey {
            case name, origin, bylaws, founders
            case ledgerKey = "ledger_key"
            case bylawsFiles = "bylaws_files"
        }
    }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(Body.self, allowed: ["name", "origin", "ledger_key", "bylaws", "bylaws_files", "founders"])
        guard !body.name.isEmpty, body.name.count <= 200 else { throw entry.invalid("the cooperative needs a name (1-200 characters)") }
        guard let bylaws = SHA256Digest(hex: body.bylaws) else { throw entry.invalid("\"bylaws\" must be a SHA-256 hex digest") }
        guard body.origin == Ledger.origin(for: s.ledger) else {
            throw entry.invalid("\"origin\" must be \(Ledger.origin(for: s.ledger))")
        }
        guard (try? Checkpoints.verifierKey(body.ledgerKey, origin: body.origin)) != nil else {
            throw entry.invalid("\"ledger_key\" is not a note verifier key named \(body.origin)")
        }
        guard let first = body.founders.first, first.id == s.author else {
            throw entry.invalid("the first founder must be the author")
        }
        var keys = Set<Ed25519.PublicKey>()
        var founders: [(Founder, Ed25519.PublicKey)] = []
        for (i, f) in body.founders.enumerated() {
            guard f.id.number == Int64(i + 1) else { throw entry.invalid("founders must be m1, m2, ... in order") }
            guard let key = try? Ed25519.PublicKey(text: f.key), keys.insert(key).inserted else {
                throw entry.invalid("founder \(f.id) needs a distinct Ed25519 key")
            }
            guard !f.name.isEmpty else { throw entry.invalid("founder \(f.id) needs a name") }
            founders.append((f, key))
        }
        guard founders[0].1 == s.key else { throw entry.invalid("the genesis must be signed with the first founder's key") }
        guard body.founders.contains(where: { $0.roles.contains(.secretary) }) else {
            throw entry.invalid("some founder must hold the secretary role (or no one could admit members)")
        }
        var next = state
        if let files = body.bylawsFiles {
            let read: Bylaws
            do {
                read = try BylawsReader.read(files)
            } catch {
                throw entry.invalid("\"bylaws_files\" do not read as bylaws: \(error)")
            }
            guard read.version == bylaws else {
                throw entry.invalid("\"bylaws_files\" hash to \(read.version.hex), not the pinned \(bylaws.hex)")
            }
            next.adopt(read, index: index, date: s.time.date)
        }
        var terms: [MembershipTerms] = []
        for f in body.founders {
            terms.append(try next.terms(class: f.memberClass, tier: f.tier, own: f.duesAmount, for: entry))
        }
        state = next
        state.ledgerID = s.ledger
        state.name = body.name
        state.origin = body.origin
        state.ledgerKey = body.ledgerKey
        state.bylawsHash = bylaws
        for ((f, key), t) in zip(founders, terms) {
            state.members[f.id] = MemberRecord(id: f.id, name: f.name, key: key, roles: Set(f.roles),
                                               admittedAt: index, admittedOn: s.time.date,
                                               memberClass: t.memberClass, tier: t.tier)
            state.keyOwners[key] = f.id
            state.openDuesAccount(for: f.id, terms: t, month: YearMonth(s.time.date))
        }
        state.nextMemberNumber = Int64(founders.count + 1)
    }
}

/// `member.admit`: the secretary admits the next member with their public key.
struct AdmitHandler: EntryHandler {
    let type = EntryType.memberAdmit

    struct Body: Codable {
        var id: MemberID
        var name: String
        var key: String
        var memberClass: String?
        var tier: String?
        var duesAmount: Money?
        enum CodingKeys: String, CodingKey {
            case id, name, key, tier
            case memberClass = "class"
            case duesAmount = "dues_amount"
        }
    }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .memberAdmit, fallback: [.secretary])
        let body = try entry.body(Body.self, allowed: ["id", "name", "key", "class", "tier", "dues_amount"])
        guard body.id.number == state.nextMemberNumber else {
            throw entry.invalid("the next member id is m\(state.nextMemberNumber), not \(body.id)")
        }
        guard !body.name.isEmpty, body.name.count <= 200 else { throw entry.invalid("a member needs a name (1-200 characters)") }
        guard let key = try? Ed25519.PublicKey(text: body.key) else { throw entry.invalid("\"key\" is not an Ed25519 public key") }
        try state.requireFresh(key)
        let terms = try state.terms(class: body.memberClass, tier: body.tier, own: body.duesAmount, for: entry)
        state.members[body.id] = MemberRecord(
            id: body.id, name: body.name, key: key, roles: [], admittedAt: index,
            admittedOn: entry.statement.time.date, memberClass: terms.memberClass, tier: terms.tier)
        state.keyOwners[key] = body.id
        state.openDuesAccount(for: body.id, terms: terms, month: YearMonth(entry.statement.time.date))
        state.nextMemberNumber += 1
    }
}

/// Body of `role.grant` and `role.revoke`.
struct RoleBody: Codable {
    var member: MemberID
    var role: Role
}

/// `role.grant`: the secretary gives an active member an officer role.
struct RoleGrantHandler: EntryHandler {
    let type = EntryType.roleGrant

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .roleGrant, fallback: [.secretary])
        let body = try entry.body(RoleBody.self, allowed: ["member", "role"])
        let target = try state.member(body.member)
        guard target.status == .active else { throw entry.invalid("\(body.member) is \(target.status.rawValue)") }
        guard !target.roles.contains(body.role) else { throw entry.invalid("\(body.member) already holds \(body.role)") }
        state.members[body.member]?.roles.insert(body.role)
    }
}

/// `role.revoke`: the secretary takes a role away; the last secretary cannot be removed.
struct RoleRevokeHandler: EntryHandler {
    let type = EntryType.roleRevoke

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .roleRevoke, fallback: [.secretary])
        let body = try entry.body(RoleBody.self, allowed: ["member", "role"])
        let target = try state.member(body.member)
        guard target.roles.contains(body.role) else { throw entry.invalid("\(body.member) does not hold \(body.role)") }
        if body.role == .secretary && state.holders(of: .secretary).count <= 1 {
            throw entry.invalid("\(body.member) is the only secretary; grant the role to someone else first")
        }
        state.members[body.member]?.roles.remove(body.role)
    }
}

/// `key.rotate`: a member replaces their key; the entry is signed with the old one.
struct KeyRotateHandler: EntryHandler {
    let type = EntryType.keyRotate

    struct Body: Codable {
        var newKey: String
        enum CodingKeys: String, CodingKey { case newKey = "new_key" }
    }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(Body.self, allowed: ["new_key"])
        guard let key = try? Ed25519.PublicKey(text: body.newKey) else { throw entry.invalid("\"new_key\" is not an Ed25519 public key") }
        try state.requireFresh(key)
        state.install(key: key, for: entry.statement.author)
    }
}

/// `key.revoke`: the secretary revokes a member's key, optionally installing a replacement.
struct KeyRevokeHandler: EntryHandler {
    let type = EntryType.keyRevoke

    struct Body: Codable {
        var member: MemberID
        var newKey: String?
        var reason: String?
        enum CodingKeys: String, CodingKey {
            case member, reason
            case newKey = "new_key"
        }
    }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .keyRevoke, fallback: [.secretary])
        let body = try entry.body(Body.self, allowed: ["member", "new_key", "reason"])
        _ = try state.member(body.member)
        var replacement: Ed25519.PublicKey?
        if let text = body.newKey {
            guard let key = try? Ed25519.PublicKey(text: text) else { throw entry.invalid("\"new_key\" is not an Ed25519 public key") }
            try state.requireFresh(key)
            replacement = key
        }
        if let replacement {
            state.install(key: replacement, for: body.member)
        } else {
            state.members[body.member]?.key = nil
        }
    }
}

/// `note`: a free-text statement by any active member (minutes, attestations).
struct NoteHandler: EntryHandler {
    let type = EntryType.note

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let author = try state.member(entry.statement.author)
        guard author.status == .active else {
            throw LedgerError.unauthorized(index: nil, author: author.id.description, type: type.rawValue,
                                           reason: "the author is \(author.status.rawValue)")
        }
        // Read directly rather than through Codable: notes are the most common entry, and this
        // runs once per entry in every verification.
        guard case let .object(fields) = entry.statement.body else { throw entry.invalid("the body is not an object") }
        try entry.requireOnly(["text", "subject"], in: fields)
        let length = fields["text"]?.stringValue?.utf8.count ?? 0
        guard (1...65_536).contains(length) else { throw entry.invalid("\"text\" must hold 1 to 65536 bytes of text") }
        if let subject = fields["subject"], subject.stringValue == nil { throw entry.invalid("\"subject\" must be a string") }
    }
}
