import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Testing

/// State snapshots are written four entries a member apart (at least `snapshotInterval`), and
/// opening replays no more than that after the newest one.
@Suite struct SnapshotSpacingTests {
    @Test func snapshotsAreFourEntriesAMemberApartAndOpeningRestoresTheState() throws {
        let coop = try TestCoop(members: 1)
        // 301 members: four entries a member (1,204) is more than the least spacing (1,024).
        let admissions = (0..<299).map { i in
            (
                type: EntryType.memberAdmit,
                body: JSONValue.object(["name": .string("Member \(i + 3)"), "key": .string(Ed25519.PrivateKey().publicKey.text)]),
                author: coop.m1, key: coop.founder
            )
        }
        _ = try coop.ledger.appendAll(admissions)
        let start = try coop.ledger.snapshotDistance()
        #expect(start.spacing == 4 * 301)
        #expect(start.entries < start.spacing)

        func notes(_ count: Int) throws {
            _ = try coop.ledger.appendAll(
                (0..<count).map { i in
                    (type: EntryType.note, body: JSONValue.object(["text": .string("n\(i)")]), author: coop.id(2), key: coop.members[0])
                })
        }
        // Up to one entry short of the spacing: no snapshot yet; the next entry writes one.
        try notes(Int(start.spacing - start.entries - 1))
        #expect(try coop.ledger.snapshotDistance().entries == start.spacing - 1)
        let farthest = try Ledger.open(at: coop.path, clock: FixedClock(testTime))
        #expect(try farthest.state() == (try coop.ledger.state()))
        try notes(1)
        #expect(try coop.ledger.snapshotDistance().entries == 0)
        try notes(10)
        #expect(try coop.ledger.snapshotDistance().entries == 10)
        let reopened = try Ledger.open(at: coop.path, clock: FixedClock(testTime))
        #expect(try reopened.state() == (try coop.ledger.state()))
        #expect(try coop.verify().ok)
    }
}
