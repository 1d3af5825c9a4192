import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import CoopPatronage

/// A fiscal year's allocation as computed from the ledger, with the hash a `patronage-approval`
/// motion pins and `patronage.commit` checks.
///
/// The result is a pure function of the year's recorded quantities, its close, the consents in
/// force, the loss carried in and the rules version; the hash covers all of them through the
/// result document (docs/FORMAT.md §4.2), so any change to an input changes the hash.
public struct PatronageComputation: Sendable {
    public let fiscal: FiscalYear
    /// The bylaws version whose patronage rules were applied.
    public let rulesVersion: SHA256Digest
    public let allocation: PatronageAllocation
    /// The consent in force for each member with patronage who has one (their notice is qualified).
    public let consents: [MemberID: ConsentBasis]
    /// SHA-256 of `document`.
    public let resultHash: SHA256Digest
    /// The canonical JSON of the result document.
    public let document: [UInt8]

    /// The document hashed: what an auditor recomputes.
    struct Document: Encodable {
        static let format = "coop-patronage-result/1"
        let format = Document.format
        let year: Int
        let start: CivilDate
        let end: CivilDate
        let rulesVersion: String
        let allocation: PatronageAllocation

        enum CodingKeys: String, CodingKey {
            case format, year, start, end, allocation
            case rulesVersion = "rules_version"
        }
    }

    /// Wraps an allocation with its year and rules version, and hashes the result document.
    public init(
        fiscal: FiscalYear, rulesVersion: SHA256Digest, allocation: PatronageAllocation,
        consents: [MemberID: ConsentBasis] = [:]
    ) throws {
        self.fiscal = fiscal
        self.rulesVersion = rulesVersion
        self.allocation = allocation
        self.consents = consents
        document = try CanonicalJSON.encode(
            try Self.documentTree(
                Document(year: fiscal.year, start: fiscal.start, end: fiscal.end, rulesVersion: rulesVersion.hex, allocation: allocation)),
            options: LedgerState.snapshotLimits)
        resultHash = SHA256.hash(document)
    }

    /// The document's JSON: what `Document`'s `Codable` encoding gives (tests hold them equal),
    /// with the member rows built here, not one `Codable` value at a time (that was most of a
    /// 100,000-member year end's close, preview and commit: perf).
    static func documentTree(_ document: Document) throws -> JSONValue {
        let head = Document(
            year: document.year, start: document.start, end: document.end, rulesVersion: document.rulesVersion,
            allocation: document.allocation.withoutMemberRows)
        guard case var .object(fields) = try JSONValue(encoding: head), case var .object(allocation)? = fields["allocation"] else {
            throw LedgerError.storage("the patronage result document did not encode as an object")
        }
        allocation["members"] = .array(document.allocation.members.map(Self.row))
        fields["allocation"] = .object(allocation)
        return .object(fields)
    }

    /// One member's row as `MemberPatronage` encodes it.
    private static func row(_ r: MemberPatronage) -> JSONValue {
        .object([
            "member": .string(r.member.description),
            "allocation": .integer(r.allocation.cents),
            "cash": .integer(r.cash.cents),
            "retained": .integer(r.retained.cents),
            "below_minimum": .integer(r.belowMinimum.cents),
            "qualified": .bool(r.qualified),
            "factors": .array(r.factors.map { .object(["quantity": .integer($0.quantity), "portion": .integer($0.portion.cents)]) }),
        ])
    }
}

extension LedgerState {
    /// The year's allocation: as committed (recomputed with the consents and carried loss the
    /// commit fixed) once committed, otherwise as it would be committed now.
    public func patronageComputation(year: Int) throws -> PatronageComputation {
        let fiscal = try fiscalYear(year)
        let register = patronage[year]
        guard let close = register.close else {
            throw patronageError(
                .patronage,
                "fiscal year \(year) is not closed: record its surplus with 'coop patronage close-year \(year) --surplus AMOUNT'")
        }
        if let commit = register.commit {
            guard let bylaws = bylawsVersions[commit.rulesVersion], let rules = bylaws.rules.patronage?.rules else {
                throw patronageError(
                    .bylaws,
                    "the rules version \(commit.rulesVersion.hex) committed for \(year) is missing from the ledger")
            }
            return try computation(
                fiscal, version: bylaws.version, rules: rules, close: close,
                carriedLoss: commit.carriedLossIn, consents: commit.consents)
        }
        if let open = uncommittedYear(before: year) {
            throw patronageError(
                .patronage,
                "fiscal year \(open) is closed but not committed: commit it first, because its result decides the loss carried into \(year)")
        }
        let (bylaws, rules) = try patronageBylaws(for: fiscal)
        var consents: [MemberID: ConsentBasis] = [:]
        for member in register.quantities.keys {
            if let basis = consentBasis(member, for: fiscal) { consents[member] = basis }
        }
        return try computation(
            fiscal, version: bylaws.version, rules: rules.rules, close: close,
            carriedLoss: patronage.carriedLoss, consents: consents)
    }

    /// The earliest year before `year` that is closed but not committed: until it is, the
    /// loss it carries into later years is unknown.
    func uncommittedYear(before year: Int) -> Int? {
        patronage.years.values.filter { $0.year < year && $0.close != nil && $0.commit == nil }.map(\.year).min()
    }

    private func computation(
        _ fiscal: FiscalYear, version: SHA256Digest, rules: PatronageRules, close: YearClose,
        carriedLoss: Money, consents: [MemberID: ConsentBasis]
    ) throws -> PatronageComputation {
        let inputs = patronage[fiscal.year].quantities.map { member, quantities in
            PatronageInput(member: member, quantities: quantities, qualified: consents[member] != nil)
        }
        let allocation: PatronageAllocation
        do {
            allocation = try PatronageAllocator.allocate(
                rules: rules, surplus: close.surplus, nonPatronage: close.nonPatronage,
                carriedLoss: carriedLoss, members: inputs)
        } catch {
            throw patronageError(.patronage, "fiscal year \(fiscal.year): \(error)")
        }
        return try PatronageComputation(fiscal: fiscal, rulesVersion: version, allocation: allocation, consents: consents)
    }
}
