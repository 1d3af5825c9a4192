import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import Testing

@testable import CoopLedger

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
        // Counted even while still being encoded (the append does not wait for it); written
        // for other openers once finished.
        #expect(try coop.ledger.snapshotDistance().entries == 0)
        try coop.ledger.finishSnapshot()
        #expect(try Ledger.open(at: coop.path, clock: FixedClock(testTime)).snapshotDistance().entries == 0)
        try notes(10)
        #expect(try coop.ledger.snapshotDistance().entries == 10)
        let reopened = try Ledger.open(at: coop.path, clock: FixedClock(testTime))
        #expect(try reopened.state() == (try coop.ledger.state()))
        #expect(try coop.verify().ok)
    }

    /// A snapshot left encoding by an append (it does not wait for it) is written by the next
    /// append, or when its ledger is released; until then other openers replay from the one
    /// before.
    @Test(arguments: [false, true]) func aSnapshotLeftEncodingIsWrittenLater(byTheNextAppend: Bool) throws {
        let coop = try TestCoop(members: 1)
        let reader = try Ledger.open(at: coop.path, readOnly: true, clock: FixedClock(testTime))
        func note(_ i: Int) -> (type: EntryType, body: JSONValue, author: MemberID, key: Ed25519.PrivateKey) {
            (type: EntryType.note, body: JSONValue.object(["text": .string("n\(i)")]), author: coop.id(2), key: coop.members[0])
        }
        do {
            let writer = try Ledger.open(at: coop.path, clock: FixedClock(testTime))
            writer.leavesLastSnapshotPending = true
            let start = try writer.snapshotDistance()
            let crossing = Int(start.spacing - start.entries)
            _ = try writer.appendAll((0..<crossing).map(note))
            #expect(try writer.snapshotDistance().entries == 0)
            #expect(try reader.snapshotDistance().entries == start.spacing)
            if byTheNextAppend {
                _ = try writer.appendAll([note(crossing)])
                #expect(try reader.snapshotDistance().entries == 1)
            }
        }
        #expect(try reader.snapshotDistance().entries == (byTheNextAppend ? 1 : 0))
        #expect(try reader.state() == (try coop.ledger.state()))
        #expect(try coop.verify().ok)
    }
}
