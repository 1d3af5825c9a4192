/// An officer role. Each ledger entry type names the roles that may author it.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// Keeps the member register: admits members, grants and revokes roles, revokes keys.
    case secretary
    /// Keeps the books: dues, equity, patronage entries.
    case treasurer
    /// A director: proposes motions, declares redemptions.
    case board
    /// Reads everything, signs audit attestations.
    case auditor

    public var description: String { rawValue }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// Lets `[Role: T]` encode as an object keyed by role name (deterministic in canonical JSON).
extension Role: CodingKeyRepresentable {}
