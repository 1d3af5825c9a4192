import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopModel

/// `motion.propose`: a member the bylaws let propose this kind of motion puts it to the members.
/// The body carries everything the vote decides (an amendment's full files, an election's
/// candidates, a dues change's tiers), so what members vote on is fixed and signed.
struct MotionProposeHandler: EntryHandler {
    let type = EntryType.motionPropose

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let s = entry.statement
        let body = try entry.body(MotionProposeBody.self)
        guard let bylaws = state.bylaws else {
            throw entry.refuse(.bylaws, "motions need machine bylaws with a governance section (this ledger has none)")
        }
        let rule = bylaws.rules.governance.rule(for: body.kind)
        let id = state.governance.nextID
        try entry.requireLabel(body.title, "title")
        try entry.requireText(body.text, "text")
        if case let .object(present) = s.body {
            let own = MotionProposeBody.kindFields[body.kind] ?? []
            let foreign = MotionProposeBody.kindFields.values.reduce(Set<String>()) { $0.union($1) }.subtracting(own)
            if let extra = present.keys.sorted().first(where: foreign.contains) {
                throw entry.refuse(.field, field: extra, "\"\(extra)\" does not belong on a \(body.kind.rawValue) motion")
            }
        }
        try state.requireProposer(s.author, rule: rule, kind: body.kind, on: entry.time.date)
        if let closes = body.closes {
            guard closes > entry.time else {
                throw entry.refuse(.tooEarly, field: "closes", "\"closes\" (\(closes)) must be after the proposal (\(entry.time))")
            }
            if let opens = body.opens, closes <= opens {
                throw entry.refuse(.tooEarly, field: "closes", "\"closes\" must be after \"opens\"")
            }
        }

