import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import CoopSecretBallot
import Foundation

/// `coop vote MOTION yes|no|abstain`, `coop vote MOTION --choose NAME...` (plurality, approval)
/// or `coop vote MOTION --rank "NAME,NAME,..."` (ranked elections): a signed ballot. Voting
/// again replaces the earlier ballot; `--out` signs it offline for `coop submit`.
struct VoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote", abstract: "Cast (or change) your ballot on an open motion or election.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The motion id, e.g. M1.") var motion: MotionID
    @Argument(help: "yes, no or abstain (omit for an election and use --choose).") var position: String?
    @Option(name: .customLong("choose"), parsing: .upToNextOption, help: "election: the candidates you choose.") var choose: [String] = []
    @Option(help: "ranked election: candidates most preferred first, separated by commas (\"Ana,Ben,Cho\"); you may rank fewer than all.")
    var rank: Ranking?
    @Option(name: .customLong("for"), help: "Vote the proxy this member gave you.") var grantor: MemberID?
    @OptionGroup var write: WriteOptions

    func validate() throws {
        let given = [position != nil, !choose.isEmpty, rank != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError(
                given == 0
                    ? "say yes, no or abstain, choose candidates with --choose NAME..., or rank them with --rank NAME,NAME,..."
                    : "give only one of yes/no/abstain, --choose and --rank")
        }
        if let p = position, !["yes", "no", "abstain"].contains(p) {
            throw ValidationError("the ballot is yes, no or abstain, not '\(p)'")
        }
    }

    func run() throws {
        let state = try global.openLedger(readOnly: true).state()
        if let m = state.governance.motions[motion], m.secret != nil { return try castSecret(m, state) }
        let choice: Choice =
            switch position {
            case "yes"?: .yes
            case "no"?: .no
            case "abstain"?: .abstain
            default: rank.map { .ranking($0.names) } ?? .selection(choose)
            }
        guard let done = try global.append(BallotBody(motion: motion, choice: choice, grantor: grantor), write) else { return }
        let said = position ?? rank.map { $0.names.joined(separator: " > ") } ?? choose.joined(separator: ", ")
        try write.report([done], "entry \(done.index): your ballot on \(motion) is recorded: \(said)" + (grantor.map { " (for \($0))" } ?? ""))
    }
}

extension VoteCommand {
    /// A secret motion: the choice is encrypted here, with proofs bound to this motion and voter,
    /// and only the ciphertexts are signed; nothing of the choice is printed or written. Prints the
    /// ballot's tracker (its entry hash), which a receipt for the entry proves is in the ledger.
    func castSecret(_ m: Motion, _ state: LedgerState) throws {
        guard let secret = m.secret else { return }
        guard rank == nil else { throw CLIError.invalidArgument("\(motion) is not a ranked election; a secret ballot has no ranking") }
        let selected: Set<Int>
        if m.election != nil {
            guard position == nil || position == "abstain" else {
                throw CLIError.invalidArgument("\(motion) is an election: choose candidates with --choose NAME... (or say abstain)")
            }
            selected = Set(
                try choose.map { name in
                    guard let i = secret.choices.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
                        throw CLIError.invalidArgument("\(name) is not a candidate of \(motion) (" + secret.choices.joined(separator: ", ") + ")")
                    }
                    return i
                })
            guard selected.count == choose.count else { throw CLIError.invalidArgument("a candidate is chosen twice") }
        } else {
            guard let p = position, let i = ["yes", "no", "abstain"].firstIndex(of: p) else {
                throw CLIError.invalidArgument("\(motion) takes yes, no or abstain")
            }
            selected = [i]
        }
        guard (secret.minimum...secret.maximum).contains(selected.count) else {
            throw CLIError.invalidArgument(
                "\(selected.count) chosen; \(motion) takes "
                    + (secret.minimum == secret.maximum ? "exactly \(secret.minimum)" : "\(secret.minimum) to \(secret.maximum)"))
        }
        _ = try state.electionContext(for: m)
        let done = try global.appendAll(write) { me, key in
            // The key as the ledger holds it once the signer is known (on a replica, after pulling).
            let fresh = try global.openLedger(readOnly: true).state()
            let context = try fresh.electionContext(for: try fresh.motion(motion))
            let ballot = try EncryptedBallot.encrypt(selected: selected, context: context, voter: grantor ?? me)
            return [try Ledger.Draft(.ballotSecret, SecretBallotBody(motion: motion, ballot: ballot, grantor: grantor), author: me, key: key)]
        }
        guard let done, let stored = done.first else { return }
        try write.report(
            done, extra: ["tracker": .string(stored.entry.hash.hex)],
            "entry \(stored.index): your secret ballot on \(motion) is recorded" + (grantor.map { " (for \($0))" } ?? "")
                + "; tracker \(stored.entry.hash.hex) (check it with 'coop receipt \(stored.index)'; a later ballot replaces it)")
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
