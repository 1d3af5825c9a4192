import ArgumentParser
import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import Foundation

/// `coop motion ...`: propose, open, close, tally and read motions (one member, one vote).
struct MotionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "motion", abstract: "Propose, open, close and tally motions; list and show them.",
        subcommands: [Propose.self, Second.self, Open.self, Close.self, Tally.self, List.self, Show.self])

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a motion to the members. Prints its id (M1, M2, ... in proposal order).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "A short title.") var title: String
        @Option(help: "resolution, bylaws-amendment, election, patronage-approval or dues-change.") var kind: String
        @Option(help: "A file holding the motion's full text.") var text: String
        @Option(help: "Earliest opening (YYYY-MM-DD or a UTC time).") var opens: String?
        @Option(help: "Voting closes at the end of this day (YYYY-MM-DD) or at this UTC time.") var closes: String?
        @Option(help: "bylaws-amendment: the folder of the complete new bylaws.") var bylaws: String?
        @Option(help: "election: seats to fill (default: the bylaws').") var seats: Int?
        @Option(name: .customLong("candidate"), help: "election: a candidate (repeat for each).") var candidates: [String] = []
        @Option(help: "election: plurality or approval (default: the bylaws').") var method: String?
        @Option(help: "patronage-approval: the fiscal year.") var year: Int?
        @Option(help: "patronage-approval: the allocation's result hash (hex).") var resultHash: String?
        @Option(name: .customLong("tier"), help: "dues-change: NAME=AMOUNT or NAME=MIN-MAX for an existing tier (repeat).") var tiers: [String] = []
        @Option(help: "dues-change: the first month the new tiers apply (YYYY-MM).") var effective: String?
        @Option(help: ArgumentHelp("resolution: authorize one redemption of retained patronage, MEMBER:COMPONENT:AMOUNT (e.g. m3:patronage:2026:qualified:100.00).",
                                   valueName: "redemption"))
        var redeem: String?
        @OptionGroup var signing: SigningOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            guard let motionKind = MotionKind(rawValue: kind) else {
                throw CLIError.invalidArgument("unknown kind \"\(kind)\"; kinds are \(MotionKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let textData = FileManager.default.contents(atPath: text) else {
                throw CLIError.unreadable(path: text, reason: "no such file or not readable")
            }
            let ledger = try global.openLedger()
            let state = try ledger.state()
            let id = state.governance.nextID
            var body: [String: JSONValue] = [
                "id": .string(id.description), "kind": .string(kind), "title": .string(title),
                "text": .string(String(decoding: textData, as: UTF8.self)),
            ]
            if let opens { body["opens"] = .string(try parseInstant(opens, endOfDay: false).description) }
            if let closes { body["closes"] = .string(try parseInstant(closes, endOfDay: true).description) }
            switch motionKind {
            case .resolution:
                if let redeem { body["redemption"] = try redemption(redeem) }
            case .bylawsAmendment:
                guard let bylaws else { throw CLIError.invalidArgument("a bylaws-amendment needs --bylaws DIR, the complete new bylaws") }
                let files = try BylawsFiles.load(folder: bylaws)
                body["bylaws_files"] = .object(files.files.mapValues { .string($0) })
            case .election:
                guard !candidates.isEmpty else { throw CLIError.invalidArgument("an election needs at least one --candidate NAME") }
                body["candidates"] = .array(candidates.map { .string($0) })
                if let seats { body["seats"] = .integer(Int64(seats)) }
                if let method { body["method"] = .string(method) }
            case .patronageApproval:
                guard let year, let resultHash else { throw CLIError.invalidArgument("a patronage-approval needs --year Y and --result-hash HEX") }
                body["year"] = .integer(Int64(year))
                body["result_hash"] = .string(resultHash)
            case .duesChange:
                guard let effective, !tiers.isEmpty else {
                    throw CLIError.invalidArgument("a dues-change needs --effective YYYY-MM and at least one --tier NAME=AMOUNT")
                }
                body["effective"] = .string(try parseMonth(effective).description)
                body["tiers"] = try changedTiers(state)
            }
            guard let stored = try global.append(.motionPropose, body, signing) else { return }
            if output.json {
                try printJSON(.object(["id": .string(id.description), "entry": .integer(Int64(stored.index))]))
            } else {
                say(id.description)
            }
        }

        /// `MEMBER:COMPONENT:AMOUNT` as a redemption body.
        func redemption(_ text: String) throws -> JSONValue {
            let parts = text.split(separator: ":").map(String.init)
            guard parts.count >= 3, let last = parts.last else {
                throw CLIError.invalidArgument("--redeem \(text): write MEMBER:COMPONENT:AMOUNT, e.g. m3:patronage:2026:qualified:100.00")
            }
            let component = parts.dropFirst().dropLast().joined(separator: ":")
            guard EquityComponent(accountName: component) != nil else {
                throw CLIError.invalidArgument("--redeem \(text): \"\(component)\" is not patronage:YEAR:qualified|nonqualified")
            }
            return .object(["member": .string(try parseMember(parts[0]).description), "component": .string(component),
                            "amount": .integer(try parseAmount(last).cents)])
        }

        /// The tiers in force now with each `--tier` applied.
        func changedTiers(_ state: LedgerState) throws -> JSONValue {
            var current = state.registers.duesSchedule.last?.tiers ?? state.bylaws?.rules.dues.tiers ?? [:]
            for spec in tiers {
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, var tier = current[parts[0]] else {
                    throw CLIError.invalidArgument("--tier \(spec): write NAME=AMOUNT for one of the tiers \(current.keys.sorted().joined(separator: ", "))")
                }
                let range = parts[1].split(separator: "-").map(String.init)
                if range.count == 2 {
                    tier = DuesTier(monthly: nil, slidingMin: try parseAmount(range[0]), slidingMax: try parseAmount(range[1]), classes: tier.classes)
                } else {
                    tier = DuesTier(monthly: try parseAmount(parts[1]), slidingMin: nil, slidingMax: nil, classes: tier.classes)
                }
                current[parts[0]] = tier
            }
            return try CanonicalJSON.decode(try CanonicalJSONEncoder().encode(current))
        }
    }

    struct Second: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Second a motion (when the bylaws require seconds).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var signing: SigningOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: String

        func run() throws {
            let id = try parseMotion(motion)
            guard let stored = try global.append(.motionSecond, ["motion": .string(id.description)], signing) else { return }
            say("entry \(stored.index): seconded \(id)")
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open voting (secretary): fixes the rule, the window and the electorate.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var signing: SigningOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: String
        @Option(help: "Voting closes at the end of this day (YYYY-MM-DD) or at this UTC time.") var closes: String?

        func run() throws {
            let id = try parseMotion(motion)
            // The officer signs who may vote: the electorate judged at the record date, by its
            // fingerprint and size (the ledger re-derives both and refuses a mismatch).
            let body = try global.openLedger(readOnly: true).state().openBody(
                for: id, closes: try closes.map { try parseInstant($0, endOfDay: true) }, openDate: CLIContext.current.clock.now().date)
            guard let stored = try global.append(.motionOpen, body, signing) else { return }
            let opening = try global.openLedger(readOnly: true).state().governance.motions[id]?.opening
            say("entry \(stored.index): \(id) open; \(opening?.electorate.count ?? 0) members may vote"
                + (opening?.closesAt.map { " until \($0)" } ?? " until the secretary closes it"))
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close voting (secretary): records the tally and outcome, which every verifier recounts.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: String
        @OptionGroup var signing: SigningOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let id = try parseMotion(motion)
            let state = try global.openLedger(readOnly: true).state()
            let m = try state.motion(id)
            let (body, decision) = try state.closeBody(for: m)
            guard let stored = try global.append(.motionClose, body, signing) else { return }
            if output.json {
                try printJSON(.object(["id": .string(id.description), "entry": .integer(Int64(stored.index)),
                                       "passed": .bool(decision.passed)]))
                return
            }
            say("entry \(stored.index): \(id) closed; \(resultWord(m, decision))")
        }
    }

    struct Tally: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count a motion's ballots under its rule (open or closed).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: String
        @Flag(help: "Show the arithmetic: quorum evidence, base, the exact inequality, the bylaws version.") var explain = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            let id = try parseMotion(motion)
            let state = try global.openLedger(readOnly: true).state()
            let m = try state.motion(id)
            guard let opening = m.opening else { throw CLIError.invalidArgument("\(id) has not been opened for voting; nothing to count") }
            let d = try state.decision(for: m)
            if output.json {
                try printJSON(encoding: TallyView(
                    motion: id, status: m.status, electorate: Int64(opening.electorate.count), ballots: d.ballots,
                    passed: d.passed, tally: d.resolved.tally, electionTally: d.resolved.electionTally,
                    winners: d.election?.winners, bylawsVersion: opening.bylawsVersion, rule: opening.rule,
                    superseded: d.resolved.superseded, explanation: d.explanation))
                return
            }
            say("\(id)  \(m.title)  [\(m.status.rawValue)]")
            say("  electorate  \(opening.electorate.count) (frozen at entry \(opening.index); hash \(opening.electorateHash))")
            if let t = d.resolved.tally {
                say("  ballots     \(t.ballots): yes \(t.yes), no \(t.no), abstain \(t.abstain)")
            } else if let t = d.resolved.electionTally {
                say("  ballots     \(t.ballots) (abstentions \(t.abstentions)): "
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
        @OptionGroup var output: OutputOptions

        func run() throws {
            let state = try global.openLedger(readOnly: true).state()
            let motions = state.governance.list.filter { !open || $0.status == .open }
            if output.json {
                try printJSON(.array(motions.map { m in
                    var o: [String: JSONValue] = ["id": .string(m.id.description), "kind": .string(m.kind.rawValue),
                                                  "title": .string(m.title), "status": .string(m.status.rawValue),
                                                  "proposer": .string(m.proposer.description)]
                    if let passed = m.outcome?.passed { o["passed"] = .bool(passed) }
                    return .object(o)
                }))
                return
            }
            for m in motions {
                let result = m.outcome.map { $0.passed ? "passed" : "failed" } ?? m.status.rawValue
                say("\(m.id.description.padding(6))\(m.kind.rawValue.padding(20))\(result.padding(10))\(m.title)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a motion: text, status, window, who has voted.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id, e.g. M1.") var motion: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let id = try parseMotion(motion)
            let state = try global.openLedger(readOnly: true).state()
            let m = try state.motion(id)
            let resolved = m.opening == nil ? nil : try state.decision(for: m).resolved
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
                say("  electorate \(o.electorate.count), judged at the record date \(o.recordDate) (entry \(o.recordIndex)): "
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
                say("  electorate \(e.ids.count) if opened now (record date \(e.recordDate), \(rule.recordDate.rawValue)); "
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

    enum CodingKeys: String, CodingKey {
        case motion, status, electorate, ballots, passed, tally, winners, rule, superseded, explanation
        case electionTally = "election_tally"
        case bylawsVersion = "bylaws_version"
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

/// Parses a motion id argument.
func parseMotion(_ text: String) throws -> MotionID {
    guard let id = MotionID(text) else { throw CLIError.invalidArgument("\(text) is not a motion id (they look like M1, M2, ...)") }
    return id
}

/// A UTC time, or a date meaning its first (`endOfDay` false) or last second.
func parseInstant(_ text: String, endOfDay: Bool) throws -> Timestamp {
    if let t = Timestamp(text) { return t }
    guard let d = CivilDate(text), let t = Timestamp("\(d)T" + (endOfDay ? "23:59:59Z" : "00:00:00Z")) else {
        throw CLIError.invalidArgument("\"\(text)\" is not \(CivilDate.textFormHint) or \(Timestamp.textFormHint)")
    }
    return t
}
