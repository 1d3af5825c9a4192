import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopTestSupport
import Foundation
import GRDB

/// A fresh temporary folder per test (CoopTestSupport's), removed when the value goes away.
final class TempDir: Sendable {
    private let folder = TemporaryFolder()
    var path: String { folder.path }
    func file(_ name: String) -> String { folder.path(name) }
}

/// A deterministic key from a one-byte seed (tests only).
func testKey(_ n: UInt8) throws -> Ed25519.PrivateKey {
    try TestKeys.key(n)
}

let testTime = Timestamp("2026-11-23T12:00:00Z") ?? Timestamp(secondsSinceEpoch: 0)
let testLedgerID = LedgerID("00112233445566778899aabbccddeeff")

/// A small cooperative: m1 founder (secretary, treasurer, board), members m2...m(n+1).
struct TestCoop {
    let dir = TempDir()
    let ledger: Ledger
    let founder: Ed25519.PrivateKey
    let ledgerKey: Ed25519.PrivateKey
    var members: [Ed25519.PrivateKey] = []

    var path: String { dir.file("coop.ledger") }

    init(members count: Int = 3, clock: any LedgerClock = FixedClock(testTime)) throws {
        founder = try testKey(1)
        ledgerKey = try testKey(200)
        ledger = try Ledger.create(
            at: dir.file("coop.ledger"), name: "Riverbend Clinicians Cooperative",
            bylawsHash: SHA256.hash(Array("bylaws v1".utf8)),
            founders: [Founder(name: "Ada Founder", key: founder.publicKey, roles: [.secretary, .treasurer, .board])],
            founderKey: founder, ledgerKey: ledgerKey.publicKey, ledgerID: testLedgerID, clock: clock)
        for i in 0..<count {
            let key = try testKey(UInt8(10 + i))
            try admit(name: "Member \(i + 2)", key: key)
            members.append(key)
        }
    }

    var m1: MemberID { MemberID(number: 1)! }
    func id(_ n: Int64) -> MemberID { MemberID(number: n)! }

    @discardableResult
    func admit(name: String, key: Ed25519.PrivateKey) throws -> StoredEntry {
        try ledger.append(
            type: .memberAdmit,
            body: .object([
                "name": .string(name), "key": .string(key.publicKey.text),
            ]), author: m1, key: founder)
    }

    @discardableResult
    func note(_ text: String, by member: Int64, key: Ed25519.PrivateKey) throws -> StoredEntry {
        try ledger.append(type: .note, body: .object(["text": .string(text)]), author: id(member), key: key)
    }

    /// An entry by m1 (the founder) countersigned by member `n` holding `key`, signed, then
    /// countersigned, then submitted: dual control as `coop countersign` does it.
    @discardableResult
    func countersigned(_ type: EntryType, _ body: [String: JSONValue], by n: Int64, key: Ed25519.PrivateKey) throws -> StoredEntry {
        let draft = Ledger.Draft(
            type: type, body: .object(body), author: m1, key: founder,
            countersigners: [Countersigner(member: id(n), key: key.publicKey)])
        return try ledger.submit(try ledger.prepare([draft])[0].countersigned(with: key))
    }

    /// Runs raw SQL on the ledger file with the append-only triggers dropped: an insider
    /// editing the file behind coop's back.
    func tamper(_ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try editBehindCoopsBack(path) { try $0.execute(sql: sql, arguments: arguments) }
    }

    /// Verifies the ledger file as a fresh auditor would.
    func verify(_ options: VerifyOptions = VerifyOptions()) throws -> VerificationReport {
        try Verifier().verify(try LedgerStore.open(at: path, readOnly: true), options: options)
    }
}

extension VerificationReport {
    /// True when some problem names entry `index`.
    func names(_ index: UInt64) -> Bool { problems.contains { $0.index == index } }
    var summary: String { problems.map(\.message).joined(separator: "\n") }
}
