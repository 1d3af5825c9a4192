import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import Foundation

/// `coop-bench`: the benchmarks, apart from the product. `coop-bench [ledger]` builds a synthetic
/// ledger and reports the figures the ledger must meet; `ranked` and `secret-ballot` time those
/// counts. Run from a release build (scripts/bench).
@main
struct CoopBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coop-bench",
        abstract: "coop's benchmarks: the ledger (default), ranked counts, secret ballots, the server and replicas.",
        discussion: "Run from a release build: bash scripts/bench --entries 1000000",
        subcommands: [LedgerBench.self, RankedBench.self, SecretBallotBench.self, ServeBench.self, WitnessBench.self],
        defaultSubcommand: LedgerBench.self)
}

/// Bulk and single appends, full and incremental verify against raw libsodium, memory; the
/// tally and allocation rules; the patronage year end through the ledger.
struct LedgerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Bulk append, interactive append, full and incremental verify, raw Ed25519 rate, memory; tally and patronage allocation; the year end.")

    @Option(name: .long, help: "Entries in the synthetic ledger (10^4 to 10^6).") var entries: UInt64 = 100_000
    @Option(name: .long, help: "Distinct authors.") var authors = 1000
    @Option(name: .long, help: "Entries appended after the kept checkpoint, for the incremental verify.") var incremental: UInt64 = 1000
    @Option(name: .long, help: "Keep the synthetic ledger in this folder (e.g. to profile 'coop verify' on it).") var keep: String?
    @Flag(name: .long, help: "Only the rules: a 100,000-member tally and patronage allocation for 100,000 and 1,000,000 members.") var rulesOnly = false
    @Option(name: .long, help: "Members in the patronage year end run through the ledger (100 to 200000).") var yearEndMembers = 10_000
    @Flag(
        name: .long,
        help: "Only the patronage year end through the ledger: admissions, records, dry run, close, preview, approval, commit, payments, revolving, verify.")
    var yearEndOnly = false
    @Flag(name: .long, help: "Only the bulk append (to profile the write path: perf record -g coop-bench --append-only).") var appendOnly = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1000...10_000_000).contains(entries) else { throw ValidationError("--entries is from 1000 to 10000000") }
        guard (1...100_000).contains(authors) else { throw ValidationError("--authors is from 1 to 100000") }
        guard incremental < entries else { throw ValidationError("--incremental must be below --entries") }
        guard PatronageYearEndBenchmark.allowedMembers.contains(yearEndMembers) else {
            throw ValidationError("--year-end-members is from 100 to 200000")
        }
        guard !(rulesOnly && yearEndOnly) else { throw ValidationError("--rules-only and --year-end-only exclude each other") }
    }

    func run() throws {
        warnIfDebug()
        let log: (String) -> Void = { line in if !output.json { warn(line) } }
        let yearEnd = PatronageYearEndBenchmark(members: yearEndMembers, log: log)
        if yearEndOnly {
            let y = try yearEnd.run()
            if output.json {
                try printJSON(.object(["year_end": y.json]))
            } else {
                printYearEnd(y)
            }
            return
        }
        let rules = appendOnly ? RulesBenchmark.Report(tallySeconds: 0, tallyBallots: 0, patronageSeconds: []) : try RulesBenchmark().run()
        if rulesOnly {
            if output.json {
                try printJSON(rules.json)
            } else {
                printRules(rules)
            }
            return
        }
        let bench = LedgerBenchmark(
            entries: entries, authors: authors, incremental: incremental, keep: keep,
            executable: coopExecutable(), appendOnly: appendOnly,
            log: log)
        let r = try bench.run()
        if appendOnly {
            say(String(format: "bulk append %.0f entries/s (%llu entries, %d authors)", r.bulkAppendPerSecond, r.entries, r.authors))
            return
        }
        let y = try yearEnd.run()
        if output.json {
            var o = r.json.objectValue ?? [:]
            o["rules"] = rules.json
            o["year_end"] = y.json
            try printJSON(.object(o))
            return
        }
        say("coop-bench: \(r.entries) entries, \(r.authors) authors, \(r.cores) cores")
        say(String(format: "  bulk append            %10.0f entries/s (%.2f of raw verify)", r.bulkAppendPerSecond, r.bulkToRawVerifyRatio))
        say(String(format: "  interactive append     %10.2f ms (median of 20, ledger opened each time)", r.interactiveAppendMillis))
        say(String(format: "  single append          %10.2f ms (median of 20, on the open ledger)", r.singleAppendMillis))
        say(
            String(
                format: "  open, farthest         %10.2f ms (median of 5: state replayed over %llu entries after a snapshot)", r.farthestOpenMillis,
                r.farthestOpenEntries))
        say(String(format: "  full verify            %10.0f entries/s (%.2f s)", r.fullVerifyPerSecond, r.fullVerifySeconds))
        say(String(format: "  raw Ed25519 verify     %10.0f signatures/s (libsodium alone, all cores)", r.rawVerifyPerSecond))
        say(String(format: "  full verify / raw      %10.1f %%", r.verifyToRawRatio * 100))
        say(String(format: "  raw Ed25519 sign       %10.0f signatures/s (libsodium alone, all cores)", r.rawSignPerSecond))
        say(String(format: "  incremental verify     %10.3f s for %llu entries after a kept checkpoint", r.incrementalVerifySeconds, r.incrementalEntries))
        if let rss = r.verifyPeakRSSMegabytes {
            say(String(format: "  verify peak RSS        %10.1f MiB (separate 'coop verify' process)", rss))
        }
        say(String(format: "  bench peak RSS         %10.1f MiB (this process, building included)", r.processPeakRSSMegabytes))
        printRules(rules)
        printYearEnd(y)
        // What libsodium alone needs for the year end's signatures on these cores: every entry
        // signed once when appended and checked once by the closing verification.
        let signed = Double(y.entries), checked = Double(y.entries)
        let floor = signed / r.rawSignPerSecond + checked / r.rawVerifyPerSecond
        say(
            String(
                format: "  year end, libsodium    %10.3f s at the raw rates (%llu signatures made, %llu checked)", floor, y.entries, y.entries))
    }

    private func printRules(_ rules: RulesBenchmark.Report) {
        say(
            String(
                format: "  tally                  %10.3f s for 100000 eligible members (%d ballots, changes and proxies; best of 3)", rules.tallySeconds,
                rules.tallyBallots))
        for (members, seconds) in rules.patronageSeconds {
            say(String(format: "  patronage allocation   %10.3f s for %d members, two factors (best of 3)", seconds, members))
        }
    }

    /// One line per phase of the year end; entries/s for the bulk phases.
    private func printYearEnd(_ y: PatronageYearEndResult) {
        say(
            String(
                format: "  patronage year end     %10.3f s for %d members through the ledger (%llu entries, reconciled)",
                y.totalSeconds, y.members, y.entries))
        say(
            String(
                format: "  year end, treasurer    %10.3f s (records to revolving: without admitting the members or the closing verify)",
                y.treasurerSeconds))
        for p in y.phases {
            let label = "  year end " + p.name.padding(toLength: 14, withPad: " ", startingAt: 0)
            var line = label + String(format: "%10.3f s", p.seconds)
            if let rate = p.perSecond {
                line += String(format: " %10.0f entries/s (%d entries)", rate, p.entries)
            } else if p.entries > 0 {
                line += p.entries == 1 ? " (1 entry)" : " (\(p.entries) entries)"
            }
            if !p.note.isEmpty { line += " " + p.note }
            say(line)
        }
        say(
            String(
                format: "  year end state bytes   %10.3f s for the finished state's canonical JSON (%.1f MiB; a snapshot, a state digest; best of 3)",
                y.stateEncodeSeconds, Double(y.stateBytes) / 1_048_576))
    }
}
