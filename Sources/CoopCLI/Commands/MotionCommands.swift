import ArgumentParser
import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import CoopSecretBallot
import Foundation

/// `coop motion ...`: propose, open, close, tally and read motions (one member, one vote).
struct MotionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "motion", abstract: "Propose, open, close and tally motions; list and show them.",
        subcommands: [Propose.self, Second.self, Open.self, Seal.self, Close.self, Tally.self, ExportBallots.self, List.self, Show.self])

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a motion to the members. Prints the id the ledger gives it (M1, M2, ... in proposal order).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "A short title.") var title: String
        @Option(help: "resolution, bylaws-amendment, election, patronage-approval or dues-change.") var kind: MotionKind
        @Option(help: "A file holding the motion's full text.") var text: String
        @Option(help: "Earliest opening (YYYY-MM-DD or a UTC time).") var opens: Instant?
        @Option(help: "Voting closes at the end of this day (YYYY-MM-DD) or at this UTC time.") var closes: Instant?
        @Option(help: "bylaws-amendment: the folder of the complete new bylaws.") var bylaws: String?
        @Option(help: "election: seats to fill (default: the bylaws').") var seats: Int?
        @Option(name: .customLong("candidate"), help: "election: a candidate (repeat for each).") var candidates: [String] = []
        @Option(help: "election: plurality, approval, or ranked irv, scottish-stv, meek-stv (default: the bylaws').")
        var method: ElectionMethodCode?
        @Option(help: "patronage-approval: the fiscal year.") var year: Int?
        @Option(help: "patronage-approval: the allocation's result hash (hex).") var resultHash: SHA256Digest?
        @Option(name: .customLong("tier"), help: "dues-change: NAME=AMOUNT or NAME=MIN-MAX for an existing tier (repeat).") var tiers: [String] = []
        @Option(help: "dues-change: the first month the new tiers apply (YYYY-MM).") var effective: YearMonth?
        @Option(
            help: ArgumentHelp(
                "resolution: authorize one redemption of retained patronage, MEMBER:COMPONENT:AMOUNT (e.g. m3:patronage:2026:qualified:100.00).",
                valueName: "redemption"))
        var redeem: Redemption?
        @Flag(help: "Ask for a secret ballot (where the bylaws say ballot: on-request; ballot: secret needs no asking).")
        var secret = false
        @OptionGroup var write: WriteOptions

        func validate() throws {
            // Kind-specific options belong to their kind: a stray one is a mistake to point out,
            // not to drop silently.
            let given: [(String, Bool, MotionKind)] = [
                ("--redeem", redeem != nil, .resolution), ("--bylaws", bylaws != nil, .bylawsAmendment),
                ("--seats", seats != nil, .election), ("--candidate", !candidates.isEmpty, .election),
                ("--method", method != nil, .election), ("--year", year != nil, .patronageApproval),
                ("--result-hash", resultHash != nil, .patronageApproval), ("--tier", !tiers.isEmpty, .duesChange),
                ("--effective", effective != nil, .duesChange),
            ]
            for (option, present, owner) in given where present && owner != kind {
                throw ValidationError("\(option) is for a \(owner.rawValue) motion, not a \(kind.rawValue)")
            }
        }

        func run() throws {
            guard let textData = FileManager.default.contents(atPath: text) else {
                throw CLIError.unreadable(path: text, reason: "no such file or not readable")
            }
            var body = MotionProposeBody(
                kind: kind, title: title, text: String(decoding: textData, as: UTF8.self),
                opens: opens?.timestamp(endOfDay: false), closes: closes?.timestamp(endOfDay: true))
            if secret { body.ballot = .secret }
            switch kind {
            case .resolution:
                body.redemption = redeem?.spec
            case .bylawsAmendment:
                guard let bylaws else { throw CLIError.invalidArgument("a bylaws-amendment needs --bylaws DIR, the complete new bylaws") }
                body.bylawsFiles = try BylawsFiles.load(folder: bylaws)
            case .election:
                guard !candidates.isEmpty else { throw CLIError.invalidArgument("an election needs at least one --candidate NAME") }
                body.candidates = candidates
                body.seats = seats
                body.method = method?.rawValue
            case .patronageApproval:
                guard let year, let resultHash else { throw CLIError.invalidArgument("a patronage-approval needs --year Y and --result-hash HEX") }
                body.year = year
                body.resultHash = resultHash
            case .duesChange:
                guard let effective, !tiers.isEmpty else {
                    throw CLIError.invalidArgument("a dues-change needs --effective YYYY-MM and at least one --tier NAME=AMOUNT")
                }
                body.effective = effective
                body.tiers = try changedTiers(try global.openLedger(readOnly: true).state())
            }
            guard let stored = try global.append(body, write) else { return }
            try write.report([stored], stored.motion?.description ?? "entry \(stored.index)")
        }

        /// The tiers in force now with each `--tier` applied.
        func changedTiers(_ state: LedgerState) throws -> [String: DuesTier] {
            var current = state.registers.duesSchedule.last?.tiers ?? state.bylaws?.rules.dues.tiers ?? [:]
            for spec in tiers {
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                let range = parts.count == 2 ? parts[1].split(separator: "-").map { Amount(argument: String($0)) } : []
                guard parts.count == 2, let tier = current[parts[0]], !range.isEmpty, range.count <= 2, !range.contains(where: { $0 == nil }) else {
                    throw CLIError.invalidArgument(
                        "--tier \(spec): write NAME=AMOUNT or NAME=MIN-MAX (dollars, e.g. 17.00) for one of the tiers "
                            + current.keys.sorted().joined(separator: ", "))
                }
                let amounts = range.compactMap { $0?.money }
                current[parts[0]] =
                    amounts.count == 2
                    ? DuesTier(monthly: nil, slidingMin: amounts[0], slidingMax: amounts[1], classes: tier.classes)
                    : DuesTier(monthly: amounts[0], slidingMin: nil, slidingMax: nil, classes: tier.classes)
            }
            return current
        }
    }

    struct Second: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Second a motion (when the bylaws require seconds).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: MotionID

        func run() throws {
            guard let stored = try global.append(.motionSecond, MotionRefBody(motion: motion), write) else { return }
            try write.report([stored], "entry \(stored.index): seconded \(motion)")
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open voting (secretary): fixes the rule, the window and the electorate.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: MotionID
        @Option(help: "Voting closes at the end of this day (YYYY-MM-DD) or at this UTC time.") var closes: Instant?
        @Option(name: .customLong("trustee"), help: "Secret ballot: a trustee of the election key (repeat; numbered 1, 2, ... in this order).")
        var trustees: [MemberID] = []
        @Option(help: "Secret ballot: how many trustees must take part in decrypting the tally.") var threshold: Int?

        func run() throws {
            // The officer signs who may vote: the electorate judged at the record date, by its
            // fingerprint and size (the ledger re-derives both and refuses a mismatch).
            var body = try global.openLedger(readOnly: true).state().openBody(
                for: motion, closes: closes?.timestamp(endOfDay: true), openDate: CLIContext.current.clock.now().date)
            if !trustees.isEmpty { body.trustees = trustees }
            body.threshold = threshold
            guard let stored = try global.append(body, write) else { return }
            let opening = try global.openLedger(readOnly: true).state().governance.motions[motion]?.opening
            try write.report(
                [stored],
                "entry \(stored.index): \(motion) open; \(opening?.electorate.count ?? 0) members may vote"
                    + (opening?.closesAt.map { " until \($0)" } ?? " until the secretary closes it")
                    + (trustees.isEmpty
                        ? ""
                        : "; secret ballot: trustees \(trustees.map(\.description).joined(separator: ", ")) now run "
                            + "'coop trustee key|deal|check \(motion)', then the secretary 'coop trustee setup \(motion)'"))
        }
    }

    struct Seal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a secret vote (secretary): records the encrypted sum of the counted ballots for the trustees to decrypt.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The secret motion.") var motion: MotionID
        @OptionGroup var write: WriteOptions

        func run() throws {
            var sealed: EncryptedTally?
            let done = try global.appendAll(write) { me, key in
                // Summed once the signer is known (on a replica, after pulling the newest ballots).
                let state = try global.openLedger(readOnly: true).state()
                let tally = try state.encryptedTally(for: try state.motion(motion))
                sealed = tally
                return [try Ledger.Draft(.motionSeal, MotionSealBody(motion: motion, tally: tally), author: me, key: key)]
            }
            guard let done, let stored = done.first, let tally = sealed else { return }
            try write.report(
                done,
                "entry \(stored.index): \(motion) sealed with \(tally.ballots) counted ballot(s); "
                    + "the trustees now decrypt the tally with 'coop trustee decrypt \(motion)'")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close voting (secretary): records the tally and outcome, which every verifier recounts.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: MotionID
        @OptionGroup var write: WriteOptions

        func run() throws {
            let state = try global.openLedger(readOnly: true).state()
            let m = try state.motion(motion)
            let (body, decision) = try state.closeBody(for: m)
            guard let stored = try global.append(body, write) else { return }
            var extra: [String: JSONValue] = ["passed": .bool(decision.passed)]
            if let e = decision.election { extra["winners"] = .array(e.winners.map { .string($0) }) }
            try write.report([stored], extra: extra, "entry \(stored.index): \(motion) closed; \(resultWord(m, decision))")
        }
    }

    struct Tally: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count a motion's ballots under its rule (open or closed).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: MotionID
        @Flag(help: "Show the arithmetic: quorum evidence, base, the exact inequality, the bylaws version.") var explain = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            let id = motion
            let state = try global.openLedger(readOnly: true).state()
            let m = try state.motion(id)
            guard let opening = m.opening else { throw CLIError.invalidArgument("\(id) has not been opened for voting; nothing to count") }
            if m.secret != nil { return try showSecret(m, opening, state) }
            let d = try state.decision(for: m)
            if output.json {
                try printJSON(
                    encoding: TallyView(
                        motion: id, status: m.status, electorate: Int64(opening.electorate.count), ballots: d.ballots,
                        passed: d.passed, tally: d.resolved.tally, electionTally: d.resolved.electionTally,
                        winners: d.election?.winners, bylawsVersion: opening.bylawsVersion, rule: opening.rule,
                        superseded: d.resolved.superseded, explanation: d.explanation, rankedResult: d.ranked,
                        resultHash: try d.rankedResultHash?.hex))
                return
            }
            say("\(id)  \(m.title)  [\(m.status.rawValue)]")
            say("  electorate  \(opening.electorate.count) (frozen at entry \(opening.index); hash \(opening.electorateHash))")
            if let t = d.resolved.tally {
                say("  ballots     \(t.ballots): yes \(t.yes), no \(t.no), abstain \(t.abstain)")
            } else if let t = d.resolved.electionTally {
                say(
                    "  ballots     \(t.ballots) (abstentions \(t.abstentions))" + (t.method.rankedMethod == nil ? ": " : "; first preferences: ")
                        + t.counts.map { "\($0.name) \($0.votes)" }.joined(separator: ", "))
            }
            say("  result      \(resultWord(m, d))" + (m.status == .closed ? "" : " (if closed now)"))
            if explain {
                say("  bylaws      \(opening.bylawsVersion) (in force at opening)")
                for line in d.explanation { say("  " + line) }
                if !d.resolved.superseded.isEmpty {
                    say("  superseded  entries " + d.resolved.superseded.map(String.init).joined(separator: ", "))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List motions.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only motions open for voting.") var open = false
        @OptionGroup var output: TableOutputOptions

        func run() throws {
            let state = try global.openLedger(readOnly: true).state()
            let motions = state.governance.list.filter { !open || $0.status == .open }
            if output.json {
                try printJSON(
                    .array(
                        motions.map { m in
                            var o: [String: JSONValue] = [
                                "id": .string(m.id.description), "kind": .string(m.kind.rawValue),
                                "title": .string(m.title), "status": .string(m.status.rawValue),
                                "proposer": .string(m.proposer.description),
                            ]
                            if let passed = m.outcome?.passed { o["passed"] = .bool(passed) }
                            if m.status == .open { o["closes"] = m.opening?.closesAt.map { .string($0.description) } ?? .null }
                            return .object(o)
                        }))
                return
            }
            if output.csv {
                printCSV(
                    header: ["id", "kind", "status", "passed", "closes", "proposer", "title"],
                    rows: motions.map { m in
                        [
                            m.id.description, m.kind.rawValue, m.status.rawValue, m.outcome.map { csvBool($0.passed) } ?? "",
                            m.opening?.closesAt?.description ?? "", m.proposer.description, m.title,
                        ]
                    })
                return
            }
            for m in motions {
                let result = m.outcome.map { $0.passed ? "passed" : "failed" } ?? m.status.rawValue
                let closes =
                    m.status == .open ? "  (closes " + (m.opening?.closesAt.map(\.description) ?? "when the secretary closes it") + ")" : ""
                say("\(m.id.description.padding(6))\(m.kind.rawValue.padding(20))\(result.padding(10))\(TerminalText.safe(oneLine: m.title))\(closes)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a motion: text, status, window, who has voted.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: MotionID
        @OptionGroup var output: OutputOptions

        func run() throws {
            let id = motion
            let state = try global.openLedger(readOnly: true).state()
            let m = try state.motion(id)
            let resolved = m.opening == nil ? nil : try state.resolvedBallots(for: m)
            let voted = resolved?.ballots.map(\.member) ?? []
            if output.json {
                try printJSON(encoding: ShowView(motion: m, voted: voted, superseded: resolved?.superseded ?? []))
                return
            }
            say("\(m.id)  \(TerminalText.safe(oneLine: m.title))")
            say("  kind      \(m.kind.rawValue)")
            say("  status    \(m.status.rawValue)" + (m.outcome.map { $0.passed ? " (passed)" : " (failed)" } ?? ""))
            say("  proposed  by \(m.proposer) at entry \(m.proposedAt) (\(m.proposedTime))")
            if let o = m.opening {
                say("  window    \(o.time) to \(o.closesAt.map(\.description) ?? "when the secretary closes it")")
                say(
                    "  electorate \(o.electorate.count), judged at the record date \(o.recordDate) (entry \(o.recordIndex)): "
                        + o.electorate.map(\.description).joined(separator: " "))
                say("  voted     \(voted.isEmpty ? "no one yet" : voted.map(\.description).joined(separator: " "))")
                let left = state.members.keys.sorted().filter { !o.electorate.contains($0) && state.members[$0]?.status == .active }
                for id in left {
                    if let why = state.whyNotEligible(id, under: o.rule, recordIndex: o.recordIndex, recordDate: o.recordDate) {
                        say("  not voting \(id): \(why)")
                    }
                }
            } else if m.status == .proposed, let rule = state.bylaws?.rules.governance.rule(for: m.kind) {
                let e = try state.openingElectorate(for: m, openIndex: state.size, openDate: CLIContext.current.clock.now().date)
                say(
                    "  electorate \(e.ids.count) if opened now (record date \(e.recordDate), \(rule.recordDate.rawValue)); "
                        + "fingerprint \(e.hash.hex)")
            }
            if let r = m.redemption {
                say("  redeems   \(r.amount) from \(r.member)'s \(r.component)" + (m.redemptionUsedAt.map { " (paid, entry \($0))" } ?? ""))
            }
            if let e = m.election { say("  election  \(e.method.name), \(e.method.seats) seat(s): \(e.candidates.joined(separator: ", "))") }
            if let w = m.outcome?.winners { say("  elected   \(w.isEmpty ? "no one" : w.joined(separator: ", "))") }
            say("")
            say(TerminalText.safe(block: m.text))
        }
    }
}

/// `coop motion tally --json`.
struct TallyView: Encodable {
    var motion: MotionID
    var status: MotionStatus
    var electorate: Int64
    var ballots: Int64
    var passed: Bool
    var tally: CoopGovernance.Tally?
    var electionTally: ElectionTally?
    var winners: [String]?
    var bylawsVersion: String
    var rule: VotingRule
    var superseded: [UInt64]
    var explanation: [String]
    /// Ranked elections: the count round by round, and the hash `motion.close` records.
    var rankedResult: RankedResult?
    var resultHash: String?

    enum CodingKeys: String, CodingKey {
        case motion, status, electorate, ballots, passed, tally, winners, rule, superseded, explanation
        case electionTally = "election_tally"
        case bylawsVersion = "bylaws_version"
        case rankedResult = "ranked_result"
        case resultHash = "result_hash"
    }
}

/// `coop motion show --json`: the motion as replayed, who has a counted ballot, and which
/// ballots (entry indexes) a later one replaced.
struct ShowView: Encodable {
    var motion: Motion
    var voted: [MemberID]
    var superseded: [UInt64]
}

/// "passes"/"fails", or who an election elects.
func resultWord(_ m: Motion, _ d: MotionDecision) -> String {
    if let e = d.election { return e.winners.isEmpty ? "no one elected" : "elected " + e.winners.joined(separator: ", ") }
    return d.passed ? "passes" : "fails"
}
