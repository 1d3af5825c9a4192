import ArgumentParser
import CoopBylaws
import CoopCanonicalJSON
import CoopGovernance
import CoopLedger
import CoopModel

/// `coop status`: the cooperative at a glance (read-only).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The cooperative at a glance: members, open motions, dues this month, the patronage year, the last checkpoint.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try global.openLedger(readOnly: true)
        let state = try ledger.state()
        let now = CLIContext.current.clock.now()
        let month = YearMonth(now.date)

        let byStatus = MemberStatus.allCases.map { s in (s, state.members.values.filter { $0.status == s }.count) }
        let goodStanding = state.members.keys.filter { state.inGoodStanding($0, asOf: month) }.count

        let open = try state.governance.list.filter { $0.status == .open }.map { m in
            (motion: m, electorate: m.opening?.electorate.count ?? 0, voted: try state.resolvedBallots(for: m).ballots.count)
        }

        let payments = state.registers.dues.values.flatMap(\.movements).filter { $0.kind == .payment && YearMonth($0.date) == month }
        let collected = payments.map(\.amount).sum()

        let fiscal = try? state.fiscalYear(containing: now.date)
        let stage = fiscal.map { patronageStage(state.patronage[$0.year]) }

        let last = try ledger.store.checkpoints().last

        if output.json {
            var object: [String: JSONValue] = [
                "as_of": .string(now.description),
                "size": .integer(Int64(state.size)),
                "members": .object(Dictionary(uniqueKeysWithValues: byStatus.map { ($0.0.rawValue, JSONValue.integer(Int64($0.1))) })),
                "good_standing": .integer(Int64(goodStanding)),
                "open_motions": .array(
                    open.map { o in
                        .object([
                            "id": .string(o.motion.id.description), "kind": .string(o.motion.kind.rawValue), "title": .string(o.motion.title),
                            "closes": o.motion.opening?.closesAt.map { .string($0.description) } ?? .null,
                            "electorate": .integer(Int64(o.electorate)), "voted": .integer(Int64(o.voted)),
                        ])
                    }),
                "dues_collected": .object([
                    "month": .string(month.description), "amount_cents": .integer(collected.cents), "payments": .integer(Int64(payments.count)),
                ]),
                "patronage": fiscal.map { f in
                    .object(["year": .integer(Int64(f.year)), "stage": .string(stage ?? "open")])
                } ?? .null,
                "last_checkpoint": last.map { cp in
                    .object(["size": .integer(Int64(cp.size)), "covers_head": .bool(cp.size == state.size)])
                } ?? .null,
            ]
            object["name"] = .string(state.name)
            return try printJSON(.object(object))
        }

        say(TerminalText.safe(oneLine: state.name) + "  (\(state.size) entries, as of \(now))")
        let total = byStatus.map(\.1).reduce(0, +)
        say(
            "  members      \(total): " + byStatus.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
                + "; \(goodStanding) in good standing")
        if open.isEmpty {
            say("  motions      none open")
        } else {
            say("  motions      \(open.count) open")
            for o in open {
                let closes = o.motion.opening?.closesAt.map { "closes \($0)" } ?? "closes when the secretary closes it"
                say("    \(o.motion.id)  \(TerminalText.safe(oneLine: o.motion.title))  (\(closes); \(o.voted) of \(o.electorate) voted)")
            }
        }
        say("  dues         \(collected.dollars) collected in \(month) (\(payments.count) payment\(payments.count == 1 ? "" : "s"))")
        if let fiscal, let stage {
            say("  patronage    fiscal year \(fiscal.year) (\(fiscal.start) to \(fiscal.end)): \(stage)")
        } else {
            say("  patronage    no fiscal year (no machine bylaws)")
        }
        if let last {
            let since = state.size - min(last.size, state.size)
            say(
                "  checkpoint   size \(last.size)"
                    + (since == 0 ? ", covers the head" : ", \(since) entr\(since == 1 ? "y" : "ies") since, not covered (coop checkpoint)"))
        } else {
            say("  checkpoint   none yet (coop checkpoint)")
        }
    }
}

/// Where a patronage year stands: open (not closed), closed, committed (cash still owed), or paid.
func patronageStage(_ year: PatronageYear) -> String {
    guard year.close != nil else { return "open" }
    guard year.commit != nil else { return "closed" }
    return year.cashOutstanding > .zero ? "committed" : "paid"
}
