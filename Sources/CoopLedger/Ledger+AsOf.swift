import CoopModel

extension Ledger {
    /// The books and register as of the end of `date`, by effective dates (`LedgerState.asOf`).
    public func state(asOf date: CivilDate) throws -> LedgerState {
        try state().asOf(date)
    }
}
