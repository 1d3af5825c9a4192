import ArgumentParser
import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import Foundation

/// `coop me --key K`: the member holding the key, as they stand (read-only; only the key file's
/// public key is read, so no passphrase is asked).
struct MeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "me",
        abstract: "You (the member holding --key): status, standing, dues, capital account, your ballots and the motions you may vote on.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    /// One open motion as it concerns me.
    struct MotionLine {
        var motion: Motion
        var ballot: CountedBallot?
        /// Nil when I am in the electorate.
        var notEligible: String?
    }

    func run() throws {
        guard let keyPath = global.keyPath else { throw CLIError.missingKey }
        guard let data = FileManager.default.contents(atPath: keyPath) else {
            throw CLIError.unreadable(path: keyPath, reason: "no such file or not readable")
        }
        let publicKey = try KeyFile.publicKey(of: String(decoding: data, as: UTF8.self))
        let state = try global.openLedger(readOnly: true).state()
        let me = try global.member(holding: publicKey, in: state)
        let id = me.id
        let month = YearMonth(CLIContext.current.clock.now().date)
        let standing = state.inGoodStanding(id, asOf: month)
        let position = state.duesPosition(of: id, asOf: month)
        let allowed = state.bylaws?.rules.dues.maxArrearsMonths
        var why: String?
        if !standing {
            if me.status != .active {
                why = "you are \(me.status.rawValue)"
            } else if let position {
                why =
                    "\(position.monthsInArrears) month\(position.monthsInArrears == 1 ? "" : "s") of dues unpaid at the end of \(month)"
                    + (allowed.map { " (the bylaws allow \($0))" } ?? "")
            }
        }
        let account = state.registers.equity[id] ?? CapitalAccount()
        let motions: [MotionLine] = try state.governance.list.filter { $0.status == .open }.compactMap { m in
            guard let o = m.opening else { return nil }
            if o.electorate.contains(id) {
                return MotionLine(motion: m, ballot: try state.resolvedBallots(for: m).ballots.first { $0.member == id })
            }
            let reason =
                state.whyNotEligible(id, under: o.rule, recordIndex: o.recordIndex, recordDate: o.recordDate)
                ?? "\(id) is not in the electorate fixed when \(m.id) opened"
            return MotionLine(motion: m, notEligible: reason)
        }

        if output.json {
            var dues: JSONValue = .null
            if let position {
                dues = .object([
                    "balance_cents": .integer(position.balance.cents),
                    "paid_through": position.paidThrough.map { .string($0.description) } ?? .null,
                    "months_in_arrears": .integer(Int64(position.monthsInArrears)),
                    "max_arrears_months": allowed.map { .integer(Int64($0)) } ?? .null,
                ])
            }
            try printJSON(
                .object([
                    "member": .string(id.description), "name": .string(me.name), "status": .string(me.status.rawValue),
                    "class": me.memberClass.map { .string($0) } ?? .null, "tier": me.tier.map { .string($0) } ?? .null,
                    "roles": .array(me.roles.sorted().map { .string($0.rawValue) }),
                    "good_standing": .bool(standing), "not_in_good_standing_because": why.map { .string($0) } ?? .null,
                    "dues": dues,
                    "capital_account": .object([
                        "components": componentsJSON(account.components),
                        "total_cents": .integer(account.total.cents),
                    ]),
                    "open_motions": .array(
                        motions.map { line in
                            var o: [String: JSONValue] = [
                                "id": .string(line.motion.id.description), "title": .string(line.motion.title),
                                "closes": line.motion.opening?.closesAt.map { .string($0.description) } ?? .null,
                                "eligible": .bool(line.notEligible == nil),
                                "voted": .bool(line.ballot != nil),
                            ]
                            if let b = line.ballot {
                                if line.motion.secret != nil { o["secret"] = .bool(true) } else { o["choice"] = b.choice.json }
                                if let holder = b.proxyHolder { o["by_proxy"] = .string(holder.description) }
                            }
                            if let why = line.notEligible { o["why_not_eligible"] = .string(why) }
                            return .object(o)
                        }),
                ]))
            return
        }

        say("\(id)  \(TerminalText.safe(oneLine: me.name))")
        say("  status     \(me.status.rawValue)")
        say("  class      \(me.memberClass.map { TerminalText.safe(oneLine: $0) } ?? "none")")
        say("  tier       \(me.tier.map { TerminalText.safe(oneLine: $0) } ?? "none")")
        say("  roles      \(me.roles.isEmpty ? "none" : me.roles.sorted().map(\.rawValue).joined(separator: ", "))")
        say("  standing   " + (standing ? "in good standing" : "NOT in good standing" + (why.map { ": \($0)" } ?? "")))
        if let position {
            let balance =
                position.balance > .zero
                ? "\(position.balance.dollars) owed" : position.balance < .zero ? "\((.zero - position.balance).dollars) paid ahead" : "nothing owed"
            say("  dues       \(balance); paid through \(position.paidThrough?.description ?? "none")")
        } else {
            say("  dues       no dues account")
        }
        say("  capital    \(account.total.dollars)")
        for (component, balance) in account.components { say("    \(component.accountName.padding(32))\(balance.dollars.leftPadded(12))") }
        if motions.isEmpty { say("  motions    none open") }
        for line in motions {
            let closes = line.motion.opening?.closesAt.map { "closes \($0)" } ?? "closes when the secretary closes it"
            let voteLine: String
            if let why = line.notEligible {
                voteLine = "not eligible: \(why)"
            } else if let b = line.ballot {
                voteLine =
                    (line.motion.secret != nil ? "your secret ballot is recorded" : "your ballot: \(b.choice.text)")
                    + (b.proxyHolder.map { " (cast by proxy \($0))" } ?? "") + "; you may change it"
            } else {
                voteLine = "you may vote: coop vote \(line.motion.id) ..."
            }
            say("  \(line.motion.id.description.padding(6))\(TerminalText.safe(oneLine: line.motion.title))  (\(closes))")
            say("        \(TerminalText.safe(oneLine: voteLine))")
        }
    }
}

extension Choice {
    /// The choice as a member reads it.
    var text: String {
        switch self {
        case .yes: "yes"
        case .no: "no"
        case .abstain: "abstain"
        case .selection(let names): names.isEmpty ? "no one" : names.joined(separator: ", ")
        case .ranking(let names): names.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: ", ")
        }
    }

    /// The choice as the ledger records it.
    var json: JSONValue {
        switch self {
        case .yes: .string("yes")
        case .no: .string("no")
        case .abstain: .string("abstain")
        case .selection(let names): .array(names.map { .string($0) })
        case .ranking(let names): .object(["rank": .array(names.map { .string($0) })])
        }
    }
}
