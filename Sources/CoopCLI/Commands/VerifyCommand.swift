import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

/// `coop verify`: check everything, from the ledger file or an export bundle.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every signature, canonical bytes, chains, authorization, checkpoint roots, and consistency with a kept checkpoint.",
        discussion: "Exits 0 only if everything holds; otherwise names each failing entry and exits 1.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Verify an export bundle folder instead of the ledger file.") var bundle: String?
    @Option(name: .long, help: "A signed checkpoint you kept from before: the ledger must extend it (and only later entries are re-checked).")
    var since: String?
    @Option(name: .long, help: "The ledger key you trust (note verifier key text); the ledger's own must equal it.")
    var ledgerKey: String?
    @Flag(name: .long, help: "No progress bar.") var quiet = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        var options = VerifyOptions()
        options.trustedLedgerKey = ledgerKey
        if let since {
            guard let data = FileManager.default.contents(atPath: since) else {
                throw CLIError.unreadable(path: since, reason: "no such file or not readable")
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
        let verifier = Verifier(catalog: .cooperative)
        let report: VerificationReport
        if let bundle {
            report = try verifier.verify(try BundleSource(directory: bundle), options: options)
        } else {
            report = try verifier.verify(try global.openLedger(readOnly: true).store, options: options)
        }
        if output.json {
            try printJSON(.object([
                "ok": .bool(report.ok),
                "size": .integer(Int64(report.size)),
                "root": report.root.map { .string($0.hex) } ?? .null,
                "started_at": .integer(Int64(report.startedAt)),
                "entries_checked": .integer(Int64(report.entriesChecked)),
                "checkpoints": .integer(Int64(report.checkpointsChecked)),
                "members": .integer(Int64(report.members)),
                "member_equity": .integer(report.memberEquity.cents),
                "seconds_x1000": .integer(Int64(report.seconds * 1000)),
                "peak_rss_kib": peakResidentKiB().map { .integer($0) } ?? .null,
                "problems": .array(report.problems.map { p in
                    .object(["entry": p.index.map { .integer(Int64($0)) } ?? .null, "message": .string(p.message)])
                }),
            ]))
        } else {
            for p in report.problems { say("FAIL \(p.message)") }
            if report.problemsNotListed > 0 { say("FAIL ... and \(report.problemsNotListed) more problems") }
            let rate = report.seconds > 0 ? Int(Double(report.entriesChecked) / report.seconds) : 0
            say("\(report.ok ? "OK" : "FAILED"): \(report.size) entries" +
                (report.startedAt > 0 ? " (\(report.entriesChecked) after the kept checkpoint of size \(report.startedAt) re-checked)" : "") +
                ", \(report.checkpointsChecked) checkpoint\(report.checkpointsChecked == 1 ? "" : "s")" +
                ", \(report.members) members, \(report.authors) authors" +
                String(format: ", %.2f s (%d entries/s)", report.seconds, rate))
            if let root = report.root { say("root \(root.hex)") }
            if report.ok, report.memberEquity != .zero {
                say("member equity \(report.memberEquity) = capital accounts + reserve (re-derived from every entry)")
            }
            if report.checkpointsChecked == 0 { say("note: no signed checkpoint yet; run 'coop checkpoint'") }
        }
        if !report.ok { throw ExitCode(1) }
    }
}
