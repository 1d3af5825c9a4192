import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Testing

/// A clock tests move by hand (dues accrue by the month).
final class SettableClock: LedgerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Timestamp

    init(_ text: String) { instant = Timestamp(text) ?? Timestamp(secondsSinceEpoch: 0) }

    func now() -> Timestamp { lock.withLock { instant } }

    /// Moves to noon UTC on `date` (YYYY-MM-DD), or to the instant `date` names in full.
    func set(_ date: String) { lock.withLock { instant = Timestamp(date) ?? Timestamp(date + "T12:00:00Z") ?? instant } }
}

/// A cooperative founded on the shipped bylaws (Bylaws/): m1 Ada, a therapist holding the
/// secretary, treasurer and board roles, founded on 2026-01-15.
struct RulesCoop {
    let dir = TempDir()
    let clock = SettableClock("2026-01-15T12:00:00Z")
    let ledger: Ledger
    let founder: Ed25519.PrivateKey
    var keys: [MemberID: Ed25519.PrivateKey] = [:]

    static var bylawsFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Bylaws").path
    }

    init(bylaws: BylawsFiles? = nil) throws {
        founder = try testKey(1)
        let files = try bylaws ?? BylawsFiles.load(folder: Self.bylawsFolder)
        ledger = try Ledger.create(
            at: dir.file("coop.ledger"), name: "Riverbend Behavioral Health Cooperative",
            bylawsHash: try files.digest, bylawsFiles: files,
            founders: [Founder(name: "Ada", key: founder.publicKey, roles: [.secretary, .treasurer, .board], memberClass: "therapist")],
            founderKey: founder, ledgerKey: try testKey(200).publicKey, ledgerID: testLedgerID, clock: clock)
        keys[m1] = founder
    }

    var m1: MemberID { MemberID(number: 1)! }

    /// Admits the next member (signed by m1) and returns their id.
    @discardableResult
    mutating func admit(_ name: String, class memberClass: String, tier: String? = nil, own: String? = nil) throws -> MemberID {
        let state = try ledger.state()
        let id = MemberID(number: state.nextMemberNumber)!
        let key = try testKey(UInt8(10 + state.nextMemberNumber))
        var body: [String: JSONValue] = ["name": .string(name), "key": .string(key.publicKey.text), "class": .string(memberClass)]
        if let tier { body["tier"] = .string(tier) }
        if let own { body["dues_amount"] = .integer(Money(own)!.cents) }
        try ledger.append(type: .memberAdmit, body: .object(body), author: m1, key: founder)
        keys[id] = key
        return id
    }

    /// Appends an entry signed by m1 (the officer).
    @discardableResult
    func officer(_ type: EntryType, _ fields: [String: JSONValue]) throws -> StoredEntry {
        try ledger.append(type: type, body: .object(fields), author: m1, key: founder)
    }

    @discardableResult
    func pay(_ member: MemberID, _ amount: String, on date: String? = nil) throws -> StoredEntry {
        if let date { clock.set(date) }
        return try officer(.duesPay, ["member": .string(member.description), "amount": .integer(Money(amount)!.cents)])
    }

    func position(_ member: MemberID, _ month: String) throws -> DuesPosition {
        try #require(try ledger.state().duesPosition(of: member, asOf: YearMonth(month)!))
    }
}

/// The shipped bylaws folder's files.
enum BylawsFilesFixture {
    static func shipped() throws -> BylawsFiles { try BylawsFiles.load(folder: RulesCoop.bylawsFolder) }
}
