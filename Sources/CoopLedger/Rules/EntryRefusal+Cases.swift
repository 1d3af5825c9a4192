extension LedgerError {
    // One constructor per refusal the generic rules make: the code, the person's message.

    public static func malformedEntry(index: UInt64?, reason: String) -> LedgerError {
        .refused(EntryRefusal(.malformed, index: index, detail: "malformed entry: \(reason)"))
    }

    public static func badSignature(index: UInt64?, author: String) -> LedgerError {
        .refused(
            EntryRefusal(
                .badSignature, index: index, author: author,
                detail: "the signature by \(author) does not verify (forged or altered entry)"))
    }

    public static func wrongLedger(index: UInt64?, expected: String, found: String) -> LedgerError {
        .refused(
            EntryRefusal(
                .wrongLedger, index: index,
                detail: "the entry was signed for ledger \(found), not this ledger \(expected) (replayed from another ledger?)"))
    }

    public static func chainBroken(index: UInt64?, author: String, reason: String) -> LedgerError {
        .refused(EntryRefusal(.chainBroken, index: index, author: author, detail: "\(author)'s chain is broken: \(reason)"))
    }

    public static func unknownAuthor(index: UInt64?, author: String) -> LedgerError {
        .refused(EntryRefusal(.unknownAuthor, index: index, author: author, detail: notAMember(author)))
    }

    /// A member a body's `field` names who is not one (the same words as `unknownAuthor`).
    public static func unknownMember(index: UInt64?, member: String, field: String) -> LedgerError {
        .refused(EntryRefusal(.notFound, index: index, field: field, detail: notAMember(member)))
    }

    private static func notAMember(_ id: String) -> String {
        "\(id) is not a member of this cooperative at this point in the ledger"
    }

    public static func keyNotInForce(index: UInt64?, author: String, reason: String) -> LedgerError {
        .refused(EntryRefusal(.keyNotInForce, index: index, author: author, detail: "\(author) signed with a key not in force: \(reason)"))
    }

    public static func unauthorized(index: UInt64?, author: String, type: String, reason: String) -> LedgerError {
        .refused(EntryRefusal(.unauthorized, index: index, type: type, author: author, detail: "\(author) may not author \(type): \(reason)"))
    }

    public static func unknownEntryType(index: UInt64?, type: String) -> LedgerError {
        .refused(
            EntryRefusal(
                .unknownType, index: index, type: type,
                detail: "unknown entry type \"\(type)\" (this coop may be older than the ledger)"))
    }

    /// A body the type's rule refuses; `code` says which kind of rule, `field` where.
    public static func invalidBody(
        index: UInt64?, type: String, reason: String, code: EntryRefusal.Code = .invalid,
        field: String? = nil
    ) -> LedgerError {
        .refused(EntryRefusal(code, index: index, type: type, field: field, detail: "invalid \(type): \(reason)", reason: reason))
    }

    public static func ledgerTimeWentBackwards(index: UInt64?, previous: String, found: String) -> LedgerError {
        .refused(
            EntryRefusal(
                .ledgerTimeBackwards, index: index,
                detail: "its ledger time \(found) is earlier than the previous entry's (\(previous)): "
                    + "ledger time never goes backwards (reordered entries, or a clock set back)"))
    }

    public static func claimedTimeAhead(index: UInt64?, author: String, claimed: String, ledgerTime: String) -> LedgerError {
        .refused(
            EntryRefusal(
                .claimedTimeAhead, index: index, author: author,
                detail: "\(author) claims \(claimed), later than the ledger time \(ledgerTime) "
                    + "(by more than \(LedgerState.claimTolerance) s): an entry cannot be dated in the future; check the signing clock"))
    }

    public static func countersignature(index: UInt64?, type: String, reason: String) -> LedgerError {
        .refused(EntryRefusal(.countersignature, index: index, type: type, detail: "\(type) countersignature: \(reason)"))
    }

    public static func genesisMisplaced(index: UInt64?) -> LedgerError {
        .refused(EntryRefusal(.genesisMisplaced, index: index, detail: "the genesis entry must be the first entry, and only the first"))
    }
}

extension DecodedEntry {
    /// A refusal of this entry's body by its type's rule: `code` says which kind of rule,
    /// `field` which field (when one is at fault).
    public func refuse(_ code: EntryRefusal.Code, field: String? = nil, _ reason: String) -> LedgerError {
        .invalidBody(index: nil, type: statement.type.rawValue, reason: reason, code: code, field: field)
    }
}
