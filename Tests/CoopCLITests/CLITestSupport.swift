import ArgumentParser
import CoopCLI
import CoopModel
import CoopTestSupport
import Foundation

/// Runs `coop` commands in-process against a temporary folder, with captured output.
final class CLIHarness {
    let dir: String
    var environment: [String: String]
    /// The time commands run at (and entries claim); tests move it to span months.
    var now = Timestamp("2026-11-23T12:00:00Z") ?? Timestamp(secondsSinceEpoch: 0)
    /// When set, commands see a person at the terminal who answers every question with this.
    var terminalAnswer: String?
    /// When true, commands see standard output as a terminal (reports may go through a pager).
    var outputIsTerminal = false

    init() {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-cli-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        environment = ["COOP_LEDGER": dir + "/coop.ledger", "COOP_PASSPHRASE": "correct horse battery staple"]
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ name: String) -> String { dir + "/" + name }

    struct Result {
        let output: String
        let errors: String
        /// The error the command threw, if any.
        let error: (any Error)?
        var exitCode: Int32 {
            guard let error else { return 0 }
            if let exit = error as? ExitCode { return exit.rawValue }
            return 1
        }
    }

    /// Runs one command line (without the leading `coop`).
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:]) -> Result {
        let out = TextSink.buffer(), err = TextSink.buffer()
        let context = CLIContext(
            environment: environment.merging(extra) { _, new in new },
            clock: FixedClock(now),
            output: out, errors: err, interactive: false,
            inputIsTerminal: terminalAnswer != nil, outputIsTerminal: outputIsTerminal, readAnswer: { [terminalAnswer] in terminalAnswer },
            newKeyLimits: TestKeys.kdf)
        var thrown: (any Error)?
        CLIContext.$current.withValue(context) {
            do {
                var command = try CoopCommand.parseCommandLine(arguments)
                try CoopCommand.runPaged(&command)
            } catch {
                thrown = error
            }
        }
        return Result(output: out.text, errors: err.text, error: thrown)
    }

    /// Runs a command that must succeed and returns its trimmed output.
    @discardableResult
    func ok(_ arguments: [String], environment extra: [String: String] = [:]) throws -> String {
        let r = run(arguments, environment: extra)
        if let error = r.error {
            throw CLIHarnessFailure(arguments: arguments, message: "\(error)\n\(r.output)\(r.errors)")
        }
        return r.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct CLIHarnessFailure: Error, CustomStringConvertible {
    let arguments: [String]
    let message: String
    var description: String { "coop \(arguments.joined(separator: " ")) failed: \(message)" }
}
