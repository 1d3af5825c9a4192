import CoopModel
import GRDB

extension Ledger {
    /// The state as of the end of `date`: the longest prefix of the ledger whose entries all
    /// claim a time on or before that day. Entries are judged in ledger order, so a prefix, not
    /// a filter, is the only state that ever existed; an entry stamped later than `date` ends it.
    public func state(asOf date: CivilDate) throws -> LedgerState {
        try store.read { db in
            var state = LedgerState()
            let cursor = try LedgerStore.rows(db, from: 0)
            while let stored = try cursor.next() {
                let decoded: DecodedEntry
                do {
                    decoded = try stored.entry.decode(checkSignature: false)
                } catch let e as LedgerError {
                    throw e.at(stored.index)
                }
                guard decoded.statement.time.date <= date else { break }
                try state.apply(decoded, index: stored.index, catalog: catalog)
            }
            return state
        }
    }
}
