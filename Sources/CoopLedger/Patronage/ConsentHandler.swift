import CoopBylaws
import CoopCrypto
import CoopModel
import CoopPatronage

extension EntryType {
    /// A member's consent to take patronage allocations into income, or its revocation.
    public static let patronageConsent = EntryType("patronage.consent")
}

/// `patronage.consent`: records a consent (written, by bylaw, by qualified check) or revokes one.
///
/// Signed by the member (their own signed statement is a written consent) or by an officer the
/// bylaws let record consents (a paper consent on file). `date` is when the member gave it,
/// never after the entry. A bylaw consent names the adopted bylaws version providing for it;
/// a qualified-check consent names the one fiscal year it covers.
struct ConsentHandler: EntryHandler {
    let type = EntryType.patronageConsent

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(ConsentBody.self)
        if s.author != body.member {
            try state.requireOfficer(s.author, for: .patronageConsent, fallback: [.treasurer])
        }
        let m = try state.requireMember(body.member, in: [.active, .suspended], for: entry)
        guard let accepted = state.bylaws?.rules.patronage?.consent else {
            throw entry.refuse(.bylaws, "the bylaws in force have no patronage section, so there is nothing to consent to")
        }
        let date = body.date ?? entry.time.date
        guard date <= entry.time.date else {
            throw entry.refuse(.tooLate, field: "date", "the consent date \(date) is after this entry (\(entry.time.date))")
        }
        var records = state.patronage.consents[body.member] ?? []
        if body.revoke == true {
            guard body.method != .qualifiedCheck else {
                throw entry.refuse(.field, field: "method", "a qualified-check consent covers one year's allocation and cannot be revoked")
            }
            guard body.year == nil, body.bylawsVersion == nil else {
                throw entry.refuse(
                    .field, field: body.year != nil ? "year" : "bylaws_version",
                    "a revocation names only the member, the method and the date")
            }
            guard let i = records.lastIndex(where: { $0.method == body.method && $0.revokedOn == nil }) else {
                throw entry.refuse(
                    .nothingPending, field: "method",
                    "\(body.member) has no \(body.method.rawValue) consent in force to revoke")
            }
            guard date >= records[i].date else {
                throw entry.refuse(
                    .tooEarly, field: "date",
                    "the revocation date \(date) is before the consent it revokes (\(records[i].date))")
            }
            records[i].revokedOn = date
            records[i].revokedAt = index
        } else {
            guard accepted.contains(body.method) else {
                let names = accepted.sorted().map(\.rawValue).joined(separator: ", ")
                throw entry.refuse(.bylaws, field: "method", "the bylaws accept consent by \(names), not by \(body.method.rawValue)")
            }
            guard date >= m.admittedOn else {
                throw entry.refuse(
                    .tooEarly, field: "date",
                    "the consent date \(date) is before \(body.member) was admitted (\(m.admittedOn))")
            }
            try check(body, date: date, state: state, entry: entry)
            if records.contains(where: { $0.method == body.method && $0.revokedOn == nil && $0.year == body.year }) {
                throw entry.refuse(
                    .duplicate, field: "method",
                    "\(body.member) already has a \(body.method.rawValue) consent in force\(body.year.map { " for \($0)" } ?? "")")
            }
            records.append(
                ConsentRecord(
                    index: index, method: body.method, date: date, bylawsVersion: body.bylawsVersion,
                    year: body.year, revokedOn: nil, revokedAt: nil, source: nil))
        }
        state.patronage.consents[body.member] = records
    }

    /// The method's own fields: a bylaw consent's adopted version, a qualified check's year.
    private func check(_ body: ConsentBody, date: CivilDate, state: LedgerState, entry: DecodedEntry) throws {
        switch body.method {
        case .written:
            guard body.year == nil, body.bylawsVersion == nil else {
                throw entry.refuse(
                    .field, field: body.year != nil ? "year" : "bylaws_version",
                    "a written consent names no \"year\" or \"bylaws_version\"")
            }
        case .bylaw:
            guard body.year == nil else { throw entry.refuse(.field, field: "year", "a bylaw consent names no \"year\"") }
            guard let version = body.bylawsVersion else {
                throw entry.refuse(
                    .field, field: "bylaws_version",
                    "a bylaw consent names the \"bylaws_version\" whose notice and copy the member received")
            }
            guard let adoption = state.bylawsAdoptions.first(where: { $0.version == version }), adoption.date <= date else {
                throw entry.refuse(.bylaws, field: "bylaws_version", "bylaws version \(version.hex) was not adopted by \(date)")
            }
            guard state.bylawsVersions[version]?.rules.patronage?.consent.contains(.bylaw) == true else {
                throw entry.refuse(.bylaws, field: "bylaws_version", "bylaws version \(version.hex) does not provide for consent by bylaw")
            }
        case .qualifiedCheck:
            guard body.bylawsVersion == nil else {
                throw entry.refuse(.field, field: "bylaws_version", "a qualified-check consent names no \"bylaws_version\"")
            }
            guard let year = body.year, (1900...9999).contains(year) else {
                throw entry.refuse(
                    .field, field: "year",
                    "a qualified-check consent names the fiscal \"year\" whose allocation the check paid")
            }
        }
    }
}
