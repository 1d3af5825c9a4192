import CoopBylaws
import CoopCrypto
import CoopGovernance
import CoopModel

/// Body of `motion.second`, `proxy.revoke`: the motion alone.
struct MotionRef: Codable {
    var motion: MotionID
}

/// `motion.second`: another member in good standing supports putting the motion to a vote
/// (needed only when the bylaws let any member propose, with seconds).
struct MotionSecondHandler: EntryHandler {
    let type = EntryType.motionSecond

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(MotionRef.self, allowed: ["motion"])
        let motion = try state.motion(body.motion)
        guard motion.status == .proposed else { throw entry.invalid("\(motion.id) is already \(motion.status.rawValue); seconds are for proposals") }
        guard let rule = state.bylaws?.rules.governance.rule(for: motion.kind),
              case .anyMember(let needed) = rule.proposers, needed > 0 else {
            throw entry.invalid("\(motion.kind.rawValue) motions need no seconds under the bylaws in force")
        }
        guard s.author != motion.proposer else { throw entry.invalid("the proposer cannot second their own motion") }
        guard !motion.seconds.contains(s.author) else { throw entry.invalid("\(s.author) already seconded \(motion.id)") }
        guard state.inGoodStanding(s.author, asOf: YearMonth(s.time.date)) else {
            throw LedgerError.unauthorized(index: nil, author: s.author.description, type: type.rawValue,
                                           reason: "only members in good standing may second a motion")
        }
        state.governance.motions[motion.id]?.seconds.append(s.author)
    }
}

/// `motion.open`: the officer the bylaws name opens voting once notice has run. The rule in force
/// now, the window, and the electorate (active members in good standing of the eligible classes
/// at this position) are fixed on the motion; later admissions or payments change none of them.
struct MotionOpenHandler: EntryHandler {
    let type = EntryType.motionOpen

    struct Body: Codable {
        var motion: MotionID
        var closes: Timestamp?
    }

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        try state.requireOfficer(s.author, for: .motionOpen, fallback: [.secretary])
        let body = try entry.body(Body.self, allowed: ["motion", "closes"])
        let motion = try state.motion(body.motion)
        guard motion.status == .proposed else { throw entry.invalid("\(motion.id) is already \(motion.status.rawValue)") }
        guard let bylaws = state.bylaws else { throw entry.invalid("motions need machine bylaws (this ledger has none)") }
        let rule = bylaws.rules.governance.rule(for: motion.kind)
        if case .anyMember(let needed) = rule.proposers, motion.seconds.count < needed {
            throw entry.invalid("\(motion.id) has \(motion.seconds.count) of the \(needed) seconds the bylaws require; it cannot open yet")
        }
        let noticeEnds = CivilDate(daysSinceEpoch: motion.proposedTime.date.daysSinceEpoch + Int64(rule.noticeDays))
        guard s.time.date >= noticeEnds else {
            throw entry.invalid("\(motion.kind.rawValue) motions need \(rule.noticeDays) days' notice; \(motion.id) was proposed on "
                + "\(motion.proposedTime.date) and may open on \(noticeEnds) or later")
        }
        if let opens = motion.opens, s.time < opens {
            throw entry.invalid("\(motion.id) is to open at \(opens), not before")
        }
        let closesAt = body.closes ?? motion.closes
            ?? rule.votingDays.map { Timestamp(secondsSinceEpoch: s.time.secondsSinceEpoch + Int64($0) * 86_400) }
        if let closesAt, closesAt <= s.time {
            throw entry.invalid("the closing time \(closesAt) has already passed; give a later \"closes\"")
        }
        let electorate = state.electorate(under: rule, month: YearMonth(s.time.date))
        guard !electorate.isEmpty else {
            throw entry.invalid("no member is eligible to vote on \(motion.id) (active, in good standing, of an eligible class)")
        }
        let opening = MotionOpening(
            index: index, time: s.time, entryHash: entry.hash.hex, closesAt: closesAt, bylawsVersion: bylaws.version.hex,
            rule: rule, electorate: electorate, electorateHash: try LedgerState.electorateHash(electorate).hex)
        state.governance.motions[motion.id]?.opening = opening
        state.governance.motions[motion.id]?.status = .open
    }
}
