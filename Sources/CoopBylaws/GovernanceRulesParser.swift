import CoopGovernance
import CoopModel
import Yams

/// Reads the `governance` section of `rules.yaml` (schema: docs/BYLAWS.md, docs/FORMAT.md
/// "Governance"). Every problem is logged with its line, column and rule path; the result is
/// nil when any was found.
///
/// ```yaml
/// governance:
///   resolution:
///     quorum: "1/5"            # a fraction of the electorate, a whole number of ballots, or none
///     threshold: "1/2"         # of the base
///     base: votes-cast         # votes-cast | ballots-cast | electorate
///     comparison: strict       # strict (more than) | inclusive (at least)
///     notice_days: 0
///     voting_days: 7           # optional: without it the secretary closes the vote
///     proxies: none            # or {per_holder_limit: 1}
///     eligible_classes: [therapist, staff]   # optional: every class
///     proposers: board         # or {roles: [secretary]} or {any_member: {seconds: 2}}
///     record_date: proposal    # optional: eligibility judged at the proposal (default) or at the open
///     ballot: secret           # optional: open (default), secret, or on-request (the proposal may ask)
///     secret_proxies: false    # optional: a proxy holder may cast a secret ballot for the grantor
///   election:                  # threshold/base/comparison optional (unused); method and seats required
///     method: plurality-at-large   # or approval, irv (seats: 1), scottish-stv, meek-stv
///     seats: 5
/// ```
struct GovernanceRulesParser {
    let value: YAMLValue
    /// The member classes the bylaws define, to check `eligible_classes` against.
    let classes: Set<String>?

    func parse() -> GovernanceRules? {
        guard let m = value.mapping else { return nil }
        defer { m.finish() }
        var rules: [MotionKind: VotingRule] = [:]
        var method: ElectionMethod?
        for kind in MotionKind.allCases {
            guard let node = m.required(kind.rawValue) else { continue }
            if let parsed = self.rule(node, kind: kind) {
                rules[kind] = parsed.0
                if kind == .election { method = parsed.1 }
            }
        }
        guard let resolution = rules[.resolution], let amendment = rules[.bylawsAmendment], let election = rules[.election],
            let patronage = rules[.patronageApproval], let dues = rules[.duesChange], let method
        else { return nil }
        return GovernanceRules(
            resolution: resolution, bylawsAmendment: amendment, election: election,
            patronageApproval: patronage, duesChange: dues, electionMethod: method)
    }

    private func rule(_ v: YAMLValue, kind: MotionKind) -> (VotingRule, ElectionMethod?)? {
        guard let m = v.mapping else { return nil }
        defer { m.finish() }
        let isElection = kind == .election
        let quorum = m.required("quorum").flatMap(quorum)
        let thresholdNode = isElection ? m.optional("threshold") : m.required("threshold")
        let threshold = thresholdNode.flatMap(threshold)
        let baseNode = isElection ? m.optional("base") : m.required("base")
        let base = baseNode?.oneOf(ThresholdBase.self)
        let comparisonNode = isElection ? m.optional("comparison") : m.required("comparison")
        let comparison = comparisonNode?.oneOf(Comparison.self)
        let notice = m.required("notice_days")?.int(in: 0...365)
        let votingNode = m.optional("voting_days")
        let voting = votingNode?.int(in: 1...365)
        let proxiesNode = m.required("proxies")
        let proxies = proxiesNode.flatMap(proxies)
        let classesNode = m.optional("eligible_classes")
        let eligible = classesNode.flatMap(eligibleClasses)
        let proposers = m.required("proposers").flatMap(proposers)
        let recordNode = m.optional("record_date")
        let record = recordNode?.oneOf(RecordDate.self)
        let ballotNode = m.optional("ballot")
        let ballot = ballotNode?.oneOf(BallotMode.self)
        let secretProxiesNode = m.optional("secret_proxies")
        let secretProxies = secretProxiesNode?.bool
        var method: ElectionMethod?
        if isElection {
            let nameNode = m.required("method")
            let name = nameNode?.oneOf(MethodName.self)
            let seats = m.required("seats")?.int(in: 1...100)
            if let nameNode, let name, let seats {
                method = ElectionMethod(code: name.rawValue, seats: seats)
                if method == nil { nameNode.fail("irv fills exactly 1 seat; set seats: 1 or choose scottish-stv or meek-stv") }
            }
        }
        guard let quorum, let notice, let proposers, proxiesNode != nil, thresholdNode == nil || threshold != nil,
            baseNode == nil || base != nil, comparisonNode == nil || comparison != nil,
            votingNode == nil || voting != nil, classesNode == nil || eligible != nil, recordNode == nil || record != nil,
            ballotNode == nil || ballot != nil, secretProxiesNode == nil || secretProxies != nil,
            proxies != .invalid, !isElection || method != nil
        else { return nil }
        if secretProxies == true, proxies?.rule == nil || ballot == nil || ballot == .open {
            secretProxiesNode?.fail("secret_proxies needs proxies allowed and ballot: secret or on-request")
            return nil
        }
        let rule = VotingRule(
            quorum: quorum, threshold: threshold ?? Ratio(reducing: 1, 2) ?? .one, base: base ?? .votesCast,
            comparison: comparison ?? .strict, noticeDays: notice, votingDays: voting,
            proxies: proxies?.rule, eligibleClasses: eligible, proposers: proposers, recordDate: record ?? .proposal,
            ballot: ballot ?? .open, secretProxies: secretProxies ?? false)
        return (rule, method)
    }

