import CoopModel
import Foundation
import GRDB
import Testing

@testable import CoopLedger

/// The ledger file's schema: the version it is written with, and the (seq, author) index that
/// keeps an author's sequence numbers unique and finds a resubmitted entry.
@Suite struct StoreSchemaTests {
    @Test func aFileOfAnEarlierStoreVersionIsRefusedAndLeftAsItWas() throws {
        let dir = TempDir()
        let path = dir.file("old.ledger")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('format', 'coop-ledger'), ('store_version', '2')")
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try Ledger.open(at: path)
        } throws: { error in
            guard case let .unsupportedStoreVersion(found, supported)? = error as? LedgerError else { return false }
            return found == 2 && supported == 3
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func anAuthorsSequenceNumberIsUniqueInTheFile() throws {
        let coop = try TestCoop(members: 1)
        try coop.note("first", by: 2, key: coop.members[0])
        // A second row for m2's seq 1, written behind coop's back, breaks the index's uniqueness.
        #expect(throws: DatabaseError.self) {
            try coop.tamper(
                "INSERT INTO entries SELECT idx + 100, ledger_time, statement, signatures, author, seq, type, time FROM entries WHERE author = 'm2'"
            )
        }
        #expect(try coop.verify().ok)
    }

    @Test func aResubmittedEntryIsFoundThroughTheIndexNotAScan() throws {
        let coop = try TestCoop(members: 1)
        let first = try coop.note("first", by: 2, key: coop.members[0])
        let plan = try coop.ledger.store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + LedgerStore.entryByAuthorAndSeq, arguments: ["m2", 1])
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX") && $0.contains("seq=? AND author=?") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
        #expect(try coop.ledger.existing(first.entry.signed)?.index == first.index)
    }
}

/// Durability: a commit that returned is on disk. GRDB turns WAL mode on after the connection is
/// prepared and sets `synchronous = NORMAL` with it (a commit could then roll back on power loss),
/// so the store sets FULL again once the file is open.
@Suite struct StoreDurabilityTests {
    @Test func writableLedgersSyncEveryCommit() throws {
        let coop = try TestCoop(members: 1)
        let reopened = try Ledger.open(at: coop.path)
        for store in [coop.ledger.store, reopened.store] {
            // 2 is FULL; NORMAL (1) syncs the WAL only at checkpoints.
            #expect(try store.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
            #expect(try store.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
            #expect(try store.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        }
    }
}
