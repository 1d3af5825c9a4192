/// How a member consented to take patronage allocations into income (IRC §1388(c)(2)), which
/// makes their written notices of allocation qualified.
public enum ConsentMethod: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// A signed written consent (§1388(c)(2)(A)): in force from the fiscal year it is given in
    /// until the end of the fiscal year in which it is revoked.
    case written
    /// Consent by bylaw (§1388(c)(2)(B)): the member joined, or stayed on, after the bylaw was
    /// adopted and was given written notice of it and a copy; in force like a written consent.
    case bylaw
    /// Endorsing and cashing a qualified check (§1388(c)(2)(C)): covers one fiscal year's
    /// allocation only.
    case qualifiedCheck = "qualified-check"

    public static func < (lhs: ConsentMethod, rhs: ConsentMethod) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
