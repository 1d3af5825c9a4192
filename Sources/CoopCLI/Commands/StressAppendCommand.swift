import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import Foundation

/// `coop stress-append` (hidden, for developers and the reliability suite): append notes one
/// at a time and print `committed <index> <hash>` after each commit returned.
///
/// The crash tests SIGKILL it at random moments and then check that every line it printed is
/// in the ledger with that hash; the concurrency tests run several at once on one file.
struct StressAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress-append",
        abstract: "Append N notes one at a time, printing 'committed <index> <hash>' after each commit (developer tool).",
        shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "How many notes to append.") var count: Int = 100
    @Option(name: .long, help: "The notes' text prefix (the entry number is appended).") var text: String = "stress"
    @Option(name: .long, help: "Also sign a checkpoint every K entries with LEDGER.ledger-key (0: never).")
    var checkpointEvery: Int = 0
    @Option(name: .long, help: "After opening and decrypting, wait (up to 60 s) until this file exists, so several writers start together.")
    var startWhen: String?

    /// How long one operation keeps retrying while another writer holds the lock.
    static let retryBudget: TimeInterval = 30

    func run() throws {
        guard count >= 0 else { throw CLIError.invalidArgument("--count must be 0 or more") }
        guard checkpointEvery >= 0 else { throw CLIError.invalidArgument("--checkpoint-every must be 0 or more") }
        let ledger = try global.openLedger()
        let key = try global.signingKey()
        let me = try global.member(holding: key.publicKey, in: try ledger.state())
        var ledgerKey: Ed25519.PrivateKey?
        if checkpointEvery > 0 {
            ledgerKey = try KeyFile.read(path: global.ledgerPath + ".ledger-key",
                                         passphrase: try global.passphrase(variable: "COOP_LEDGER_PASSPHRASE"))
        }
        if let startWhen {
            warn("ready; waiting for \(startWhen)")
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: startWhen) {
                guard Date() < deadline else { throw CLIError.unreadable(path: startWhen, reason: "it did not appear within 60 s") }
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
        guard count > 0 else { return }
        for n in 1...count {
            let body = JSONValue.object(["text": .string("\(text) \(n)")])
            let stored = try Self.retrying("append") {
                try ledger.append(type: .note, body: body, author: me.id, key: key)
            }
            say("committed \(stored.index) \(stored.entry.hash.hex)")
            if let ledgerKey, n % checkpointEvery == 0 {
                let cp = try Self.retrying("checkpoint") { try ledger.checkpoint(ledgerKey: ledgerKey) }
                warn("checkpoint \(cp.size)")
            }
        }
    }

    /// Runs `body`, retrying with a short randomized backoff while the ledger is busy, for up
    /// to `retryBudget` seconds; other errors pass through.
    static func retrying<T>(_ what: String, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(retryBudget)
        while true {
            do {
                return try body()
            } catch let error as LedgerError where error.isRetryable && Date() < deadline {
                let pause = Double.random(in: 0.005...0.05)
                warn("\(what): ledger busy, retrying in \(Int(pause * 1000)) ms")
                Thread.sleep(forTimeInterval: pause)
            }
        }
    }
}
