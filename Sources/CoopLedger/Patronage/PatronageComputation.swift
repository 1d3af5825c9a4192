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
        var encoder = CanonicalJSONEncoder()
        encoder.options = LedgerState.snapshotLimits
        document = try encoder.encode(
            Document(
                year: fiscal.year, start: fiscal.start, end: fiscal.end,
                rulesVersion: rulesVersion.hex, allocation: allocation))
        resultHash = SHA256.hash(document)
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
