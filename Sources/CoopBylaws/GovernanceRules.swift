import CoopGovernance

/// The kinds of motion members decide, each with its own voting rule in the bylaws.
public enum MotionKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CodingKeyRepresentable {
    /// An ordinary decision of the members.
    case resolution
    /// Replaces the bylaws (text and machine rules) with the files the motion carries.
    case bylawsAmendment = "bylaws-amendment"
    /// Fills seats (directors) from a list of candidates.
    case election
    /// Approves a year's patronage allocation, named by its result hash.
    case patronageApproval = "patronage-approval"
    /// Changes the dues tiers from a month on.
    case duesChange = "dues-change"

    public static func < (lhs: MotionKind, rhs: MotionKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The `governance` section of `rules.yaml`: how each kind of motion is decided, and how
/// elections are run unless the motion says otherwise.
///
/// Every kind has a rule (the parser refuses a missing one): a motion whose rule the bylaws do
/// not state could not be decided reproducibly.
public struct GovernanceRules: Sendable, Equatable, Codable {
    public var resolution: VotingRule
    public var bylawsAmendment: VotingRule
    /// Quorum, notice, window, eligibility and proposers of elections; the threshold is unused
    /// (seats go to the most voted candidates).
    public var election: VotingRule
    public var patronageApproval: VotingRule
    public var duesChange: VotingRule
    /// The method and seat count an election uses when its proposal names none.
    public var electionMethod: ElectionMethod

    public init(
        resolution: VotingRule, bylawsAmendment: VotingRule, election: VotingRule,
        patronageApproval: VotingRule, duesChange: VotingRule, electionMethod: ElectionMethod
    ) {
        self.resolution = resolution
        self.bylawsAmendment = bylawsAmendment
        self.election = election
        self.patronageApproval = patronageApproval
        self.duesChange = duesChange
        self.electionMethod = electionMethod
    }

    enum CodingKeys: String, CodingKey {
        case resolution, election
        case bylawsAmendment = "bylaws-amendment"
        case patronageApproval = "patronage-approval"
        case duesChange = "dues-change"
        case electionMethod = "election_method"
    }

    /// The rule for `kind`.
    public func rule(for kind: MotionKind) -> VotingRule {
        switch kind {
        case .resolution: return resolution
        case .bylawsAmendment: return bylawsAmendment
        case .election: return election
        case .patronageApproval: return patronageApproval
        case .duesChange: return duesChange
        }
    }
}
