import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopModel

/// The result of counting a motion's ballots under its rule: what `motion.close` must record
/// and what `coop motion tally` shows. Always derived, never trusted from an entry.
public struct MotionDecision: Sendable, Equatable {
    public var resolved: ResolvedBallots
    public var passed: Bool
    /// The decided motion outcome (yes/no motions) or election result.
    public var outcome: TallyOutcome?
    public var election: ElectionResult?
    public var explanation: [String]

    /// Ballots counted (abstentions included).
    public var ballots: Int64 {
        if let t = resolved.tally { return Int64(clamping: t.ballots) }
        return resolved.electionTally?.ballots ?? 0
    }
}

extension LedgerState {
    /// The motion named `text`, or an error that says how to find one.
    public func motion(_ id: MotionID) throws -> Motion {
        guard let m = governance.motions[id] else {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "there is no motion \(id) (see 'coop motion list')")
        }
        return m
    }

    /// The members eligible to vote on a `rule` motion at this position: active, in good
    /// standing at the end of `month`, and (when the rule names classes) of an eligible class.
    public func electorate(under rule: VotingRule, month: YearMonth) -> [MemberID] {
        members.values.filter { m in
            guard m.status == .active, inGoodStanding(m.id, asOf: month) else { return false }
            guard let classes = rule.eligibleClasses else { return true }
            return m.memberClass.map(classes.contains) ?? false
        }.map(\.id).sorted()
    }

    /// SHA-256 of the canonical JSON array of member ids: what the opening records as the
    /// electorate's fingerprint (docs/FORMAT.md "Governance").
    static func electorateHash(_ ids: [MemberID]) throws -> SHA256Digest {
        SHA256.hash(try CanonicalJSON.encode(.array(ids.map { .string($0.description) })))
    }

    /// The ballot box of an opened motion with every recorded event replayed, in ledger order.
    func ballotBox(for motion: Motion) throws -> BallotBox {
        guard let opening = motion.opening else {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id) has not been opened for voting")
        }
        var box: BallotBox
        do {
            if let election = motion.election {
                box = try BallotBox(electorate: opening.electorate, election: election.method,
                                    candidates: election.candidates, proxies: opening.rule.proxies)
            } else {
                box = BallotBox(electorate: opening.electorate, proxies: opening.rule.proxies)
            }
            for e in motion.events { try box.record(e) }
        } catch {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id): \(error)")
        }
        return box
    }

    /// Counts an opened motion's ballots under the rule fixed at its opening.
    /// The body of the `motion.close` the counted ballots call for: exactly what the close
    /// handler recounts, so the CLI, tools and tests sign the same thing.
    public func closeBody(for motion: Motion) throws -> (body: [String: JSONValue], decision: MotionDecision) {
        let decision = try decision(for: motion)
        var body: [String: JSONValue] = [
            "motion": .string(motion.id.description), "electorate": .integer(Int64(motion.opening?.electorate.count ?? 0)),
            "ballots": .integer(decision.ballots), "passed": .bool(decision.passed),
        ]
        if let t = decision.resolved.tally {
            body["yes"] = .integer(t.yes)
            body["no"] = .integer(t.no)
            body["abstain"] = .integer(t.abstain)
        } else if let t = decision.resolved.electionTally {
            body["votes"] = .array(t.counts.map { .object(["name": .string($0.name), "votes": .integer($0.votes)]) })
            body["winners"] = .array((decision.election?.winners ?? []).map { .string($0) })
            body["abstain"] = .integer(t.abstentions)
        }
        return (body, decision)
    }

    public func decision(for motion: Motion) throws -> MotionDecision {
        let resolved = try ballotBox(for: motion).finish()
        guard let opening = motion.opening else {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id) has not been opened for voting")
        }
        if let tally = resolved.electionTally {
            let seed = Hex.decode(opening.entryHash) ?? []
            let result = ElectionResult.decide(tally, quorum: opening.rule.quorum, seed: seed)
            return MotionDecision(resolved: resolved, passed: result.quorumMet && !result.winners.isEmpty,
                                  outcome: nil, election: result, explanation: result.explanation)
        }
        let tally = resolved.tally ?? Tally(electorate: Int64(opening.electorate.count), yes: 0, no: 0)
        let outcome = opening.rule.evaluate(tally)
        return MotionDecision(resolved: resolved, passed: outcome.passed, outcome: outcome, election: nil,
                              explanation: outcome.explanation)
    }
}

extension BallotBox {
    /// Re-applies one recorded event (it was valid when recorded, so this only fails on a
    /// corrupted state).
    mutating func record(_ e: VoteEvent) throws(GovernanceError) {
        switch e.kind {
        case .ballot:
            let choice = e.choice ?? .abstain
            if let grantor = e.grantor {
                try castAsProxy(holder: e.member, for: grantor, choice: choice, position: e.position)
            } else {
                try cast(voter: e.member, choice: choice, position: e.position)
            }
        case .proxyGrant:
            guard let holder = e.holder else { throw .noProxyToRevoke(e.member) }
            try grantProxy(from: e.member, to: holder, position: e.position)
        case .proxyRevoke:
            try revokeProxy(from: e.member, position: e.position)
        }
    }
}
