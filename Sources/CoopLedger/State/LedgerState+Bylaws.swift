import CoopBylaws
import CoopCrypto
import CoopModel

/// A bylaws version coming into force at a ledger position.
public struct BylawsAdoption: Sendable, Equatable, Codable {
    public var index: UInt64
    public var date: CivilDate
    public var version: SHA256Digest

    public init(index: UInt64, date: CivilDate, version: SHA256Digest) {
        self.index = index
        self.date = date
        self.version = version
    }
}

extension LedgerState {
    /// The bylaws in force now; nil for a ledger founded without machine rules (core only).
    public var bylaws: Bylaws? { bylawsAdoptions.last.flatMap { bylawsVersions[$0.version] } }

    /// The bylaws in force at the start of `date` (adoptions dated earlier than it).
    public func bylaws(on date: CivilDate) -> Bylaws? {
        (bylawsAdoptions.last { $0.date < date } ?? bylawsAdoptions.first).flatMap { bylawsVersions[$0.version] }
    }

    /// Records `bylaws` as in force from entry `index`.
    /// Members then in force hold the bylaws' consent by membership if these newly provide it.
    mutating func adopt(_ bylaws: Bylaws, index: UInt64, date: CivilDate) {
        let previous = self.bylaws
        bylawsVersions[bylaws.version] = bylaws
        bylawsAdoptions.append(BylawsAdoption(index: index, date: date, version: bylaws.version))
        bylawsHash = bylaws.version
        registers.duesSchedule.append(DuesScheduleStep(index: index, from: YearMonth(date), tiers: bylaws.rules.dues.tiers))
        consentByAdoption(previous: previous, index: index, date: date)
    }

    /// Throws `unauthorized` unless `author` is active and holds a role the bylaws let sign
    /// `action` (without machine bylaws: one of `fallback`, the ledger core's fixed table).
    public func requireOfficer(_ author: MemberID, for action: OfficerAction, fallback: Set<Role>) throws {
        let type = EntryType(action.rawValue)
        guard let bylaws else { return try requireRole(author, anyOf: fallback, for: type) }
        let roles = bylaws.rules.roles(for: action)
        guard !roles.isEmpty else {
            throw LedgerError.unauthorized(
                index: nil, author: author.description, type: type.rawValue,
                reason: "the bylaws let no role sign it")
        }
        try requireRole(author, anyOf: roles, for: type)
    }
}