    /// The election methods' names in the rules file (the ranked ones are docs/RANKED.md's).
    enum MethodName: String, CaseIterable {
        case pluralityAtLarge = "plurality-at-large"
        case approval
        case irv
        case scottishSTV = "scottish-stv"
        case meekSTV = "meek-stv"
    }

    /// `none`, a whole number of ballots, or a fraction of the electorate (`"1/5"`, `"20%"`).
    private func quorum(_ v: YAMLValue) -> Quorum? {
        guard let text = v.scalar else { return nil }
        if text == "none" { return Quorum.none }
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let n = Int64(text) else {
                v.fail("\(text) is too large a quorum")
                return nil
            }
            return .count(n)
        }
        guard let r = Ratio(text), r <= Ratio.one, r.numerator > 0 else {
            v.fail("expected none, a whole number of ballots, or a fraction of the electorate at most 1 such as \"1/5\", not \"\(text)\"")
            return nil
        }
        return .fraction(r)
    }

    private func threshold(_ v: YAMLValue) -> Ratio? {
        guard let r = v.ratio else { return nil }
        guard r.numerator > 0, r <= Ratio.one else {
            v.fail("a threshold is above 0 and at most 1, not \(r)")
            return nil
        }
        return r
    }

    /// The proxy setting: `.allowed(rule)`, `.forbidden`, or `.invalid` (a problem was logged).
    enum ProxySetting: Equatable {
        case forbidden
        case allowed(ProxyRule)
        case invalid

        var rule: ProxyRule? {
            if case .allowed(let r) = self { return r }
            return nil
        }
    }

    private func proxies(_ v: YAMLValue) -> ProxySetting? {
        if case .scalar(_) = v.node {
            guard v.scalar == "none" else {
                v.fail("expected none or {per_holder_limit: N}")
                return .invalid
            }
            return .forbidden
        }
        guard let m = v.mapping else { return .invalid }
        defer { m.finish() }
        guard let limit = m.required("per_holder_limit")?.int(in: 1...100) else { return .invalid }
        return .allowed(ProxyRule(perHolderLimit: limit))
    }

    private func eligibleClasses(_ v: YAMLValue) -> [String]? {
        guard let names = v.strings else { return nil }
        guard !names.isEmpty else {
            v.fail("an empty list lets no one vote; omit eligible_classes to let every class vote")
            return nil
        }
        var ok = true
        if Set(names).count != names.count {
            v.fail("a class is listed twice")
            ok = false
        }
        if let classes {
            for name in names where !classes.contains(name) {
                v.fail("\"\(name)\" is not a member class of these bylaws (classes: \(classes.sorted().joined(separator: ", ")))")
                ok = false
            }
        }
        return ok ? names : nil
    }

    private func proposers(_ v: YAMLValue) -> Proposers? {
        if case .scalar(_) = v.node {
            guard v.scalar == "board" else {
                v.fail("expected board, {roles: [...]} or {any_member: {seconds: N}}")
                return nil
            }
            return .board
        }
        guard let m = v.mapping else { return nil }
        defer { m.finish() }
        let rolesNode = m.optional("roles"), anyNode = m.optional("any_member")
        switch (rolesNode, anyNode) {
        case let (roles?, nil):
            guard let names = roles.strings else { return nil }
            guard !names.isEmpty else {
                roles.fail("name at least one role")
                return nil
            }
            for name in names where Role(rawValue: name) == nil {
                roles.fail("unknown role \"\(name)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return .roles(names)
        case let (nil, any?):
            guard let inner = any.mapping else { return nil }
            defer { inner.finish() }
            guard let seconds = inner.required("seconds")?.int(in: 0...100) else { return nil }
            return .anyMember(seconds: seconds)
        default:
            v.fail("proposers needs exactly one of roles or any_member")
            return nil
        }
    }
}
