import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopPatronage

/// One member's written notice of allocation for a committed fiscal year (IRC §1388(b)), as
/// the JSON document handed to the member (amounts in integer cents, snake_case keys).
///
/// Everything in it comes from the ledger (the committed allocation, the member's name, the
/// consent) and nothing from the day it is written, so anyone holding the ledger can write
/// the notices again and recompute the digest that `patronage.notify` records.
struct PatronageNotice: Encodable {
    static let format = "coop-patronage-notice/1"
    let format = PatronageNotice.format
    let cooperative: String
    let member: MemberID
    let name: String
    let fiscalYear: Int
    let start: CivilDate
    let end: CivilDate
    /// Signed: negative when the year's loss is charged to capital accounts.
    let allocation: Money
    let factors: [Factor]
    let cash: Money
    let retained: Money
    /// Cash parts are paid, and notices issued, by then (IRC §1382(d)).
    let paymentPeriodEnd: CivilDate
    let qualified: Bool
    /// Why the notice is qualified; absent for a non-qualified notice.
    let consent: Consent?
    let rulesVersion: String
    let resultHash: String
    let commitEntry: UInt64

    /// One measure's line: how much of the allocation the member's use of it earned.
    struct Factor: Encodable {
        let measure: String
        let unit: String
        let quantity: Int64
        let measureTotal: Int64
        /// The measure's exact weight (`3/5`), as the bylaws fix it.
        let weight: Ratio
        let portion: Money

        enum CodingKeys: String, CodingKey {
            case measure, unit, quantity, weight, portion
            case measureTotal = "measure_total"
        }
    }

    /// The consent in force for the year: the member agreed to take the allocation into income.
    struct Consent: Encodable {
        let method: ConsentMethod
        /// When the member gave it.
        let date: CivilDate
        /// The `patronage.consent` entry that recorded it; for a consent held by membership, the
        /// admission or the adoption of the bylaws providing it.
        let entry: UInt64
        /// For a consent held by membership: `admission` or `adoption` (absent otherwise).
        var source: ConsentSource? = nil
        /// For a consent held by membership: the bylaws' provision (`Article VI.3`).
        var provision: String? = nil
        /// For a consent held by membership: when the bylaws providing it were first adopted.
        var adopted: CivilDate? = nil
    }

    enum CodingKeys: String, CodingKey {
        case format, cooperative, member, name, start, end, allocation, factors, cash, retained, qualified, consent
        case fiscalYear = "fiscal_year"
        case paymentPeriodEnd = "payment_period_end"
        case rulesVersion = "rules_version"
        case resultHash = "result_hash"
        case commitEntry = "commit_entry"
    }

    /// Whether this notice charges a loss rather than allocating a surplus.
    var isLossCharge: Bool { allocation < .zero }
}

/// The notices of one committed year: every member with a non-zero allocation, in member order,
/// with their canonical bytes and the digest over all of them.
struct PatronageNoticeSet {
    let cooperative: String
    let result: PatronageComputation
    let commit: YearCommit
    let notices: [PatronageNotice]
    /// Each notice's canonical JSON, in the order of `notices`.
    let documents: [[UInt8]]
    /// SHA-256 of the canonical JSON array of all notices (`[` doc `,` doc … `]`), in member order.
    let digest: SHA256Digest

