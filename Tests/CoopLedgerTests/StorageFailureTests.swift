import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import Foundation
import GRDB
import Testing

@testable import CoopLedger

/// Appending when the storage refuses, in process: a full disk (simulated), a ledger opened
/// read-only. Each fails with a clear error and leaves a ledger that verifies. Real read-only
/// files, full disks and read-only disks are `StorageFailureProcessTests`, through `coop`.
@Suite("Storage failures")
struct StorageFailureTests {
    @Test func aFullDiskFailsCleanlyAndTheLedgerStaysValid() throws {
        let coop = try TestCoop(members: 1)
        try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        let before = try coop.ledger.store.size()
        // SQLite's page limit makes this connection's database "full" exactly as a full disk
        // would: the write fails with SQLITE_FULL inside the transaction.
        try coop.ledger.store.queue.inDatabase { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let big = String(repeating: "minutes ", count: 8000)
        #expect {
            for i in 0..<20 { try coop.note("\(i) \(big)", by: 2, key: coop.members[0]) }
        } throws: { error in
            guard case let .diskFull(path)? = error as? LedgerError else { return false }
            return path == coop.path && "\(error)".contains("nothing was written")
        }
        let reopened = try Ledger.open(at: coop.path, readOnly: true)
        let after = try reopened.store.size()
        #expect(after >= before)
        let report = try coop.verify()
        #expect(report.ok, "\(report.summary)")
        #expect(report.size == after)
    }

    @Test func aLedgerOpenedReadOnlyRefusesToAppend() throws {
        let coop = try TestCoop(members: 1)
        let readOnly = try Ledger.open(at: coop.path, readOnly: true, clock: FixedClock(testTime))
        #expect {
            try readOnly.append(type: .note, body: .object(["text": "x"]), author: coop.id(2), key: coop.members[0])
        } throws: { error in
            guard case .readOnly(_, .openedReadOnly)? = error as? LedgerError else { return false }
            return "\(error)".contains("nothing was written")
        }
        #expect(try coop.verify().ok)
    }
}
