import CoopBylaws
import CoopCrypto
import CoopGovernance
import CoopModel
import CoopSecretBallot

/// `motion.second`: another member in good standing supports putting the motion to a vote
/// (needed only when the bylaws let any member propose, with seconds).
struct MotionSecondHandler: EntryHandler {
    let type = EntryType.motionSecond

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(MotionRefBody.self)
        let motion = try state.motion(body.motion, field: "motion")
        guard motion.status == .proposed else {
            throw entry.refuse(.status, field: "motion", "\(motion.id) is already \(motion.status.rawValue); seconds are for proposals")
        }
        guard let rule = state.bylaws?.rules.governance.rule(for: motion.kind),
            case .anyMember(let needed) = rule.proposers, needed > 0
        else {
            throw entry.refuse(.bylaws, "\(motion.kind.rawValue) motions need no seconds under the bylaws in force")
        }
        guard s.author != motion.proposer else { throw entry.refuse(.notEligible, "the proposer cannot second their own motion") }
        guard !motion.seconds.contains(s.author) else {
            throw entry.refuse(.duplicate, field: "motion", "\(s.author) already seconded \(motion.id)")
        }
        guard state.inGoodStanding(s.author, asOf: YearMonth(entry.time.date)) else {
            throw LedgerError.unauthorized(
                index: nil, author: s.author.description, type: type.rawValue,
                reason: "only members in good standing may second a motion")
        }
        state.governance.motions[motion.id]?.seconds.append(s.author)
    }
}

/// `motion.open`: the officer the bylaws name opens voting once notice has run. The rule in force
/// now, the window, and the electorate are fixed on the motion; later admissions or payments
/// change none of them. The electorate is judged at the record position (the proposal, unless
/// the rule says `record_date: open`), and the entry states its fingerprint and size, so the
/// officer signs who may vote and any verifier re-derives and compares it.
struct MotionOpenHandler: EntryHandler {
    let type = EntryType.motionOpen

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        try state.requireOfficer(s.author, for: .motionOpen, fallback: [.secretary])
        let body = try entry.body(MotionOpenBody.self)
        let motion = try state.motion(body.motion, field: "motion")
        guard motion.status == .proposed else {
            throw entry.refuse(.status, field: "motion", "\(motion.id) is already \(motion.status.rawValue)")
        }
        guard let bylaws = state.bylaws else { throw entry.refuse(.bylaws, "motions need machine bylaws (this ledger has none)") }
        let rule = bylaws.rules.governance.rule(for: motion.kind)
        if case .anyMember(let needed) = rule.proposers, motion.seconds.count < needed {
            throw entry.refuse(
                .bylaws,
                "\(motion.id) has \(motion.seconds.count) of the \(needed) seconds the bylaws require; it cannot open yet")
        }
        let noticeEnds = CivilDate(daysSinceEpoch: motion.proposedTime.date.daysSinceEpoch + Int64(rule.noticeDays))
        guard entry.time.date >= noticeEnds else {
            throw entry.refuse(
                .tooEarly,
                "\(motion.kind.rawValue) motions need \(rule.noticeDays) days' notice; \(motion.id) was proposed on "
                    + "\(motion.proposedTime.date) and may open on \(noticeEnds) or later")
        }
        if let opens = motion.opens, entry.time < opens {
            throw entry.refuse(.tooEarly, "\(motion.id) is to open at \(opens), not before")
        }
        let closesAt =
            body.closes ?? motion.closes
            ?? rule.votingDays.map { Timestamp(secondsSinceEpoch: entry.time.secondsSinceEpoch + Int64($0) * 86_400) }
        if let closesAt, closesAt <= entry.time {
            throw entry.refuse(
                .tooLate, field: body.closes == nil ? nil : "closes",
                "the closing time \(closesAt) has already passed; give a later \"closes\"")
        }
        let (electorate, digest, recordIndex, recordDate) = try state.openingElectorate(for: motion, openIndex: index, openDate: entry.time.date)
        let record = (recordIndex, recordDate)
        guard !electorate.isEmpty else {
            throw entry.refuse(
                .notEligible,
                "no member is eligible to vote on \(motion.id) (active, of an eligible class, in good standing "
                    + "at the record date \(record.1))")
        }
        let hash = digest.hex
        guard body.electorateHash == digest, body.electorateCount == Int64(electorate.count) else {
            let field = body.electorateCount == Int64(electorate.count) ? "electorate_hash" : "electorate_count"
            throw entry.refuse(
                .electorate, field: field,
                "the entry states an electorate of \(body.electorateCount) with fingerprint \(body.electorateHash.hex), "
                    + "but the members eligible at the record date \(record.1) (entry \(record.0)) are \(electorate.count) with "
                    + "fingerprint \(hash) (see 'coop motion show \(motion.id)')")
        }
        let secret = try Self.secretElection(body, motion: motion, rule: rule, ledgerID: state.ledgerID, state: state, entry: entry)
        let opening = MotionOpening(
            index: index, time: entry.time, recordIndex: record.0, recordDate: record.1, entryHash: entry.hash.hex,
            closesAt: closesAt, bylawsVersion: bylaws.version.hex, rule: rule, electorate: electorate, electorateHash: hash)
        state.governance.motions[motion.id]?.opening = opening
        state.governance.motions[motion.id]?.status = .open
        state.governance.motions[motion.id]?.secret = secret
    }

    /// A secret motion's election, started with the trustees and threshold the open names; nil
    /// for an open ballot (which may name no trustees).
    static func secretElection(
        _ body: MotionOpenBody, motion: Motion, rule: VotingRule, ledgerID: LedgerID?, state: LedgerState, entry: DecodedEntry
    ) throws -> SecretElection? {
        let secret = rule.ballot == .secret || (rule.ballot == .onRequest && motion.secretRequested == true)
        guard secret else {
            if body.trustees != nil || body.threshold != nil {
                throw entry.refuse(
                    .field, field: body.trustees != nil ? "trustees" : "threshold",
                    "\(motion.id) is voted by open ballot; trustees and a threshold are for secret ballots")
            }
            return nil
        }
        guard let trustees = body.trustees, let threshold = body.threshold else {
            throw entry.refuse(
                .field, field: body.trustees == nil ? "trustees" : "threshold",
                "\(motion.id) is voted by secret ballot: name its trustees and the threshold of them needed to decrypt "
                    + "(e.g. --trustee m1 --trustee m4 --trustee m7 --threshold 2)")
        }
        guard let shape = LedgerState.secretBallotShape(for: motion) else {
            throw entry.refuse(
                .bylaws,
                "secret ballots are for yes/no/abstain motions and plurality or approval elections of 1 to "
                    + "\(ElectionContext.maximumChoices) candidates; \(motion.id) cannot be voted secretly")
        }
        for (i, t) in trustees.enumerated() {
            _ = try state.member(t, field: "trustees[\(i)]")
            try state.requireActive(t, field: "trustees[\(i)]", role: "the trustee", for: entry)
        }
        let ceremony: TrusteeCeremony
        do {
            ceremony = try TrusteeCeremony(
                ledgerID: ledgerID?.description ?? "", label: motion.id.description, threshold: threshold, trustees: trustees)
        } catch {
            throw entry.refuse(.field, field: "threshold", "\(error)")
        }
        return SecretElection(ceremony: ceremony, choices: shape.choices, minimum: shape.minimum, maximum: shape.maximum)
    }
}
