import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import Foundation

/// `coop vote MOTION yes|no|abstain` or `coop vote MOTION --choose NAME...`: a signed ballot.
/// Voting again replaces the earlier ballot; `--out` signs it offline for `coop submit`.
struct VoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote", abstract: "Cast (or change) your ballot on an open motion or election.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The motion id, e.g. M1.") var motion: MotionID
    @Argument(help: "yes, no or abstain (omit for an election and use --choose).") var position: String?
    @Option(name: .customLong("choose"), parsing: .upToNextOption, help: "election: the candidates you choose.") var choose: [String] = []
    @Option(name: .customLong("for"), help: "Vote the proxy this member gave you.") var grantor: MemberID?
    @OptionGroup var write: WriteOptions

    func validate() throws {
        switch (position, choose.isEmpty) {
        case (nil, true): throw ValidationError("say yes, no or abstain, or choose candidates with --choose NAME...")
        case (_?, false): throw ValidationError("give either yes/no/abstain or --choose, not both")
        case let (p?, true) where !["yes", "no", "abstain"].contains(p):
            throw ValidationError("the ballot is yes, no or abstain, not '\(p)'")
        default: break
        }
    }

    func run() throws {
        let choice: Choice = switch position {
        case "yes"?: .yes
        case "no"?: .no
        case "abstain"?: .abstain
        default: .selection(choose)
        }
        guard let done = try global.append(BallotBody(motion: motion, choice: choice, grantor: grantor), write) else { return }
        let said = position ?? (choose.isEmpty ? "abstain" : choose.joined(separator: ", "))
        try write.report([done], "entry \(done.index): your ballot on \(motion) is recorded: \(said)" + (grantor.map { " (for \($0))" } ?? ""))
    }
}

/// `coop proxy grant MOTION MEMBER` / `coop proxy revoke MOTION`, where the bylaws allow proxies.
struct ProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy", abstract: "Give or take back your proxy on one motion (if the bylaws allow proxies).",
        subcommands: [Grant.self, Revoke.self])

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let another member vote for you on one motion.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id.") var motion: MotionID
        @Argument(help: "The member who will hold your proxy.") var holder: MemberID
        @OptionGroup var write: WriteOptions

        func run() throws {
            guard let done = try global.append(ProxyGrantBody(motion: motion, holder: holder), write) else { return }
            try write.report([done], "entry \(done.index): \(holder) holds your proxy on \(motion)")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take back the proxy you gave on one motion.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The motion id.") var motion: MotionID
        @OptionGroup var write: WriteOptions

        func run() throws {
            guard let done = try global.append(.proxyRevoke, MotionRefBody(motion: motion), write) else { return }
            try write.report([done], "entry \(done.index): your proxy on \(motion) is revoked")
        }
    }
}
