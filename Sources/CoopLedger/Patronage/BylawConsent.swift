import CoopBylaws
import CoopModel
import CoopPatronage

/// How a bylaw consent came to be held without a `patronage.consent` entry, when the bylaws
/// make membership a consent (`patronage.bylaw_consent`, IRC §1388(c)(2)(B)).
public enum ConsentSource: String, Sendable, Codable {
    /// The member was admitted (a founder, or `member.admit`) while such bylaws were in force.
    case admission
    /// Such bylaws were adopted while the member was a member (active or suspended).
    case adoption
}

extension LedgerState {
    /// The bylaws in force when they make membership a consent, with the date they came into force.
    var bylawConsentInForce: (version: Bylaws, adopted: CivilDate)? {
        guard let last = bylawsAdoptions.last, let bylaws = bylawsVersions[last.version], bylaws.rules.patronage?.bylawConsent != nil
        else { return nil }
        return (bylaws, last.date)
    }

    /// Gives `member`, just admitted by entry `index` on `admittedOn`, the bylaw consent of the
    /// bylaws in force, when they make membership a consent. It is dated the admission, or the
    /// bylaws' adoption for an admission backdated before it.
    mutating func consentByMembership(_ member: MemberID, admittedAt index: UInt64, on admittedOn: CivilDate) {
        guard let (bylaws, adopted) = bylawConsentInForce else { return }
        appendBylawConsent(member, index: index, date: max(admittedOn, adopted), version: bylaws, source: .admission)
    }

    /// When entry `index` adopts bylaws that make membership a consent and the bylaws in force
    /// before it did not, every active or suspended member without a bylaw consent in force
    /// gets one, dated `date`.
    mutating func consentByAdoption(previous: Bylaws?, index: UInt64, date: CivilDate) {
        guard previous?.rules.patronage?.bylawConsent == nil, let (bylaws, _) = bylawConsentInForce else { return }
        for id in members.keys.sorted() {
            guard let m = members[id], m.status == .active || m.status == .suspended else { continue }
            let held = patronage.consents[id]?.contains { $0.method == .bylaw && $0.revokedOn == nil } ?? false
            if !held { appendBylawConsent(id, index: index, date: date, version: bylaws, source: .adoption) }
        }
    }

    private mutating func appendBylawConsent(_ member: MemberID, index: UInt64, date: CivilDate, version: Bylaws, source: ConsentSource) {
        patronage.consents[member, default: []].append(
            ConsentRecord(
                index: index, method: .bylaw, date: date, bylawsVersion: version.version, year: nil,
                revokedOn: nil, revokedAt: nil, source: source))
    }
}
