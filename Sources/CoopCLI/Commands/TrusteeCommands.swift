import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopSecretBallot
import Foundation

/// `coop trustee key|deal|check|setup|decrypt MOTION`: the trustees' steps of a secret motion
/// (docs/SECRET-BALLOTS.md), each signed by the trustee's member key. A trustee's secret lives in
/// its own encrypted key file (mode 0600), made by `key` and needed by `check` and `decrypt`.
struct TrusteeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trustee",
        abstract: "A secret motion's trustees: publish a key, deal and check shares, set up the election key, decrypt the tally.",
        subcommands: [Key.self, Deal.self, Check.self, Setup.self, Decrypt.self])

    /// The trustee key file options shared by the steps that need the trustee's secret.
    struct SecretOptions: ParsableArguments {
        @Option(name: .customLong("trustee-key"), help: "The trustee's own encrypted key file (made by 'coop trustee key').")
        var file: String

        @Option(help: "Read the trustee key file's passphrase from this file (default: $COOP_TRUSTEE_PASSPHRASE, else $COOP_PASSPHRASE, else a prompt).")
        var trusteePassphraseFile: String?

        func passphrase() throws -> SecretBytes {
            if let scripted = try scriptedPassphrase(file: trusteePassphraseFile, variables: ["COOP_TRUSTEE_PASSPHRASE", "COOP_PASSPHRASE"]) {
                return scripted
            }
            do {
                return try Passphrase.fromTerminal(prompt: "Trustee key passphrase: ")
            } catch {
                throw CLIError.missingPassphrase
            }
        }

        /// The trustee's secret for `ceremony`, from the key file.
        func secret(ceremony: TrusteeCeremony, trustee: Int) throws -> TrusteeSecret {
            let key = try KeyFile.read(path: file, passphrase: try passphrase())
            return try TrusteeSecret.derived(from: key, ceremony: ceremony, trustee: trustee)
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step 0: make your trustee key file (encrypted, 0600) and publish its encryption key.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The secret motion, e.g. M3.") var motion: MotionID
        @OptionGroup var secret: SecretOptions
        @OptionGroup var write: WriteOptions

        func run() throws {
            guard !FileManager.default.fileExists(atPath: secret.file) else { throw CLIError.fileExists(secret.file) }
            let state = try global.openLedger(readOnly: true).state()
            let election = try secretElection(state, motion)
            let passphrase = try secret.passphrase()
            try Passphrase.requireStrongEnough(passphrase)
            let fileKey = Ed25519.PrivateKey()
            var written = false, appended = false
            // A key file whose key was never published (the entry refused) is removed again.
            defer { if written, !appended { try? FileManager.default.removeItem(atPath: secret.file) } }
            let done = try global.appendAll(write) { me, key in
                let trustee = try trusteeNumber(election, me, motion)
                let derived = try TrusteeSecret.derived(from: fileKey, ceremony: election.ceremony, trustee: trustee)
                let published = try TrusteeKey.publish(ceremony: election.ceremony, secret: derived)
                // The file first: a published key whose secret was lost would stall the ceremony.
                try KeyFile.write(
                    fileKey, name: "trustee \(trustee) of \(motion)", passphrase: passphrase, limits: CLIContext.current.newKeyLimits,
                    to: secret.file)
                written = true
                return [try Ledger.Draft(.trusteeKey, TrusteeKeyBody(motion: motion, key: published), author: me, key: key)]
            }
            appended = true
            guard let done, let stored = done.first else { return }
            try write.report(
                done, "entry \(stored.index): your trustee key for \(motion) is published; keep \(secret.file) (mode 0600) until the tally")
        }
    }

    struct Deal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step 1: deal sealed shares of a fresh polynomial to every trustee (after all keys are published).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The secret motion.") var motion: MotionID
        @OptionGroup var write: WriteOptions

        func run() throws {
            guard
                let (done, stored) = try global.appendTrusteeStep(
                    motion, write,
                    { _, election, me, key in
                        let dealing = try Dealing.deal(ceremony: election.ceremony, dealer: try trusteeNumber(election, me, motion), keys: election.keys)
                        return try Ledger.Draft(.trusteeDeal, TrusteeDealBody(motion: motion, dealing: dealing), author: me, key: key)
                    })
            else { return }
            try write.report(done, "entry \(stored.index): your shares for \(motion) are dealt (sealed to each trustee)")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step 2: open the shares sealed to you and publish the result (complaints, with proofs, against bad dealers).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The secret motion.") var motion: MotionID
        @OptionGroup var secret: SecretOptions
        @OptionGroup var write: WriteOptions

        func run() throws {
            var complaints = 0
            guard
                let (done, stored) = try global.appendTrusteeStep(
                    motion, write,
                    { _, election, me, key in
                        let own = try secret.secret(ceremony: election.ceremony, trustee: try trusteeNumber(election, me, motion))
                        let check = try ShareCheck.check(ceremony: election.ceremony, secret: own, keys: election.keys, dealings: election.dealings)
                        complaints = check.complaints.count
                        return try Ledger.Draft(.trusteeCheck, TrusteeCheckBody(motion: motion, check: check), author: me, key: key)
                    })
            else { return }
            try write.report(
                done,
                "entry \(stored.index): "
                    + (complaints == 0 ? "every share sealed to you for \(motion) is good" : "\(complaints) complaint(s) published for \(motion)"))
        }
    }

    struct Setup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step 3 (secretary): record the election key the ceremony gives; members may then vote.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The secret motion.") var motion: MotionID
        @OptionGroup var write: WriteOptions

        func run() throws {
            var derived: TrusteeSetup?
            guard
                let (done, stored) = try global.appendTrusteeStep(
                    motion, write,
                    { _, election, me, key in
                        let setup = try TrusteeSetup.derive(
                            ceremony: election.ceremony, keys: election.keys, dealings: election.dealings, checks: election.checks)
                        derived = setup
                        return try Ledger.Draft(.trusteeSetup, TrusteeSetupBody(motion: motion, publicKey: setup.publicKey), author: me, key: key)
                    }), let setup = derived
            else { return }
            let out = setup.disqualified.map { "; trustee \($0.dealer) left out: \($0.reason)" }.joined()
            try write.report(
                done,
                "entry \(stored.index): \(motion)'s election key is \(setup.publicKey.base64) (trustees "
                    + setup.qualified.map(String.init).joined(separator: ", ") + " dealt; any \(setup.threshold) can decrypt)\(out)")
        }
    }

    struct Decrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "After the seal: post your partial decryption of the tally, with proofs (nothing else is ever decrypted).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The secret motion.") var motion: MotionID
        @OptionGroup var secret: SecretOptions
        @OptionGroup var write: WriteOptions

        func run() throws {
            guard
                let (done, stored) = try global.appendTrusteeStep(
                    motion, write,
                    { state, election, me, key in
                        guard let setup = election.setup, let tally = election.tally else {
                            throw CLIError.invalidArgument("\(motion) is not sealed yet; the secretary seals it with 'coop motion seal \(motion)'")
                        }
                        let context = try state.electionContext(for: try state.motion(motion))
                        let trustee = try trusteeNumber(election, me, motion)
                        let own = try secret.secret(ceremony: election.ceremony, trustee: trustee)
                        let share = try TrusteeShare.derive(
                            ceremony: election.ceremony, setup: setup, secret: own, keys: election.keys, dealings: election.dealings)
                        let partial = PartialDecryption.make(tally: tally, context: context, share: share)
                        return try Ledger.Draft(.trusteeDecrypt, TrusteeDecryptBody(motion: motion, partial: partial), author: me, key: key)
                    })
            else { return }
            let after = try global.openLedger(readOnly: true).state()
            let status: String
            switch try after.secretDecryption(for: try after.motion(motion)) {
            case .complete: status = "enough trustees have decrypted; the secretary may close \(motion)"
            case let .waiting(valid, threshold, _): status = "\(valid.count) of the \(threshold) partial decryptions needed"
            }
            try write.report(done, "entry \(stored.index): your partial decryption of \(motion) is posted; \(status)")
        }
    }
}

