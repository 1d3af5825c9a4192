import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel

/// `coop member ...`: the member register.
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Admit members, list and show them, change their terms, record leaving; grant and revoke roles.",
        subcommands: [
            Admit.self, MemberImportCommand.self, List.self, Show.self, Change.self, Withdraw.self, Suspend.self, Reinstate.self, Expel.self,
            RoleCommand.self,
        ])

    struct Admit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Admit a member (secretary). Prints the new member's id.")

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "The member's display name.") var name: String
        @Option(name: .long, help: "The member's public key (ed25519:..., from 'coop key show').") var pubkey: Ed25519.PublicKey
        @Option(name: .long, help: "Member class, as the bylaws name them.") var `class`: String?
        @Option(name: .long, help: "Dues tier, as the bylaws name them (default: the class's default tier).") var tier: String?
        @Option(name: .long, help: "The member's own monthly amount on a sliding-scale tier, e.g. 40.00.") var duesAmount: Amount?
        @OptionGroup var effective: EffectiveOption
        @OptionGroup var write: WriteOptions

        func run() throws {
            let body = AdmitBody(
                name: name, key: pubkey, memberClass: `class`, tier: tier, duesAmount: duesAmount?.money,
                effective: effective.effective)
            guard let stored = try global.append(body, write) else { return }
            try write.report([stored], stored.member?.description ?? "entry \(stored.index)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List members.")

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Only members of this class.") var `class`: String?
        @Flag(name: .long, help: "Only active members.") var active = false
        @Flag(name: .long, help: "Only members in good standing (active, dues arrears within the bylaws' limit).") var standing = false
        @OptionGroup var output: TableOutputOptions

        func run() throws {
            let state = try global.openLedger(readOnly: true).state()
            let month = reportMonth(asOf: nil)
            let members = state.members.values.sorted { $0.id < $1.id }.filter {
                (`class` == nil || $0.memberClass == `class`) && (!active || $0.status == .active)
                    && (!standing || state.inGoodStanding($0.id, asOf: month))
            }
            if output.json {
                try printJSON(
                    .array(
                        members.map { m in
                            var o = m.json.objectValue ?? [:]
                            o["good_standing"] = .bool(state.inGoodStanding(m.id, asOf: month))
                            return .object(o)
                        }))
                return
            }
            if output.csv {
                printCSV(
                    header: ["id", "name", "status", "class", "tier", "roles", "admitted_on", "good_standing"],
                    rows: members.map { m in
                        [
                            m.id.description, m.name, m.status.rawValue, m.memberClass ?? "", m.tier ?? "",
                            m.roles.sorted().map(\.rawValue).joined(separator: " "), m.admittedOn.description,
                            csvBool(state.inGoodStanding(m.id, asOf: month)),
                        ]
                    })
                return
            }
            for m in members {
                let roles = m.roles.isEmpty ? "" : " [" + m.roles.sorted().map(\.rawValue).joined(separator: ", ") + "]"
                let standing = m.status == .active && !state.inGoodStanding(m.id, asOf: month) ? " (arrears)" : ""
                say(
                    "\(m.id.description.padding(6))\(m.name.padding(28))\((m.status.rawValue + standing).padding(19))\((m.memberClass ?? "-").padding(11))\(m.tier ?? "-")\(roles)"
                )
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one member.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id, e.g. m3.") var member: MemberID
        @OptionGroup var output: OutputOptions

        func run() throws {
            let id = member
            let state = try global.openLedger(readOnly: true).state()
            guard let m = state.members[id] else {
                throw CLIError.invalidArgument("no member \(id) in this ledger (see 'coop member list')")
            }
            let month = reportMonth(asOf: nil)
            let dues = state.duesPosition(of: id, asOf: month)
            if output.json {
                // Everything the text shows, under the report naming rule (README: --json).
                var json = m.json
                if case .object(var o) = json {
                    o["consents"] = .array((state.patronage.consents[id] ?? []).map { ConsentDescription($0, in: state).json })
                    o["history"] = .array(
                        m.history.map {
                            .object(["status": .string($0.status.rawValue), "date": .string($0.date.description), "index": .integer(Int64($0.index))])
                        })
                    o["entries"] = .integer(Int64(state.heads[id]?.seq ?? 0))
                    if let recovery = state.pendingRecoveries[id] {
                        o["recovery"] = .object([
                            "index": .integer(Int64(recovery.index)), "key": .string(recovery.key.text),
                            "effective_at": .string(recovery.effectiveAt.description),
                        ])
                    }
                    if let p = dues {
                        o["dues"] = .object([
                            "month": .string(month.description), "paid_through": p.paidThrough.map { .string($0.description) } ?? .null,
                            "balance_cents": .integer(p.balance.cents), "good_standing": .bool(p.goodStanding),
                            "months_in_arrears": .integer(Int64(p.monthsInArrears)),
                        ])
                    }
                    if let equity = state.registers.equity[id] { o["equity_total_cents"] = .integer(equity.total.cents) }
                    json = .object(o)
                }
                try printJSON(json)
                return
            }
            say("\(m.id)  \(m.name)")
            say("  status    \(m.status.rawValue)")
            say("  admitted  \(m.admittedOn) (entry \(m.admittedAt))")
            for change in m.history { say("  \(change.status.rawValue.padding(9)) \(change.date) (entry \(change.index))") }
            say("  key       \(m.key?.text ?? "none (revoked)")")
            say("  roles     \(m.roles.isEmpty ? "-" : m.roles.sorted().map(\.rawValue).joined(separator: ", "))")
            if let c = m.memberClass { say("  class     \(c)") }
            if let t = m.tier { say("  tier      \(t)") }
            if let head = state.heads[id] { say("  entries   \(head.seq)") }
            if let recovery = state.pendingRecoveries[id] {
                say(
                    "  recovery  an officer's key recovery (entry \(recovery.index)) brings in \(recovery.key.text) at "
                        + "\(recovery.effectiveAt); until then the current key may cancel it ('coop key cancel-recovery')")
            }
            if let p = dues {
                say(
                    "  dues      paid through \(p.paidThrough?.description ?? "-"), balance \(p.balance)"
                        + (p.goodStanding ? "" : ", NOT in good standing (\(p.monthsInArrears) months unpaid)"))
            }
            if let equity = state.registers.equity[id] { say("  equity    \(equity.total) (see 'coop equity show \(id)')") }
            for record in state.patronage.consents[id] ?? [] { say("  consent   \(ConsentDescription(record, in: state).line)") }
        }
    }

    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a member's class, dues tier or sliding-scale amount from a month on (secretary).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id.") var member: MemberID
        @Option(name: .long, help: "The new class.") var `class`: String?
        @Option(name: .long, help: "The new dues tier.") var tier: String?
        @Option(name: .long, help: "The new own amount on a sliding-scale tier.") var duesAmount: Amount?
        @Option(name: .long, help: "The first month it applies to (YYYY-MM; default: this month).") var from: YearMonth?
        @OptionGroup var write: WriteOptions

        func validate() throws {
            guard `class` != nil || tier != nil || duesAmount != nil else {
                throw ValidationError("name a new --class, --tier or --dues-amount")
            }
        }

        func run() throws {
            let month = from ?? reportMonth(asOf: nil)
            let body = MemberChangeBody(member: member, memberClass: `class`, tier: tier, duesAmount: duesAmount?.money, from: month)
            guard let stored = try global.append(body, write) else { return }
            try write.report([stored], "entry \(stored.index): \(member)'s terms changed from \(month)")
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a member's withdrawal (the member, or the secretary on their notice).")
        @OptionGroup var status: StatusChange
        func run() throws { try status.record(.memberWithdraw, "withdrew") }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a member (secretary): no vote until reinstated; dues still accrue.")
        @OptionGroup var status: StatusChange
        func run() throws { try status.record(.memberSuspend, "suspended") }
    }

    struct Reinstate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a suspension (secretary).")
        @OptionGroup var status: StatusChange
        func run() throws { try status.record(.memberReinstate, "reinstated") }
    }

    struct Expel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an expulsion (secretary).")
        @OptionGroup var status: StatusChange
        func run() throws { try status.record(.memberExpel, "expelled") }
    }

    /// The arguments every status entry takes.
    struct StatusChange: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member id.") var member: MemberID
        @Option(name: .long, help: "Why (kept in the ledger).") var reason: String?
        @OptionGroup var effective: EffectiveOption
        @OptionGroup var write: WriteOptions

        func record(_ type: EntryType, _ verb: String) throws {
            let body = MemberStatusBody(member: member, reason: reason, effective: effective.effective)
            guard let stored = try global.append(type, body, write) else { return }
            try write.report([stored], "entry \(stored.index): \(member) \(verb)")
        }
    }

    struct RoleCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role", abstract: "Grant or revoke an officer role (secretary).")

        @OptionGroup var global: GlobalOptions
        enum Action: String, ExpressibleByArgument, CaseIterable { case grant, revoke }

        @Argument(help: "grant or revoke") var action: Action
        @Argument(help: "The member id.") var member: MemberID
        @Argument(help: "secretary, treasurer, board or auditor") var role: Role
        @OptionGroup var write: WriteOptions

        func run() throws {
            let grant = action == .grant
            guard let stored = try global.append(grant ? .roleGrant : .roleRevoke, RoleBody(member: member, role: role), write) else { return }
            try write.report([stored], "entry \(stored.index): \(grant ? "granted" : "revoked") \(role.rawValue) \(grant ? "to" : "from") \(member)")
        }
    }
}

extension String {
    /// Left-aligned in a column of `width` characters (at least one space after).
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
