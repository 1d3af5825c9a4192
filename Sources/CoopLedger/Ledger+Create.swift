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

    public init(name: String, key: Ed25519.PublicKey, roles: Set<Role>, memberClass: String? = nil,
                tier: String? = nil, duesAmount: Money? = nil) {
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
        var fields: [String: JSONValue] = [
            "name": .string(name),
            "origin": .string(origin),
            "ledger_key": .string(Checkpoints.verifierKeyText(ledgerKey, origin: origin)),
            "bylaws": .string(bylawsHash.hex),
            "founders": .array(founders.enumerated().map { i, f in
                var founder: [String: JSONValue] = [
                    "id": .string("m\(i + 1)"),
                    "name": .string(f.name),
                    "key": .string(f.key.text),
                    "roles": .array(f.roles.sorted().map { .string($0.rawValue) }),
                ]
                if let c = f.memberClass { founder["class"] = .string(c) }
                if let t = f.tier { founder["tier"] = .string(t) }
                if let a = f.duesAmount { founder["dues_amount"] = .integer(a.cents) }
                return .object(founder)
            }),
        ]
        if let bylawsFiles { fields["bylaws_files"] = .object(bylawsFiles.files.mapValues { .string($0) }) }
        let body: JSONValue = .object(fields)
        guard let first = MemberID(number: 1) else { throw LedgerError.storage("member id m1") }
        let now = clock.now()
        let genesis = try SignedEntry.sign(
            Statement(ledger: id, author: first, key: founderKey.publicKey, seq: 1, prev: nil,
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
