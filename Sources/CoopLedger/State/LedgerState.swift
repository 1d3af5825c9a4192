import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// Everything the rules need to judge the next entry: the replayed register, each author's chain
/// head, and the facts the genesis entry fixed. A pure value, rebuilt from entries.
public struct LedgerState: Sendable, Equatable {
    /// The version of this state's serialized form; part of the state digest line of checkpoints,
    /// so a verifier only compares digests written by the same schema.
    public static let schemaVersion = 6

    public var ledgerID: LedgerID?
    public var name: String = ""
    public var origin: String = ""
    /// The checkpoint verifier key (C2SP note vkey text) pinned by genesis.
    public var ledgerKey: String = ""
    public var bylawsHash: SHA256Digest?
    /// The number of entries applied.
    public var size: UInt64 = 0
    /// The ledger time of the last entry: the next may not be earlier.
    public var ledgerTime: Timestamp?
    public var members: [MemberID: MemberRecord] = [:]
    public var heads: [MemberID: AuthorHead] = [:]
    /// Every key ever installed, with its member: a key is never reused, even after retirement.
    public var keyOwners: [Ed25519.PublicKey: MemberID] = [:]
    public var nextMemberNumber: Int64 = 1
    /// Every bylaws version the ledger has carried, by version hash.
    public var bylawsVersions: [SHA256Digest: Bylaws] = [:]
    /// When each version came into force, oldest first (the genesis version at index 0).
    public var bylawsAdoptions: [BylawsAdoption] = []
    /// Dues, capital accounts and the collective reserve.
    public var registers = Registers()
    /// Motions, ballots and what the members decided (Governance/).
    public var governance = GovernanceRegister()
    /// Patronage inputs, consents, committed years and revolving (Patronage/).
    public var patronage = PatronageRegister()
    /// Key recoveries waiting out the bylaws' delay, by member.
    public var pendingRecoveries: [MemberID: KeyRecovery] = [:]
    /// The last day of the period the treasurer closed (`books.close`): no money or membership
    /// entry may take effect on or before it.
    public var booksClosedThrough: CivilDate?
    /// Secret ballots whose proofs a verification checked ahead, in parallel (not state: never
    /// in a snapshot or digest, and ignored by `==`).
    var verifiedBallots = VerifiedBallots()

    public init() {}

    /// The member, or `unknownAuthor` (for an author or signer).
    public func member(_ id: MemberID) throws -> MemberRecord {
        guard let m = members[id] else { throw LedgerError.unknownAuthor(index: nil, author: id.description) }
        return m
    }

    /// The member a body's `field` names, or a `notFound` refusal naming that field (with the
    /// same words as `unknownAuthor`).
    public func member(_ id: MemberID, field: String) throws -> MemberRecord {
        guard let m = members[id] else {
            throw LedgerError.unknownMember(index: nil, member: id.description, field: field)
        }
        return m
    }

    /// The active members holding `role`.
    public func holders(of role: Role) -> [MemberRecord] {
        members.values.filter { $0.status == .active && $0.roles.contains(role) }.sorted { $0.id < $1.id }
    }

    /// True when taking `member` out of the secretary role (or out of active membership) would
    /// leave no active secretary. Only an active secretary counts: removing the role from a
    /// suspended or departed holder changes nothing about who can act.
    func isLastActiveSecretary(_ member: MemberRecord) -> Bool {
        member.status == .active && member.roles.contains(.secretary) && holders(of: .secretary).count <= 1
    }

    /// Throws `unauthorized` unless `author` is active and holds one of `roles`.
    public func requireRole(_ author: MemberID, anyOf roles: Set<Role>, for type: EntryType) throws {
        let m = try member(author)
        guard m.status == .active else {
            throw LedgerError.unauthorized(
                index: nil, author: author.description, type: type.rawValue,
                reason: "the author is \(m.status.rawValue)")
        }
        guard !m.roles.isDisjoint(with: roles) else {
            let needed = roles.sorted().map(\.rawValue).joined(separator: " or ")
            throw LedgerError.unauthorized(
                index: nil, author: author.description, type: type.rawValue,
                reason: "it needs the \(needed) role")
        }
    }

    /// The canonical JSON of this state (snapshots) and its SHA-256 (checkpoint state line).
    public func canonicalBytes() throws -> [UInt8] {
        var encoder = CanonicalJSONEncoder()
        encoder.options = Self.snapshotLimits
        return try encoder.encode(Snapshot(self))
    }

    /// Snapshots grow with the membership (about 500 bytes a member), not with the entries;
    /// these limits allow a register of a few hundred thousand members.
    /// The bounds a state snapshot is read and written within (a bundle's snapshot files too).
    public static let snapshotLimits: CanonicalJSONOptions = {
        var options = CanonicalJSONOptions.default
        options.maxInputSize = 512 << 20
        return options
    }()

    public func digest() throws -> SHA256Digest { SHA256.hash(try canonicalBytes()) }

