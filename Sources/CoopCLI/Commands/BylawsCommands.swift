import ArgumentParser
import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopPatronage

/// `coop bylaws ...`: validate a bylaws folder; show the rules in force in the ledger.
struct BylawsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bylaws", abstract: "Check a bylaws folder, or show the bylaws in force.",
        subcommands: [Check.self, Show.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a bylaws folder; print every problem with its file, line and rule.")
        @Argument(help: "The bylaws folder (bylaws.md and rules.yaml).") var folder: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            do {
                let bylaws = try BylawsReader.read(folder: folder)
                if output.json {
                    try printJSON(.object(["ok": .bool(true), "version": .string(bylaws.version.hex), "problems": .array([])]))
                } else {
                    say("\(folder): valid bylaws, version \(bylaws.version.hex)")
                }
            } catch let BylawsError.invalid(problems) {
                if output.json {
                    try printJSON(.object(["ok": .bool(false), "problems": .array(problems.map { .string($0.description) })]))
                } else {
                    for p in problems { say(p.description) }
                }
                throw CLIError.invalidArgument("\(folder): \(problems.count) problem\(problems.count == 1 ? "" : "s") in the bylaws")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The bylaws in force in the ledger: version hash, when adopted, and the rules.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let state = try global.openLedger(readOnly: true).state()
            guard let bylaws = state.bylaws, let adopted = state.bylawsAdoptions.last else {
                let pinned = state.bylawsHash?.hex ?? "none"
                throw CLIError.invalidArgument(
                    "this ledger pins bylaws \(pinned) but carries no machine rules (it was founded from a folder without rules.yaml)")
            }
            if output.json {
                let rules = try CanonicalJSON.decode(try CanonicalJSONEncoder().encode(bylaws.rules))
                try printJSON(
                    .object([
                        "version": .string(bylaws.version.hex), "adopted_at": .integer(Int64(adopted.index)),
                        "adopted_on": .string(adopted.date.description), "rules": rules,
                        "history": .array(
                            state.bylawsAdoptions.map {
                                .object(["version": .string($0.version.hex), "entry": .integer(Int64($0.index)), "date": .string($0.date.description)])
                            }),
                    ]))
                return
            }
            let r = bylaws.rules
            say("bylaws in force: version \(bylaws.version.hex)")
            say(
                "  adopted at entry \(adopted.index) on \(adopted.date) (\(state.bylawsAdoptions.count) version\(state.bylawsAdoptions.count == 1 ? "" : "s") so far)"
            )
            say("  cooperative     \(r.cooperative.name), fiscal year ends \(r.cooperative.fiscalYearEnd)")
            for (name, c) in r.classes.sorted(by: { $0.key < $1.key }) {
                say(
                    "  class \(name.padding(10)) default tier \(c.defaultTier.padding(11)) share \(c.shareRequired ? "yes" : "no ")  patronage \(c.patronage ? "yes" : "no")"
                )
            }
            for (name, t) in r.dues.tiers.sorted(by: { $0.key < $1.key }) {
                let amount = t.monthly.map { "\($0.dollars)/month" } ?? "\(t.slidingMin?.dollars ?? "?")-\(t.slidingMax?.dollars ?? "?")/month (sliding)"
                say("  tier \(name.padding(11)) \(amount.padding(30)) classes: \(t.classes.sorted().joined(separator: ", "))")
            }
            say("  dues are \(r.dues.treatment.rawValue); more than \(r.dues.maxArrearsMonths) months unpaid loses good standing")
            say(
                "  share \(r.share.price.dollars), in up to \(r.share.instalments) instalments; on withdrawal: \(r.share.onWithdrawal.rawValue), on expulsion: \(r.share.onExpulsion.rawValue)"
            )
            for (role, actions) in r.officers.sorted(by: { $0.key < $1.key }) {
                say("  \(role.rawValue.padding(10)) signs \(actions.isEmpty ? "-" : actions.sorted().map(\.rawValue).joined(separator: ", "))")
            }
            if let p = r.patronage {
                let measures = p.rules.measures.map { "\($0.name) \($0.weight) (\($0.unit))" }.joined(separator: ", ")
                say("  patronage       measures: \(measures)")
                say(
                    "  patronage       reserve \(p.rules.reserve), cash \(p.rules.cashPercent) of each allocation, minimum \(p.rules.minimumAllocation.dollars), losses: \(p.rules.lossPolicy.rawValue)"
                )
                say(
                    "  patronage       consent: \(p.consent.sorted().map(\.rawValue).joined(separator: ", "))"
                        + (p.bylawConsent.map { "; every member consents by membership (\($0))" } ?? ""))
            } else {
                say("  patronage       none: these bylaws make no patronage allocations")
            }
            let w = r.witnessRules
            if w.witnesses.isEmpty {
                say("  witnesses       none: checkpoints need no cosignature")
            } else {
                say("  witnesses       \(w.threshold) of \(w.witnesses.count) must cosign each checkpoint (tolerance \(w.toleranceSeconds) s)")
                for witness in w.witnesses { say("    \(witness.name)  \(witness.url)") }
            }
        }
    }
}