    init(state: LedgerState, result: PatronageComputation, commit: YearCommit) throws {
        cooperative = state.name
        self.result = result
        self.commit = commit
        let a = result.allocation
        let fiscal = result.fiscal
        notices = a.members.filter { $0.allocation != .zero }.map { row in
            PatronageNotice(
                cooperative: state.name, member: row.member, name: state.members[row.member]?.name ?? "",
                fiscalYear: fiscal.year, start: fiscal.start, end: fiscal.end, allocation: row.allocation,
                factors: zip(zip(a.rules.measures, a.measures), row.factors).map { pair, share in
                    PatronageNotice.Factor(
                        measure: pair.0.name, unit: pair.0.unit, quantity: share.quantity,
                        measureTotal: pair.1.total, weight: pair.0.weight, portion: share.portion)
                },
                cash: row.cash, retained: row.retained, paymentPeriodEnd: fiscal.paymentPeriodEnd, qualified: row.qualified,
                consent: row.qualified
                    ? result.consents[row.member].map { basis in
                        let held = ConsentDescription(basis, of: row.member, in: state)
                        return PatronageNotice.Consent(
                            method: basis.method, date: basis.date, entry: basis.index, source: held?.record.source,
                            provision: held?.provision, adopted: held?.adopted)
                    } : nil,
                rulesVersion: result.rulesVersion.hex, resultHash: result.resultHash.hex, commitEntry: commit.index)
        }
        let encoder = CanonicalJSONEncoder()
        documents = try notices.map { try encoder.encode($0) }
        // Hashed piece by piece: the array's canonical form is its elements' joined by commas,
        // and a large membership's array could exceed the encoder's document size limit.
        var hasher = SHA256.Hasher()
        hasher.update(byte: UInt8(ascii: "["))
        for (i, document) in documents.enumerated() {
            if i > 0 { hasher.update(byte: UInt8(ascii: ",")) }
            hasher.update(document)
        }
        hasher.update(byte: UInt8(ascii: "]"))
        digest = hasher.finalize()
    }

    var totalAllocated: Money { notices.map(\.allocation).sum() }

    /// `index.json`: who has a notice, and the totals, for the treasurer and the auditor.
    func index() throws -> [UInt8] {
        var encoder = CanonicalJSONEncoder()
        // One line per member: allow a large membership.
        encoder.options.maxInputSize = 512 << 20
        return try encoder.encode(NoticesIndex(set: self))
    }
}

/// The document `index.json` holds.
private struct NoticesIndex: Encodable {
    let format = "coop-patronage-notices-index/1"
    let cooperative: String
    let fiscalYear: Int
    let start: CivilDate
    let end: CivilDate
    let paymentPeriodEnd: CivilDate
    let rulesVersion: String
    let resultHash: String
    let commitEntry: UInt64
    let digest: String
    let members: [Line]
    let totals: Totals

    struct Line: Encodable {
        let member: MemberID
        let name: String
        let allocation: Money
        let cash: Money
        let retained: Money
        let qualified: Bool
    }

    struct Totals: Encodable {
        let notices: Int
        let allocation: Money
        let cash: Money
        let retained: Money
        let qualifiedRetained: Money
        let nonQualifiedRetained: Money

        enum CodingKeys: String, CodingKey {
            case notices, allocation, cash, retained
            case qualifiedRetained = "qualified_retained"
            case nonQualifiedRetained = "non_qualified_retained"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, cooperative, start, end, digest, members, totals
        case fiscalYear = "fiscal_year"
        case paymentPeriodEnd = "payment_period_end"
        case rulesVersion = "rules_version"
        case resultHash = "result_hash"
        case commitEntry = "commit_entry"
    }

    init(set: PatronageNoticeSet) {
        let fiscal = set.result.fiscal
        cooperative = set.cooperative
        fiscalYear = fiscal.year
        start = fiscal.start
        end = fiscal.end
        paymentPeriodEnd = fiscal.paymentPeriodEnd
        rulesVersion = set.result.rulesVersion.hex
        resultHash = set.result.resultHash.hex
        commitEntry = set.commit.index
        digest = set.digest.hex
        let notices = set.notices
        members = notices.map {
            Line(member: $0.member, name: $0.name, allocation: $0.allocation, cash: $0.cash, retained: $0.retained, qualified: $0.qualified)
        }
        totals = Totals(
            notices: notices.count, allocation: notices.map(\.allocation).sum(), cash: notices.map(\.cash).sum(),
            retained: notices.map(\.retained).sum(),
            qualifiedRetained: notices.filter(\.qualified).map(\.retained).sum(),
            nonQualifiedRetained: notices.filter { !$0.qualified }.map(\.retained).sum())
    }
}
