import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import GRDB
import Testing

/// An insider edits the SQLite file directly (triggers dropped); `verify` must catch each edit
/// and name the entry.
@Suite("Tampering with the ledger file")
struct TamperTests {
    /// A ledger with 12 entries and a checkpoint over all of them.
    static func coopWithCheckpoint() throws -> TestCoop {
        let coop = try TestCoop(members: 3)
        for i in 0..<8 { try coop.note("minutes item \(i)", by: Int64(2 + i % 3), key: coop.members[i % 3]) }
        try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        let clean = try coop.verify()
        #expect(clean.ok, "\(clean.summary)")
        #expect(clean.size == 12)
        return coop
    }

    @Test func triggersRefuseUpdatesAndDeletes() throws {
        let coop = try TestCoop(members: 1)
        try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        let queue = try DatabaseQueue(path: coop.path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE entries SET type = 'x' WHERE idx = 1") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM entries WHERE idx = 1") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM checkpoints") } }
    }

    @Test func oneChangedByteIsNamed() throws {
        let coop = try Self.coopWithCheckpoint()
        // "minutes item 3" -> "minutes item 4" in entry 7.
        try coop.tamper("UPDATE entries SET statement = CAST(REPLACE(CAST(statement AS TEXT), 'item 3', 'item 4') AS BLOB) WHERE idx = 7")
        let report = try coop.verify()
        #expect(!report.ok)
        #expect(report.names(7), "\(report.summary)")
        #expect(report.problems.contains { $0.message.contains("signature") })
    }

    @Test func aDeletedEntryIsNamed() throws {
        let coop = try Self.coopWithCheckpoint()
        try coop.tamper("DELETE FROM entries WHERE idx = 6")
        let report = try coop.verify()
        #expect(!report.ok)
        #expect(report.names(6), "\(report.summary)")
    }

    @Test func twoReorderedEntriesAreNamed() throws {
        let coop = try Self.coopWithCheckpoint()
        // Swap entries 5 and 6 (different authors): move 5 aside, 6 into 5, then 5 into 6.
        try coop.tamper(
            """
            UPDATE entries SET idx = 1000 WHERE idx = 5;
            UPDATE entries SET idx = 5 WHERE idx = 6;
            UPDATE entries SET idx = 6 WHERE idx = 1000;
            """)
        let report = try coop.verify()
        #expect(!report.ok)
        #expect(report.names(5) && report.names(6), "\(report.summary)")
    }

    @Test func aTruncatedTailIsCaught() throws {
        let coop = try Self.coopWithCheckpoint()
        try coop.tamper("DELETE FROM entries WHERE idx >= 10")
        let report = try coop.verify()
        #expect(!report.ok)
        #expect(report.problems.contains { $0.message.contains("removed from the end") }, "\(report.summary)")
        #expect(report.names(10))
    }

    @Test func aSwappedSignatureIsNamed() throws {
        let coop = try Self.coopWithCheckpoint()
        try coop.tamper("UPDATE entries SET signatures = (SELECT signatures FROM entries WHERE idx = 4) WHERE idx = 8")
        let report = try coop.verify()
        #expect(report.names(8), "\(report.summary)")
        #expect(report.problems.contains { $0.index == 8 && $0.message.contains("signature") })
    }

    @Test func reSigningWithTheWrongKeyIsNamed() throws {
        let coop = try Self.coopWithCheckpoint()
        // Entry 9 is by m2; re-sign it with m3's key, keeping m2 as the author and key field.
        let original = try coop.ledger.store.entry(at: 9)
        let wrong = coop.members[1].signature(for: SignedEntry.signingMessage(original.statementBytes))
        try coop.tamper("UPDATE entries SET signatures = ? WHERE idx = 9", arguments: [Data(wrong.bytes)])
        let report = try coop.verify()
        #expect(report.names(9), "\(report.summary)")
    }

    @Test func aForgedRoleIsNamed() throws {
        let coop = try Self.coopWithCheckpoint()
        // m2 signs a perfectly valid-looking role grant for themselves and the insider inserts it.
        let state = try coop.ledger.state()
        let head = try #require(state.heads[coop.id(2)])
        let forged = try SignedEntry.sign(
            Statement(
                ledger: testLedgerID!, author: coop.id(2), key: coop.members[0].publicKey, seq: head.seq + 1, prev: head.hash,
                time: testTime, type: .roleGrant, body: .object(["member": "m2", "role": "treasurer"])), with: coop.members[0])
        try coop.tamper(
            "INSERT INTO entries (idx, ledger_time, statement, signatures, author, seq, type, time) VALUES (12, ?, ?, ?, 'm2', ?, 'role.grant', ?)",
            arguments: [
                testTime.secondsSinceEpoch, Data(forged.statementBytes), Data(forged.signatures.flatMap(\.bytes)), head.seq + 1,
                testTime.description,
            ])
        let report = try coop.verify()
        #expect(report.names(12), "\(report.summary)")
        #expect(report.problems.contains { $0.index == 12 && $0.message.contains("secretary") })
    }

    @Test func anEntryReplayedFromAnotherLedgerIsNamed() throws {
        let coop = try Self.coopWithCheckpoint()
        let foreignID = try #require(LedgerID("0123456789abcdef0123456789abcdef"))
        let state = try coop.ledger.state()
        let head = try #require(state.heads[coop.id(3)])
        let replay = try SignedEntry.sign(
            Statement(
                ledger: foreignID, author: coop.id(3), key: coop.members[1].publicKey, seq: head.seq + 1, prev: head.hash,
                time: testTime, type: .note, body: .object(["text": "from elsewhere"])), with: coop.members[1])
        try coop.tamper(
            "INSERT INTO entries (idx, ledger_time, statement, signatures, author, seq, type, time) VALUES (12, ?, ?, ?, 'm3', ?, 'note', ?)",
            arguments: [
                testTime.secondsSinceEpoch, Data(replay.statementBytes), Data(replay.signatures.flatMap(\.bytes)), head.seq + 1,
                testTime.description,
            ])
        let report = try coop.verify()
        #expect(report.problems.contains { $0.index == 12 && $0.message.contains("ledger") }, "\(report.summary)")
    }

    @Test func aForkedCheckpointIsCaught() throws {
        let coop = try Self.coopWithCheckpoint()
        // The operator holds the ledger key: it builds a second history of the same ledger (same
        // id, same keys, other minutes) and signs a checkpoint of size 12 over it.
        let other = try TestCoop(members: 3)
        for i in 0..<8 { try other.note("other item \(i)", by: Int64(2 + i % 3), key: other.members[i % 3]) }
        let otherNote = try other.ledger.checkpoint(ledgerKey: other.ledgerKey).note
        try coop.tamper("INSERT INTO checkpoints (size, note) VALUES (12, ?)", arguments: [otherNote])
        let report = try coop.verify()
        #expect(!report.ok)
        #expect(report.problems.contains { $0.message.contains("forked") || $0.message.contains("root") }, "\(report.summary)")
    }
}
