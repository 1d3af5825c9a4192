import ArgumentParser
import CoopCanonicalJSON
import CoopGovernance
import Foundation

/// `coop-bench ranked`: Scottish STV, Meek STV and IRV over one seeded set of rankings.
struct RankedBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranked", abstract: "Time the ranked counts (Scottish STV, Meek STV, IRV) on seeded ballots.")

    @Option(help: "Ballots.") var ballots = 100_000
    @Option(help: "Candidates.") var candidates = 30
    @Option(help: "Seats (STV).") var seats = 7
    @Option(help: "The generator's seed: the same seed gives the same ballots.") var seed: UInt64 = 1
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...10_000_000).contains(ballots) else { throw ValidationError("--ballots is from 1 to 10000000") }
        guard (2...200).contains(candidates) else { throw ValidationError("--candidates is from 2 to 200") }
        guard (1..<candidates).contains(seats) else { throw ValidationError("--seats is from 1 to one fewer than --candidates") }
    }

    func run() throws {
        warnIfDebug()
        let report = try RankedBenchmark.run(ballots: ballots, candidates: candidates, seats: seats, seed: seed)
        if output.json {
            try printJSON(
                .object([
                    "ballots": .integer(Int64(report.ballots)), "candidates": .integer(Int64(report.candidates)),
                    "seats": .integer(Int64(report.seats)), "distinct_rankings": .integer(Int64(report.distinctRankings)),
                    "runs": .array(
                        report.runs.map { run in
                            .object([
                                "method": .string(run.method.code), "ms": .integer(Int64(run.seconds * 1000)),
                                "rounds": .integer(Int64(run.rounds)), "winners": .array(run.winners.map { .string($0) }),
                            ])
                        }),
                ]))
            return
        }
        say("coop-bench ranked: \(report.ballots) ballots (\(report.distinctRankings) distinct rankings), \(report.candidates) candidates")
        for run in report.runs {
            say(
                "  " + run.method.code.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(format: "%10.3f s, %d rounds, %d seat(s)", run.seconds, run.rounds, run.winners.count))
        }
    }
}

/// `coop-bench secret-ballot`: casting one encrypted ballot, and a whole election's ceremony,
/// casting, partial decryptions and audit.
struct SecretBallotBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret-ballot", abstract: "Time casting an encrypted ballot and a whole secret election (ceremony, casting, decryption, audit).")

    @Option(help: "Voters in the whole election.") var voters = 10_000
    @Option(help: "Choices on the ballot.") var choices = 3
    @Option(help: "Fewest choices a voter selects.") var minimum = 1
    @Option(help: "Most choices a voter selects.") var maximum = 1
    @Option(help: "Trustees.") var trustees = 5
    @Option(help: "Trustees needed to decrypt.") var threshold = 3
    @Option(help: "The generator's seed.") var seed: UInt64 = 7
    @Option(help: "Voters in the election run through the ledger (0: skip it).") var ledgerVoters = 10_000
    @Option(help: "Candidates in the ledger election (plurality, one seat; with --approval, approval of up to all).")
    var ledgerCandidates = 3
    @Flag(help: "The ledger election is an approval election.") var approval = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...1_000_000).contains(voters) else { throw ValidationError("--voters is from 1 to 1000000") }
        guard (1...64).contains(choices), 0 <= minimum, minimum <= maximum, maximum <= choices else {
            throw ValidationError("choose 1 to 64 --choices and 0 <= --minimum <= --maximum <= --choices")
        }
        guard (1...trustees).contains(threshold), trustees <= 32 else { throw ValidationError("1 <= --threshold <= --trustees <= 32") }
    }

    func run() throws {
        warnIfDebug()
        let cast = try SecretBallotBenchmark.castBallot(choices: 10, minimum: 0, maximum: 10, rounds: 50)
        let r = try SecretBallotBenchmark.election(
            voters: voters, choices: choices, minimum: minimum, maximum: maximum,
            trustees: trustees, threshold: threshold, seed: seed)
        guard r.counts == r.expectedCounts else { throw BenchError("the audit proved counts \(r.counts), not the \(r.expectedCounts) cast") }
        let l =
            ledgerVoters > 0
            ? try SecretLedgerBenchmark.run(
                voters: ledgerVoters, candidates: ledgerCandidates, approval: approval, seed: seed, log: { if !output.json { say("  \($0)") } })
            : nil
        if let l, l.counts != l.expectedCounts { throw BenchError("the ledger proved counts \(l.counts), not the \(l.expectedCounts) cast") }
        if output.json {
            try printJSON(
                .object([
                    "cast_one_ballot_10_choices_us": .integer(Int64(cast * 1e6)), "voters": .integer(Int64(r.voters)),
                    "choices": .integer(Int64(r.choices)), "trustees": .integer(Int64(r.trustees)), "threshold": .integer(Int64(r.threshold)),
                    "setup_ms": .integer(Int64(r.setupSeconds * 1000)), "cast_all_ms": .integer(Int64(r.castAllSeconds * 1000)),
                    "partial_decryption_ms": .integer(Int64(r.partialDecryptionSeconds * 1000)),
                    "audit_ms": .integer(Int64(r.verifySeconds * 1000)),
                    "ledger_voters": .integer(Int64(l?.voters ?? 0)), "ledger_candidates": .integer(Int64(l?.candidates ?? 0)),
                    "ledger_cast_one_ms_x1000": .integer(Int64((l?.castOneSeconds ?? 0) * 1e6)),
                    "ledger_cast_all_ms": .integer(Int64((l?.castAllSeconds ?? 0) * 1000)),
                    "ledger_partial_decryption_ms": .integer(Int64((l?.partialDecryptionSeconds ?? 0) * 1000)),
                    "ledger_verify_ms": .integer(Int64((l?.verifySeconds ?? 0) * 1000)),
                ]))
            return
        }
        say(String(format: "coop-bench secret-ballot: cast one ballot of 10 choices (0...10)  %8.1f ms", cast * 1000))
        say(String(format: "  %d voters, %d choices (%d...%d), %d-of-%d trustees", r.voters, r.choices, r.minimum, r.maximum, r.threshold, r.trustees))
        say(String(format: "  ceremony (all trustees)        %8.2f s", r.setupSeconds))
        say(String(format: "  casting every ballot           %8.2f s (all cores)", r.castAllSeconds))
        say(String(format: "  one trustee's partial          %8.3f s", r.partialDecryptionSeconds))
        say(String(format: "  audit (proofs, tally, shares)  %8.2f s (all cores)", r.verifySeconds))
        guard let l else { return }
        say(String(format: "through the ledger: %d voters, %d candidates (%@), 2-of-3 trustees, %llu entries", l.voters, l.candidates, l.method, l.entries))
        say(String(format: "  cast one ballot (encrypt, sign, append)  %8.1f ms (median)", l.castOneSeconds * 1000))
        say(String(format: "  cast every ballot                        %8.2f s", l.castAllSeconds))
        say(String(format: "  one trustee's partial from the ledger    %8.3f s", l.partialDecryptionSeconds))
        say(String(format: "  coop verify of the whole ledger          %8.2f s", l.verifySeconds))
    }
}
