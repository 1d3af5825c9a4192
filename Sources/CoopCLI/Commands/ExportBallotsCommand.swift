import ArgumentParser
import CoopGovernance
import CoopLedger
import Foundation

extension MotionCommand {
    /// `coop motion export-ballots M4 --format blt [--out FILE]`: the ballots a ranked election
    /// counts (the last one per voter, abstentions left out, no voter ids) as a BLT file, so
    /// anyone can recount with another STV tool (docs/RANKED.md §6).
    struct ExportBallots: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-ballots",
            abstract: "Write a ranked election's counted ballots (no voter ids) as a BLT file, for recounts in other tools.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id of a ranked election, e.g. M4.") var motion: MotionID
        @Option(help: "The file format: blt.") var format: BallotFileFormat = .blt
        @Option(help: "Write to this new file instead of standard output.") var out: String?

        func run() throws {
            let state = try global.openLedger(readOnly: true).state()
            let m = try state.motion(motion)
            guard m.opening != nil else { throw CLIError.invalidArgument("\(motion) has not been opened for voting; there are no ballots") }
            let export = try state.rankedBallots(for: m)
            let text: String
            switch format {
            case .blt: text = try export.blt()
            }
            guard let out else {
                CLIContext.current.output.write(text)
                return
            }
            guard !FileManager.default.fileExists(atPath: out) else { throw CLIError.fileExists(out) }
            guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
                throw CLIError.unreadable(path: out, reason: "cannot write it")
            }
            let counted = export.ballots.filter { !$0.isAbstention }.count
            say("wrote \(counted) ranked ballot(s) of \(motion) to \(out) (BLT; abstentions and voter ids left out)")
        }
    }
}
