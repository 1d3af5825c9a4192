import ArgumentParser
import CoopAPI
import CoopCanonicalJSON
import CoopCrypto
import CoopExport
import CoopLedger
import CoopModel
import Foundation

/// `coop verify`: check everything, from the ledger file or an export bundle.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check every signature, canonical bytes, ledger time, chains, authorization, checkpoint roots and states, and consistency with a kept checkpoint.",
        discussion: """
            Exit status: 0 everything holds; 1 verification failed (the first problem and its cause come first); \
            2 the ledger, bundle or a file named could not be read; 64 the command line is wrong.

            Auditors keep only checkpoints their own verification confirmed (--keep FILE); a later \
            'coop verify --since FILE' rehashes every entry before it against its root and checks only the newer ones \
            in full, starting from the state that checkpoint signs.
            """)

    /// The exit status when the ledger (or a file a flag names) cannot be read at all.
    static let cannotRead: Int32 = 2

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Verify an export bundle folder instead of the ledger file.") var bundle: String?
    @Option(
        name: .long, help: "A checkpoint you kept from an earlier verification (--keep): the ledger must extend it; only later entries are checked in full.")
    var since: String?
    @Option(name: .long, help: "Write the newest checkpoint this verification confirmed (root and state recomputed) to this file, for --since next time.")
    var keep: String?
    @Option(name: .long, help: "The ledger key you trust (note verifier key text); the ledger's own must equal it.")
    var ledgerKey: String?
    @Option(
        name: .long,
        help: "Check a split-view evidence file (from 'coop pull') instead: exit 0 when it proves the ledger key signed two views of the log.")
    var evidence: String?
    @Flag(name: .long, help: "Accept a newest checkpoint without the cosignatures the bylaws' witness policy requires (reported as not witnessed).")
    var allowUnwitnessed = false
    @Flag(name: .long, help: "List every problem, not only the first and a count of the rest.") var all = false
    @Flag(name: .long, help: "No progress bar.") var quiet = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        if let evidence { return try checkEvidence(evidence) }
        var options = VerifyOptions()
        options.trustedLedgerKey = ledgerKey
        if let since {
            guard let data = FileManager.default.contents(atPath: since) else {
                return try refuse("cannot read the kept checkpoint \(since): no such file or not readable")
            }
            options.keptCheckpoint = String(decoding: data, as: UTF8.self)
        }
        let context = CLIContext.current
        if context.interactive && !quiet && !output.json {
            var last = -1
            options.progress = { done, total in
                let percent = total == 0 ? 100 : Int(done * 100 / total)
                guard percent != last else { return }
                last = percent
                let bar = String(repeating: "#", count: percent / 4) + String(repeating: ".", count: 25 - percent / 4)
                context.errors.write("\rverifying [\(bar)] \(percent)% \(done)/\(total)" + (done == total ? "\n" : ""))
            }
        }
        let report: VerificationReport
        do {
            let verifier = Verifier(catalog: .cooperative)
            if let bundle {
                report = try verifier.verify(try BundleSource(directory: bundle), options: options)
            } else {
                report = try verifier.verify(try global.openLedger(readOnly: true).store, options: options)
            }
        } catch let error as LedgerError where Self.isReadFailure(error) {
            return try refuse("\(error)")
        }
        if output.json {
            try printJSON(json(report))
        } else {
            printText(report)
        }
        guard report.ok else { throw ExitCode(1) }
        if let reason = report.notWitnessed {
            context.errors.write("not witnessed: \(reason)" + (allowUnwitnessed ? " (allowed by --allow-unwitnessed)\n" : "\n"))
            guard allowUnwitnessed else { throw ExitCode(1) }
        }
        if let keep { try keepCheckpoint(report, at: keep) }
    }

    /// `--evidence FILE`: both checkpoints verify under the ledger key (the one given with
    /// --ledger-key, else the file's own), and their roots cannot belong to one append-only log.
    private func checkEvidence(_ path: String) throws {
        let file: SplitViewEvidence
        do {
            file = try SplitViewEvidence.read(path: path)
        } catch {
            return try refuse("\(error)")
        }
        do {
            let finding = try file.check(trustedKey: ledgerKey)
            if output.json {
                try printJSON(
                    .object([
                        "fork": .bool(true), "origin": .string(file.origin), "smaller_size": .integer(Int64(finding.smaller.size)),
                        "larger_size": .integer(Int64(finding.larger.size)), "signed_root": .string(finding.smaller.root.hex),
                        "implied_root": .string(finding.impliedRoot.hex),
                    ]))
            } else {
                say("PROVEN FORK of \(file.origin): \(finding)")
                if ledgerKey == nil { say("(checked under the key the file names, \(file.ledgerKey); pass --ledger-key to require yours)") }
            }
        } catch {
            if output.json {
                try printJSON(.object(["fork": .bool(false), "reason": .string("\(error)")]))
            } else {
                say("NOT PROVEN: \(error)")
            }
            throw ExitCode(1)
        }
    }

    /// Errors that mean the ledger could not be read, as opposed to read and found wrong.
    static func isReadFailure(_ error: LedgerError) -> Bool {
        switch error {
        case .ledgerNotFound, .notALedger, .unsupportedStoreVersion, .busy, .storage, .readOnly, .bundleInvalid:
            return true
        default:
            return false
        }
    }

    private func refuse(_ message: String) throws {
        warn("coop verify: \(message)")
        throw ExitCode(Self.cannotRead)
    }

    private func printText(_ report: VerificationReport) {
        let shown = all ? report.problems : Array(report.problems.prefix(1))
        for (i, p) in shown.enumerated() { say((i == 0 ? "FAIL " : "     ") + TerminalText.safe(oneLine: p.message)) }
        let rest = report.problemCount - shown.count
        if rest > 0 {
            say(
                "     ... and \(rest) more problem\(rest == 1 ? "" : "s") after it, most likely caused by it "
                    + (all ? "(past the listing cap)" : "('coop verify --all' lists them)"))
        }
        let rate = report.seconds > 0 ? Int(Double(report.entriesChecked) / report.seconds) : 0
        say(
            "\(report.ok ? (report.notWitnessed != nil && !allowUnwitnessed ? "NOT WITNESSED" : "OK") : "FAILED"): \(report.size) entries"
                + (report.startedAt > 0 ? " (\(report.entriesChecked) after the kept checkpoint of size \(report.startedAt) checked in full)" : "")
                + ", \(report.checkpointsChecked) checkpoint\(report.checkpointsChecked == 1 ? "" : "s")"
                + ", \(report.members) members, \(report.authors) authors" + String(format: ", %.2f s (%d entries/s)", report.seconds, rate))
        switch report.stateOrigin {
        case .genesis:
            break
        case let .replayedPrefix(size):
            say(
                "entries 0 to \(size - 1): rehashed against the kept root and replayed (signatures not re-checked); "
                    + "their state matched the kept checkpoint's")
        case let .keptCheckpoint(size, digest):
            say(
                "entries 0 to \(size - 1): rehashed against the kept root; the state at \(size) was taken from the kept "
                    + "checkpoint (state digest \(digest.hex)), on the word of the verification that confirmed it")
        }
        if let root = report.root { say("root \(root.hex)" + (report.ledgerTime.map { ", last ledger time \($0)" } ?? "")) }
        if let newest = report.witnessTimes.last {
            say(
                "witnessed: \(report.witnessTimes.count) checkpoint\(report.witnessTimes.count == 1 ? "" : "s") cosigned as the bylaws require, the newest "
                    + "(size \(newest.size)) seen by the witnesses at \(Timestamp(secondsSinceEpoch: Int64(newest.time))); every ledger time within the witnesses' bounds"
            )
        }
        if report.ok, report.memberEquity != .zero {
            say("member equity \(report.memberEquity) = capital accounts + reserve (re-derived from every entry)")
        }
        if report.checkpointsChecked == 0 { say("note: no signed checkpoint yet; run 'coop checkpoint'") }
    }

    private func json(_ report: VerificationReport) -> JSONValue {
        var origin: JSONValue = .string("genesis")
        var originSize: JSONValue = .null
        switch report.stateOrigin {
        case .genesis: break
        case let .replayedPrefix(size):
            origin = .string("replayed-prefix")
            originSize = .integer(Int64(size))
        case let .keptCheckpoint(size, _):
            origin = .string("kept-checkpoint")
            originSize = .integer(Int64(size))
        }
        var fields: [String: JSONValue] = [
            "ok": .bool(report.ok),
            "size": .integer(Int64(report.size)),
            "root": report.root.map { .string($0.hex) } ?? .null,
            "ledger_time": report.ledgerTime.map { .string($0.description) } ?? .null,
            "started_at": .integer(Int64(report.startedAt)),
            "leaves_rehashed": .integer(Int64(report.leavesRehashed)),
            "state_origin": origin,
            "state_origin_size": originSize,
            "entries_checked": .integer(Int64(report.entriesChecked)),
            "checkpoints": .integer(Int64(report.checkpointsChecked)),
            "confirmed_checkpoint_size": report.confirmedCheckpointSize.map { .integer(Int64($0)) } ?? .null,
            "members": .integer(Int64(report.members)),
            "member_equity_cents": .integer(report.memberEquity.cents),
            "seconds_x1000": .integer(Int64(report.seconds * 1000)),
            "peak_rss_kib": peakResidentKiB().map { .integer($0) } ?? .null,
            "problem_count": .integer(Int64(report.problemCount)),
            "problems": .array(
                report.problems.map { p in
                    .object(["entry": p.index.map { .integer(Int64($0)) } ?? .null, "message": .string(p.message)])
                }),
        ]
        // Only under a witness policy: ledgers without one print what they always printed.
        if let size = report.witnessTimes.last?.size { fields["witnessed_checkpoint_size"] = .integer(Int64(size)) }
        if let reason = report.notWitnessed { fields["not_witnessed"] = .string(reason) }
        return .object(fields)
    }

    /// Writes the newest checkpoint this run confirmed, replacing an older kept one.
    private func keepCheckpoint(_ report: VerificationReport, at path: String) throws {
        guard let note = report.confirmedCheckpoint, let size = report.confirmedCheckpointSize else {
            throw CLIError.invalidArgument("nothing to keep: no checkpoint with a state line was confirmed; run 'coop checkpoint', then verify again")
        }
        let temporary = path + ".coop-tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(note.utf8)),
            rename(temporary, path) == 0
        else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError.unreadable(path: path, reason: "cannot write it")
        }
        if !output.json { say("kept the checkpoint of size \(size), confirmed by this verification, in \(path)") }
    }
}
