import CoopBylaws
import CoopCanonicalJSON
import CoopLedger
import CoopModel
import CoopPatronage

/// A member's consent as a person reads it, with its basis: "bylaw consent, Article VI.3,
/// adopted 2026-01-05" for one held by membership, "written consent, entry 12" for one recorded.
struct ConsentDescription {
    let record: ConsentRecord
    /// The bylaws' provision making membership a consent (a consent held by membership only).
    let provision: String?
    /// When the bylaws version providing it was first adopted (a consent held by membership only).
    let adopted: CivilDate?

    init(_ record: ConsentRecord, in state: LedgerState) {
        self.record = record
        guard record.source != nil, let version = record.bylawsVersion else {
            provision = nil
            adopted = nil
            return
        }
        provision = state.bylawsVersions[version]?.rules.patronage?.bylawConsent
        adopted = state.bylawsAdoptions.first { $0.version == version }?.date
    }

    /// The record behind `basis` (the consent a year's allocation used), if the state holds it.
    init?(_ basis: ConsentBasis, of member: MemberID, in state: LedgerState) {
        guard let record = state.patronage.consents[member]?.first(where: { $0.index == basis.index && $0.method == basis.method }) else {
            return nil
        }
        self.init(record, in: state)
    }

    /// The basis alone: "bylaw consent, Article VI.3, adopted 2026-01-05" or "written consent, entry 12".
    var basis: String {
        if record.source != nil {
            return "bylaw consent, \(provision ?? "by membership"), adopted \(adopted?.description ?? record.date.description)"
        }
        let year = record.year.map { " for \($0)" } ?? ""
        return "\(record.method.rawValue) consent\(year), entry \(record.index)"
    }

    /// The basis with when it began and, if revoked, the last fiscal year it covers.
    var line: String {
        var text = basis + " (from \(record.date)"
        if let source = record.source { text += source == .admission ? ", by admission" : ", held when adopted" }
        text += ")"
        if let on = record.revokedOn {
            text += "; revoked on \(on)" + (record.revokedAt.map { " (entry \($0))" } ?? "") + ": not after that fiscal year"
        }
        return text
    }

    /// The record for `--json`: `{method, date, entry, basis, source?, year?, revoked_on?, revoked_at?}`.
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "method": .string(record.method.rawValue), "date": .string(record.date.description),
            "entry": .integer(Int64(record.index)), "basis": .string(basis),
        ]
        if let source = record.source { o["source"] = .string(source.rawValue) }
        if let year = record.year { o["year"] = .integer(Int64(year)) }
        if let on = record.revokedOn { o["revoked_on"] = .string(on.description) }
        if let at = record.revokedAt { o["revoked_at"] = .integer(Int64(at)) }
        return .object(o)
    }
}
