import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import Foundation

/// A founding officer named in the genesis entry.
public struct Founder: Sendable {
    public var name: String
    public var key: Ed25519.PublicKey
    public var roles: Set<Role>
    /// Class, dues tier and sliding-scale amount, as the bylaws name them (needed when the
    /// bylaws have machine rules; the class's default tier applies when `tier` is nil).
    public var memberClass: String?
    public var tier: String?
    public var duesAmount: Money?

    public init(
        name: String, key: Ed25519.PublicKey, roles: Set<Role>, memberClass: String? = nil,
        tier: String? = nil, duesAmount: Money? = nil
    ) {
        self.name = name
        self.key = key
        self.roles = roles
        self.memberClass = memberClass
        self.tier = tier
        self.duesAmount = duesAmount
    }
}

extension Ledger {
    /// The checkpoint origin (and ledger key name) of a ledger: `coop.ledger/<ledger id>`.
    public static func origin(for id: LedgerID) -> String { "coop.ledger/\(id.text)" }

    /// Creates a ledger file and writes its genesis entry, signed by the first founder.
    ///
    /// - Parameters:
    ///   - founders: m1, m2, ... in order; the first signs the genesis. With one founder, give
    ///     them every officer role until others are appointed.
    ///   - ledgerKey: the checkpoint signing key (kept apart from member keys).
    ///   - bylawsFiles: the bylaws version whose hash is `bylawsHash`, carried in the genesis so
    ///     the rules in force can be read from the ledger alone (nil: the hash only, no rules).
    public static func create(
        at path: String, name: String, bylawsHash: SHA256Digest, bylawsFiles: BylawsFiles? = nil, founders: [Founder],
        founderKey: Ed25519.PrivateKey, ledgerKey: Ed25519.PublicKey, ledgerID: LedgerID? = nil,
        catalog: EntryCatalog = .cooperative, clock: any LedgerClock = SystemClock()
    ) throws -> Ledger {
        let id = ledgerID ?? LedgerID(Hex.encode(SecureRandom.bytes(count: 16)))
        guard let id else { throw LedgerError.storage("could not make a ledger id") }
        let origin = origin(for: id)
        let genesisBody = GenesisBody(
            name: name, origin: origin, ledgerKey: Checkpoints.verifierKeyText(ledgerKey, origin: origin), bylaws: bylawsHash,
            bylawsFiles: bylawsFiles,
            founders: founders.map {
                FounderBody(
                    name: $0.name, key: $0.key, roles: $0.roles.sorted(), memberClass: $0.memberClass, tier: $0.tier,
                    duesAmount: $0.duesAmount)
            })
        let body = try genesisBody.json()
        guard let first = MemberID(number: 1) else { throw LedgerError.storage("member id m1") }
        let now = clock.now()
        let genesis = try SignedEntry.sign(
            Statement(
                ledger: id, author: first, key: founderKey.publicKey, seq: 1, prev: nil,
                time: now, type: .genesis, body: body),
            with: founderKey)
        // Judge the genesis before creating any file, so a bad one leaves nothing behind.
        var probe = LedgerState()
        try probe.apply(try LogEntry(ledgerTime: now, signed: genesis).decode(), index: 0, catalog: catalog)

        let store = try LedgerStore.create(at: path, ledgerID: id)
        let ledger = Ledger(store: store, catalog: catalog, clock: clock)
        do {
            _ = try ledger.submit(genesis)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return ledger
    }
}