/// The secret election of `motion`, or an error saying it has none.
extension GlobalOptions {
    /// One trustee-ceremony entry about secret motion `motion`: the motion is checked before the
    /// key is unlocked, then the entry is drafted on the head state once the signer is known (on
    /// a replica, after pulling the newest entries). Nil when it was signed into `--out`.
    func appendTrusteeStep(
        _ motion: MotionID, _ write: WriteOptions,
        _ draft: (LedgerState, SecretElection, MemberID, any Ed25519Signer) throws -> Ledger.Draft
    ) throws -> (all: [Appended], first: Appended)? {
        _ = try secretElection(try openLedger(readOnly: true).state(), motion)
        let done = try appendAll(write) { me, key in
            let state = try openLedger(readOnly: true).state()
            return [try draft(state, try secretElection(state, motion), me, key)]
        }
        guard let done, let first = done.first else { return nil }
        return (done, first)
    }
}

func secretElection(_ state: LedgerState, _ motion: MotionID) throws -> SecretElection {
    guard let election = try state.motion(motion).secret else {
        throw CLIError.invalidArgument("\(motion) is not voted by secret ballot (or not open yet); it has no trustees")
    }
    return election
}

/// The signer's trustee number in `election`.
func trusteeNumber(_ election: SecretElection, _ me: MemberID, _ motion: MotionID) throws -> Int {
    guard let n = election.trustee(me) else {
        throw CLIError.invalidArgument(
            "\(me) is not a trustee of \(motion) (trustees: " + election.ceremony.trustees.map(\.description).joined(separator: ", ") + ")")
    }
    return n
}