        var motion = Motion(
            id: id, kind: body.kind, title: body.title, text: body.text, proposer: s.author,
            proposedAt: index, proposedTime: entry.time, opens: body.opens, closes: body.closes)
        switch (body.ballot, rule.ballot) {
        case (nil, _), (.open?, .open), (.open?, .onRequest): break
        case (.secret?, .onRequest): motion.secretRequested = true
        case (.secret?, .secret), (.open?, .secret):
            guard body.ballot == .secret else {
                throw entry.refuse(.bylaws, field: "ballot", "the bylaws require a secret ballot for \(body.kind.rawValue) motions")
            }
        case (.secret?, .open), (.onRequest?, _):
            throw entry.refuse(
                .bylaws, field: "ballot",
                body.ballot == .onRequest
                    ? "\"ballot\" is \"secret\" or \"open\""
                    : "the bylaws do not allow a secret ballot on \(body.kind.rawValue) motions (ballot: open)")
        }
        switch body.kind {
        case .resolution:
            if let r = body.redemption {
                guard case .patronage = r.component else {
                    throw entry.refuse(
                        .field, field: "redemption.component",
                        "a resolution authorizes redemptions of retained patronage only (a share is redeemed when a member leaves)")
                }
                guard r.amount.cents > 0 else {
                    throw entry.refuse(.amount, field: "redemption.amount", "the redemption's amount must be more than 0.00")
                }
                _ = try state.member(r.member, field: "redemption.member")
                motion.redemption = r
            }
        case .bylawsAmendment:
            guard let files = body.bylawsFiles else {
                throw entry.refuse(.field, field: "bylaws_files", "a bylaws amendment carries the complete new bylaws in \"bylaws_files\"")
            }
            let read: Bylaws
            do {
                read = try BylawsReader.read(files)
            } catch {
                throw entry.refuse(.bylaws, field: "bylaws_files", "\"bylaws_files\" do not read as bylaws: \(error)")
            }
            guard read.version != bylaws.version else {
                throw entry.refuse(.duplicate, field: "bylaws_files", "the proposed bylaws are the ones in force; nothing would change")
            }
            motion.bylawsFiles = files
        case .election:
            let defaults = bylaws.rules.governance.electionMethod
            // irv named without seats fills its one seat, whatever the bylaws' default seats.
            let seats = body.seats ?? (body.method == "irv" ? 1 : defaults.seats)
            let method = try Self.method(body, defaults: defaults, seats: seats, entry: entry)
            let candidates = body.candidates ?? []
            for (i, c) in candidates.enumerated() { try entry.requireLabel(c, "candidates[\(i)]") }
            do {
                _ = try BallotBox(electorate: [MemberID](), election: method, candidates: candidates)
            } catch {
                throw entry.refuse(.field, field: Self.field(of: error), "\(error)")
            }
            if let ranked = method.rankedMethod {
                // Names the count or its BLT export cannot carry (a double quote, a control
                // character) are refused now, not at the close; the seed is checked there.
                do {
                    try RankedCount.validate(candidates: candidates, method: ranked, seed: [UInt8](repeating: 0, count: 32))
                } catch {
                    throw entry.refuse(.field, field: "candidates", "\(error)")
                }
            }
            motion.election = ElectionSpec(method: method, candidates: candidates)
        case .patronageApproval:
            guard let year = body.year, (1900...9999).contains(year) else {
                throw entry.refuse(.field, field: "year", "a patronage approval needs the fiscal \"year\"")
            }
            guard let hash = body.resultHash else {
                throw entry.refuse(.field, field: "result_hash", "a patronage approval needs the allocation's \"result_hash\"")
            }
            motion.patronage = PatronageSpec(year: year, resultHash: hash.hex)
        case .duesChange:
            guard let tiers = body.tiers, !tiers.isEmpty, let effective = body.effective else {
                throw entry.refuse(
                    .field, field: body.tiers?.isEmpty == false ? "effective" : "tiers",
                    "a dues change needs the new \"tiers\" and the \"effective\" month")
            }
            guard effective >= YearMonth(entry.time.date) else {
                throw entry.refuse(
                    .effectiveDate, field: "effective",
                    "\"effective\" (\(effective)) is before this month; dues are not changed retroactively")
            }
            try Self.check(tiers, bylaws: bylaws, state: state, entry: entry)
            motion.dues = DuesChangeSpec(tiers: tiers, effective: effective)
        }
        state.governance.motions[motion.id] = motion
        state.governance.nextMotionNumber += 1
    }

    /// The body field an election's setup error is about: its seats or its candidates.
    static func field(of error: any Error) -> String? {
        switch error as? GovernanceError {
        case .invalidSeats?: return "seats"
        case .invalidCandidates?: return "candidates"
        default: return nil
        }
    }

    /// The election's method: the one the proposal names (`plurality`, `plurality-at-large`,
    /// `approval`, `irv`, `scottish-stv`, `meek-stv`) with `seats`, else the bylaws' method with
    /// `seats`. `irv` fills exactly one seat.
    static func method(_ body: MotionProposeBody, defaults: ElectionMethod, seats: Int, entry: DecodedEntry) throws -> ElectionMethod {
        guard let code = body.method else {
            guard let method = defaults.with(seats: seats) else {
                throw entry.refuse(.field, field: "seats", "the bylaws' method irv fills exactly 1 seat, not \(seats)")
            }
            return method
        }
        guard let method = ElectionMethod(code: code, seats: seats) else {
            if code == "irv" { throw entry.refuse(.field, field: "seats", "irv fills exactly 1 seat, not \(seats)") }
            throw entry.refuse(
                .field, field: "method",
                "\"method\" is plurality, \(ElectionMethod.codes.joined(separator: ", ")), not \"\(code)\"")
        }
        return method
    }

    /// New tiers must be well formed, open to real classes, and keep every tier a member is on
    /// now (a member on a vanished tier would silently stop accruing dues).
    static func check(_ tiers: [String: DuesTier], bylaws: Bylaws, state: LedgerState, entry: DecodedEntry) throws {
        for (name, tier) in tiers.sorted(by: { $0.key < $1.key }) {
            if let monthly = tier.monthly {
                guard monthly.cents > 0, tier.slidingMin == nil, tier.slidingMax == nil else {
                    throw entry.refuse(
                        .amount, field: "tiers.\(name)",
                        "tier \"\(name)\" needs a monthly amount above 0.00 and no sliding range")
                }
            } else {
                guard let lo = tier.slidingMin, let hi = tier.slidingMax, lo.cents > 0, lo <= hi else {
                    throw entry.refuse(
                        .amount, field: "tiers.\(name)",
                        "tier \"\(name)\" needs \"monthly\" or 0 < sliding_min <= sliding_max")
                }
            }
            guard !tier.classes.isEmpty else {
                throw entry.refuse(.field, field: "tiers.\(name).classes", "tier \"\(name)\" must name the classes that may use it")
            }
            if let unknown = tier.classes.sorted().first(where: { bylaws.rules.classes[$0] == nil }) {
                throw entry.refuse(.bylaws, field: "tiers.\(name).classes", "tier \"\(name)\" names the unknown class \"\(unknown)\"")
            }
        }
        let inUse = Set(state.registers.dues.values.compactMap { $0.tiers.last?.tier })
        if let missing = inUse.sorted().first(where: { tiers[$0] == nil }) {
            throw entry.refuse(
                .field, field: "tiers",
                "members are on tier \"\(missing)\"; the new tiers must keep it (change its amount instead)")
        }
    }
}

extension LedgerState {
    /// Throws `unauthorized` unless `author` may propose a `kind` motion under `rule`.
    func requireProposer(_ author: MemberID, rule: VotingRule, kind: MotionKind, on date: CivilDate) throws {
        let type = EntryType.motionPropose
        switch rule.proposers {
        case .board:
            try requireRole(author, anyOf: [.board], for: type)
        case .roles(let names):
            try requireRole(author, anyOf: Set(names.compactMap(Role.init(rawValue:))), for: type)
        case .anyMember:
            guard inGoodStanding(author, asOf: YearMonth(date)) else {
                throw LedgerError.unauthorized(
                    index: nil, author: author.description, type: type.rawValue,
                    reason: "only members in good standing may propose a \(kind.rawValue) motion")
            }
        }
    }
}
