import CoopModel

extension Ledger {
    /// The state as of the end of `date`: the longest prefix of the ledger whose entries all
    /// claim a time on or before that day. Entries are judged in ledger order, so a prefix, not
    /// a filter, is the only state that ever existed; an entry stamped later than `date` ends it.
    public func state(asOf date: CivilDate) throws -> LedgerState {
        try store.read { db in
            var state = LedgerState()
            try replay(db, into: &state) { $0.statement.time.date <= date }
            return state
        }
    }
}
