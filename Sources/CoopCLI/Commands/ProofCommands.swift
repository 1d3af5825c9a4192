import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopExport
import CoopLedger
import CoopModel
import CoopTlog
import Foundation

/// `coop proof inclusion|consistency`: RFC 9162 proofs from the ledger.
struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof", abstract: "Print RFC 9162 inclusion and consistency proofs.",
        subcommands: [Inclusion.self, Consistency.self])

    struct Inclusion: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prove entry N is in the tree of size S (default: current).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The entry index.") var index: UInt64
        @Option(name: .long, help: "The tree size (default: the current size).") var size: UInt64?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let ledger = try global.openLedger(readOnly: true)
            let (n, proof) = try ledger.inclusionProof(index: index, size: size)
            let root = try ledger.root(size: n)
            let leaf = try ledger.store.entry(at: index).hash
            if output.json {
                try printJSON(
                    .object([
                        "index": .integer(Int64(index)), "size": .integer(Int64(n)), "leaf_hash": .string(leaf.hex),
                        "root": .string(root.hex), "proof": .array(proof.map { .string($0.hex) }),
                    ]))
                return
            }
            say("index \(index)")
            say("size \(n)")
            say("leaf \(leaf.hex)")
            say("root \(root.hex)")
            for h in proof { say(h.hex) }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prove the tree of size M is a prefix of the tree of size N.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "The older tree size M.") var from: UInt64
        @Option(name: .long, help: "The newer tree size N (default: the current size).") var to: UInt64?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let ledger = try global.openLedger(readOnly: true)
            let (n, proof) = try ledger.consistencyProof(from: from, to: to)
            let oldRoot = try ledger.root(size: from), newRoot = try ledger.root(size: n)
            if output.json {
                try printJSON(
                    .object([
                        "from": .integer(Int64(from)), "to": .integer(Int64(n)), "old_root": .string(oldRoot.hex),
                        "new_root": .string(newRoot.hex), "proof": .array(proof.map { .string($0.hex) }),
                    ]))
                return
            }
            say("from \(from) \(oldRoot.hex)")
            say("to \(n) \(newRoot.hex)")
            for h in proof { say(h.hex) }
        }
    }
}

/// `coop receipt N --out FILE`: a member's offline-verifiable receipt.
struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Write a receipt for entry N: the entry, its inclusion proof and the signed checkpoint (C2SP tlog-proof).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entry index.") var index: UInt64
    @Option(name: .long, help: "The receipt file to write.") var out: String

    func run() throws {
        let text = try Receipt.make(try global.openLedger(readOnly: true), index: index)
        guard !FileManager.default.fileExists(atPath: out) else { throw CLIError.fileExists(out) }
        guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
            throw CLIError.unreadable(path: out, reason: "cannot write it")
        }
        say("wrote receipt for entry \(index) to \(out)")
    }
}

