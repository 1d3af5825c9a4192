/// Why an entry was refused: a stable `code` a program matches (tests, importers, the server's
/// answers), the entry's position, type and author when known, the body field concerned, and the
/// message a person reads. Modelled on GRDB's `DatabaseError` and swift-nio's `FileSystemError`:
/// one value, the same on append and on verify, printed by the CLI and sent as JSON by the server.
public struct EntryRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of rule refused the entry. The raw values are stable: programs match them.
    public enum Code: String, Sendable, CaseIterable, Codable {
        // The entry as bytes and as a statement.
        case malformed, badSignature = "bad-signature", wrongLedger = "wrong-ledger", unknownType = "unknown-type"
        case genesisMisplaced = "genesis-misplaced"
        // The generic rules.
        case chainBroken = "chain-broken", ledgerTimeBackwards = "ledger-time-backwards"
        case claimedTimeAhead = "claimed-time-ahead", unknownAuthor = "unknown-author", keyNotInForce = "key-not-in-force"
        case unauthorized, countersignature
        // The body. `field`: a field missing, unknown, of the wrong kind, or not allowed here;
        // `label`, `text`: a name or a text the text rules refuse (TextRules).
        case field, label, text
        // `notFound`: no such member, motion or account; `status`: the member or motion is in the
        // wrong state (suspended, closed, not open); `duplicate`: it was done already;
        // `amount`: an amount or quantity out of range; `balance`: more than a balance holds or
        // than is owed; `keyReused`: a key some member held before.
        case notFound = "not-found", status, duplicate, amount, balance, keyReused = "key-reused"
        // Windows and dates: before or after the time allowed; an `effective` date refused; a
        // date in a closed period.
        case tooEarly = "too-early", tooLate = "too-late", effectiveDate = "effective-date", closedPeriod = "closed-period"
        // `bylaws`: what the bylaws do not allow, or lack; `notEligible`: the member may not
        // take part (class, admission, electorate); `electorate`: an open's stated electorate
        // is not the one derived; `recount`: a stated result or total is not what recounting
        // gives; `notAuthorized`: no passed motion or proxy authorizes it.
        case bylaws, notEligible = "not-eligible", electorate, recount, notAuthorized = "not-authorized"
        // `lastSecretary`: it would leave no secretary; `nothingPending`: nothing in force to
        // cancel, revoke or pay out; `patronage`: the fiscal year's state forbids it (closed,
        // committed, not closed, an earlier year uncommitted). `invalid`: a consistency failure
        // no valid entry reaches (a corrupted state), the fallback.
        case lastSecretary = "last-secretary", nothingPending = "nothing-pending", patronage, invalid
        // `proof`: a zero-knowledge proof of a secret ballot or of a trustee does not verify
        // (a ballot encrypting something other than 0 or 1, made for another motion or voter).
        case proof
    }

    public var code: Code
    /// The entry's position in the tree, when known.
    public var index: UInt64?
    /// The entry type (or `key`, `motion`, `patronage` for a rule checked outside one entry).
    public var type: String?
    /// The author (or signer) concerned, for the generic rules.
    public var author: String?
    /// The body field concerned (`amount`, `votes[2].name`), when one is.
    public var field: String?
    /// What was wrong and what to do, without the position.
    public var detail: String
    /// The rule's own words (the detail without `invalid TYPE: ` for a body rule).
    public var reason: String

    public init(
        _ code: Code, index: UInt64? = nil, type: String? = nil, author: String? = nil, field: String? = nil,
        detail: String, reason: String? = nil
    ) {
        self.code = code
        self.index = index
        self.type = type
        self.author = author
        self.field = field
        self.detail = detail
        self.reason = reason ?? detail
    }

    /// The message a person reads: `entry N: ` and the detail.
    public var description: String { (index.map { "entry \($0): " } ?? "") + detail }

    /// The same refusal at position `index`, if it had none yet.
    public func at(_ index: UInt64) -> EntryRefusal {
        guard self.index == nil else { return self }
        var copy = self
        copy.index = index
        return copy
    }
}
