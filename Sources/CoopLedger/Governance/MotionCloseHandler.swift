import CoopBylaws
import CoopCrypto
import CoopGovernance
import CoopModel
import CoopSecretBallot

/// `motion.close`: the officer the bylaws name ends the vote and records the counts and the
/// outcome in the entry. The handler counts the ballots itself, under the rule fixed at
/// opening, and refuses the entry unless every recorded number agrees: so `coop verify`, which
/// replays every handler, fails on any ledger whose recorded outcome is not what the ballots say.
///
/// A motion that passed takes effect here: an amendment's bylaws come into force at this entry,
/// a dues change adds a schedule step, a patronage approval is recorded for the commit to check.
struct MotionCloseHandler: EntryHandler {
    let type = EntryType.motionClose

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        try state.requireOfficer(s.author, for: .motionClose, fallback: [.secretary])
        let body = try entry.body(MotionCloseBody.self)
        let motion = try state.motion(body.motion, field: "motion")
        guard motion.status == .open, let opening = motion.opening else {
            throw entry.refuse(
                .status, field: "motion",
                motion.status == .closed ? "\(motion.id) is already closed" : "\(motion.id) was never opened for voting")
        }
        if let closes = opening.closesAt, entry.time < closes {
            throw entry.refuse(.tooEarly, "voting on \(motion.id) runs until \(closes); close it at or after that time")
        }
        let decision = try state.decision(for: motion)
        var differences: [String] = []
        var fields: [String] = []
        func compare<T: Equatable>(_ name: String, _ recorded: T?, _ derived: T) {
            guard recorded != derived else { return }
            differences.append("\(name) recorded \(recorded.map { "\($0)" } ?? "nothing"), the ballots give \(derived)")
            fields.append(name)
        }
        compare("electorate", body.electorate, Int64(opening.electorate.count))
        compare("ballots", body.ballots, decision.ballots)
        compare("passed", body.passed, decision.passed)
        if let tally = decision.resolved.tally {
            compare("yes", body.yes, tally.yes)
            compare("no", body.no, tally.no)
            compare("abstain", body.abstain, tally.abstain)
            if body.votes != nil || body.winners != nil || body.resultHash != nil {
                differences.append("\"votes\", \"winners\" and \"result_hash\" are for elections")
                fields.append(contentsOf: ["votes", "winners", "result_hash"])
            }
        } else if let election = decision.election, let tally = decision.resolved.electionTally, tally.method.rankedMethod != nil {
            // Ranked: the winners and the hash of the whole count (absent when the quorum was
            // not met and nothing was counted); first preferences are not recorded.
            compare("winners", body.winners, election.winners)
            compare("abstain", body.abstain, tally.abstentions)
            let derived = try decision.rankedResultHash
            if body.resultHash != derived {
                differences.append(
                    "result_hash recorded \(body.resultHash?.hex ?? "nothing"), the recount gives "
                        + (derived?.hex ?? "nothing (the quorum was not met)"))
                fields.append("result_hash")
            }
            let stray = [("yes", body.yes != nil), ("no", body.no != nil), ("votes", body.votes != nil)].filter(\.1).map(\.0)
            if !stray.isEmpty {
                differences.append(stray.map { "\"\($0)\"" }.joined(separator: ", ") + " must be absent for a ranked election")
                fields.append(contentsOf: stray)
            }
        } else if let election = decision.election, let tally = decision.resolved.electionTally {
            compare("votes", body.votes, tally.counts)
            compare("winners", body.winners, election.winners)
            compare("abstain", body.abstain, tally.abstentions)
            if body.yes != nil || body.no != nil || body.resultHash != nil {
                differences.append("\"yes\" and \"no\" are for motions, \"result_hash\" for ranked elections")
                fields.append(contentsOf: ["yes", "no", "result_hash"])
            }
        }
        guard differences.isEmpty else {
            throw entry.refuse(
                .recount, field: fields.count == 1 ? fields[0] : nil,
                "the recorded result of \(motion.id) is not what its ballots give: "
                    + differences.joined(separator: "; ") + " (record what 'coop motion tally \(motion.id)' shows)")
        }
        var next = state
        if decision.passed { try next.enact(motion, at: index, time: entry.time, entry: entry) }
        next.governance.motions[motion.id]?.status = .closed
        next.governance.motions[motion.id]?.outcome = MotionOutcome(
            index: index, time: entry.time, passed: decision.passed, tally: decision.resolved.tally,
            electionTally: decision.resolved.electionTally, winners: decision.election?.winners,
            superseded: decision.resolved.superseded, rankedResult: decision.ranked)
        if let counts = decision.secretResult { next.governance.motions[motion.id]?.secret?.result = counts }
        state = next
    }
}

extension LedgerState {
    /// Applies what a passed motion decided.
    mutating func enact(_ motion: Motion, at index: UInt64, time: Timestamp, entry: DecodedEntry) throws {
        switch motion.kind {
        case .resolution, .election:
            break
        case .bylawsAmendment:
            guard let files = motion.bylawsFiles else { throw entry.refuse(.invalid, "\(motion.id) carries no bylaws files") }
            let bylaws: Bylaws
            do {
                bylaws = try BylawsReader.read(files)
            } catch {
                throw entry.refuse(.bylaws, "\(motion.id)'s bylaws no longer read: \(error)")
            }
            adopt(bylaws, index: index, date: time.date)
        case .duesChange:
            guard let dues = motion.dues else { throw entry.refuse(.invalid, "\(motion.id) carries no dues tiers") }
            // Never retroactive: a change closed after its effective month applies from the close.
            let from = max(dues.effective, YearMonth(time.date))
            registers.duesSchedule.append(DuesScheduleStep(index: index, from: from, tiers: dues.tiers))
        case .patronageApproval:
            guard let p = motion.patronage else { throw entry.refuse(.invalid, "\(motion.id) carries no patronage result") }
            governance.approvedPatronageResults[String(p.year)] = p.resultHash
        }
    }
}