/// `coop verify-receipt FILE --ledger-key KEY [--since KEPT]`: check a receipt with nothing but
/// the ledger key, and optionally that it comes from the same log as a checkpoint you kept.
struct VerifyReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-receipt",
        abstract: "Verify a receipt offline against the ledger key you trust (and, with --since, against a checkpoint you kept).",
        discussion: """
            With --since KEPT, the receipt's checkpoint and yours must be one log: the same root at the same size, or a \
            consistency proof between the two sizes, read from the ledger (--ledger, $COOP_LEDGER or ./coop.ledger; it \
            need not be trusted: the proof is checked against both signed roots). Two checkpoints that are not one log \
            prove the operator showed different ledgers to different people (a split view).
            """)
    @Argument(help: "The receipt file.") var file: String
    @Option(name: .long, help: "The ledger's checkpoint key (note verifier key text, as 'coop init' printed it).")
    var ledgerKey: String
    @Option(name: .long, help: "A checkpoint you kept (e.g. from 'coop verify --keep'): the receipt must be consistent with it.")
    var since: String?
    @Option(name: .long, help: "Where to read a consistency proof and the bylaws' witness policy (default: $COOP_LEDGER, else ./coop.ledger).")
    var ledger: String?
    @Option(name: .long, help: "Read the bylaws' witness policy from this export bundle instead of a ledger.")
    var bundle: String?
    @Flag(name: .long, help: "Accept a receipt whose checkpoint lacks the cosignatures the bylaws' witness policy requires.")
    var allowUnwitnessed = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError.unreadable(path: file, reason: "no such file or not readable")
        }
        let verified = try Receipt.verify(String(decoding: data, as: UTF8.self), ledgerKey: ledgerKey)
        if let reason = try witnessShortfall(verified, receipt: String(decoding: data, as: UTF8.self)) {
            warn("not witnessed: \(reason)" + (allowUnwitnessed ? " (allowed by --allow-unwitnessed)" : ""))
            guard allowUnwitnessed else { throw ExitCode(1) }
        }
        var keptSize: UInt64?
        if let since {
            guard let keptData = FileManager.default.contents(atPath: since) else {
                throw CLIError.unreadable(path: since, reason: "no such file or not readable")
            }
            let kept = String(decoding: keptData, as: UTF8.self)
            let size = try SignedCheckpoint.parse(kept).checkpoint.size
            keptSize = size
            var proof: [SHA256Digest]?
            if size != verified.treeSize {
                let path = ledger ?? CLIContext.current.environment["COOP_LEDGER"] ?? "coop.ledger"
                if FileManager.default.fileExists(atPath: path) {
                    proof = try Ledger.open(at: path, readOnly: true)
                        .consistencyProof(from: min(size, verified.treeSize), to: max(size, verified.treeSize)).proof
                }
            }
            try Receipt.checkConsistency(verified, kept: kept, ledgerKey: ledgerKey, proof: proof)
        }
        let s = verified.entry.statement
        if output.json {
            try printJSON(
                .object([
                    "ok": .bool(true), "index": .integer(Int64(verified.index)), "tree_size": .integer(Int64(verified.treeSize)),
                    "author": .string(s.author.description), "type": .string(s.type.rawValue),
                    "ledger_time": .string(verified.entry.time.description),
                    "hash": .string(verified.entry.hash.hex),
                    "consistent_with_kept_size": keptSize.map { .integer(Int64($0)) } ?? .null,
                ]))
            return
        }
        say(
            "OK: entry \(verified.index) (\(s.type) by \(s.author), seq \(s.seq), ledger time \(verified.entry.time)) is in the "
                + "ledger's signed tree of size \(verified.treeSize)")
        if let keptSize { say("OK: consistent with the checkpoint you kept (size \(keptSize)): one log, no split view") }
    }

    /// Why the receipt's checkpoint does not meet the witness policy of the bylaws in force at
    /// its size, read from the state the member holds (their replica or an export bundle) and
    /// matched to the state digest the checkpoint signs; nil when it meets it.
    private func witnessShortfall(_ verified: Receipt.Verified, receipt: String) throws -> String? {
        let path = ledger ?? CLIContext.current.environment["COOP_LEDGER"] ?? "coop.ledger"
        let state: LedgerState?
        if let bundle {
            state = try Receipt.signedState(verified, from: try BundleSource(directory: bundle))
        } else if FileManager.default.fileExists(atPath: path) {
            state = try Receipt.signedState(verified, from: try Ledger.open(at: path, readOnly: true).store)
        } else {
            return "its witness policy is in the bylaws in force at size \(verified.treeSize), read from your replica "
                + "(--ledger; none at \(path)) or an export bundle (--bundle): give one"
        }
        guard let state else {
            return "the bylaws in force at size \(verified.treeSize) decide which witnesses must cosign it, and "
                + "\(bundle ?? path) holds fewer entries: run 'coop pull' (or use a newer export bundle) and check again"
        }
        return state.witnessShortfall(try TlogProof.parse(receipt).checkpoint.format())
    }
}