    /// Rebuilds a state from snapshot bytes.
    public init(snapshotBytes: [UInt8]) throws {
        var decoder = CanonicalJSONDecoder()
        decoder.options = Self.snapshotLimits
        let snap = try decoder.decode(Snapshot.self, from: snapshotBytes)
        try self.init(snap)
    }
}

/// The serialized form of `LedgerState`: dictionaries become arrays sorted by id.
struct Snapshot: Codable {
    var schema: Int
    var ledger: LedgerID?
    var name: String
    var origin: String
    var ledgerKey: String
    var bylaws: String?
    var size: UInt64
    var ledgerTime: Timestamp?
    var members: [MemberRecord]
    var heads: [Head]
    var retiredKeys: [RetiredKey]
    var nextMember: Int64
    var bylawsVersions: [BylawsFiles]
    var bylawsAdoptions: [BylawsAdoption]
    var registers: Registers
    /// Absent until the first motion, so ledgers without governance keep their snapshots.
    var governance: GovernanceRegister?
    /// Absent until the first patronage entry.
    var patronage: PatronageRegister?
    var pendingRecoveries: [PendingRecovery]
    var booksClosedThrough: CivilDate?

    struct PendingRecovery: Codable {
        var member: MemberID
        var recovery: KeyRecovery
    }

    struct Head: Codable {
        var member: MemberID
        var head: AuthorHead

        /// Built directly, as `MemberRecord`'s (one per author).
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(JSONValue.object(["member": .string(member.description), "head": try head.json]))
        }
    }

    struct RetiredKey: Codable {
        var key: String
        var member: MemberID
    }

    enum CodingKeys: String, CodingKey {
        case schema, ledger, name, origin, bylaws, size, members, heads
        case ledgerKey = "ledger_key"
        case retiredKeys = "retired_keys"
        case nextMember = "next_member"
        case bylawsVersions = "bylaws_versions"
        case bylawsAdoptions = "bylaws_adoptions"
        case registers, governance, patronage
        case ledgerTime = "ledger_time"
        case pendingRecoveries = "pending_recoveries"
        case booksClosedThrough = "books_closed_through"
    }

    init(_ s: LedgerState) {
        schema = LedgerState.schemaVersion
        ledger = s.ledgerID
        name = s.name
        origin = s.origin
        ledgerKey = s.ledgerKey
        bylaws = s.bylawsHash?.hex
        size = s.size
        ledgerTime = s.ledgerTime
        members = s.members.values.sorted { $0.id < $1.id }
        heads = s.heads.map { Head(member: $0.key, head: $0.value) }.sorted { $0.member < $1.member }
        let current = Set(s.members.values.compactMap(\.key)).union(s.pendingRecoveries.values.map(\.key))
        retiredKeys = s.keyOwners.filter { !current.contains($0.key) }
            .map { RetiredKey(key: $0.key.text, member: $0.value) }.sorted { $0.key < $1.key }
        nextMember = s.nextMemberNumber
        bylawsVersions = s.bylawsVersions.sorted { $0.key.hex < $1.key.hex }.map(\.value.files)
        bylawsAdoptions = s.bylawsAdoptions
        registers = s.registers
        governance = s.governance.isEmpty ? nil : s.governance
        patronage = s.patronage.isEmpty ? nil : s.patronage
        pendingRecoveries = s.pendingRecoveries.sorted { $0.key < $1.key }.map { PendingRecovery(member: $0.key, recovery: $0.value) }
        booksClosedThrough = s.booksClosedThrough
    }
}

extension LedgerState {
    init(_ snap: Snapshot) throws {
        guard snap.schema == LedgerState.schemaVersion else {
            throw LedgerError.storage("snapshot schema \(snap.schema) is not \(LedgerState.schemaVersion)")
        }
        self.init()
        ledgerID = snap.ledger
        name = snap.name
        origin = snap.origin
        ledgerKey = snap.ledgerKey
        bylawsHash = snap.bylaws.flatMap { SHA256Digest(hex: $0) }
        size = snap.size
        ledgerTime = snap.ledgerTime
        for m in snap.members {
            members[m.id] = m
            if let k = m.key { keyOwners[k] = m.id }
        }
        for h in snap.heads { heads[h.member] = h.head }
        for r in snap.retiredKeys { keyOwners[try Ed25519.PublicKey(text: r.key)] = r.member }
        nextMemberNumber = snap.nextMember
        for files in snap.bylawsVersions {
            let bylaws = try BylawsReader.read(files)
            bylawsVersions[bylaws.version] = bylaws
        }
        bylawsAdoptions = snap.bylawsAdoptions
        registers = snap.registers
        governance = snap.governance ?? GovernanceRegister()
        patronage = snap.patronage ?? PatronageRegister()
        for p in snap.pendingRecoveries {
            pendingRecoveries[p.member] = p.recovery
            keyOwners[p.recovery.key] = p.member
        }
        booksClosedThrough = snap.booksClosedThrough
    }
}
