import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// The `coop` command tree. `coop` (the executable) only calls `CoopCommand.main()`; tests
/// parse argument arrays and run commands in-process.
public struct CoopCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "coop",
        abstract: "A cooperative's signed, append-only ledger: members, dues, equity, governance, checkpoints, proofs, verification.",
        version: "0.1.0",
        subcommands: [
            KeyCommand.self, AgentCommand.self, InitCommand.self, BylawsCommand.self, MemberCommand.self, DuesCommand.self, EquityCommand.self,
            BooksCommand.self,
            NoteCommand.self, CorrectCommand.self, SubmitCommand.self, CountersignCommand.self,
            LogCommand.self, ShowCommand.self, CheckpointCommand.self, ProofCommand.self, ReceiptCommand.self,
            VerifyReceiptCommand.self, ExportCommand.self, VerifyCommand.self,
            TrusteeCommand.self,
            MotionCommand.self, VoteCommand.self, ProxyCommand.self, PatronageCommand.self, StatusCommand.self, MeCommand.self,
            ServeCommand.self, CloneCommand.self, PullCommand.self, RemoteCommand.self, WitnessCommand.self,
        ])

    public init() {}
}
