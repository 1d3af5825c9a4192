import ArgumentParser
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

/// `coop-stress` (test support, not part of the product): appends notes one at a time and prints
/// `committed <index> <hash>` after each commit returned.
///
/// The crash tests SIGKILL it at random moments and then check that every line it printed is in
/// the ledger with that hash; the concurrency tests run several at once on one file. It reads the
/// ledger and key the way `coop` does: `--ledger`/`$COOP_LEDGER`, `--key`, `$COOP_PASSPHRASE`
/// (and `$COOP_LEDGER_PASSPHRASE` for LEDGER.ledger-key).
struct CoopStress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coop-stress",
        abstract: "Append N notes one at a time, printing 'committed <index> <hash>' after each commit (test support).")

    @Option(name: .long, help: "The ledger file (default $COOP_LEDGER).") var ledger: String?
    @Option(name: .long, help: "The author's key file.") var key: String
    @Option(name: .long, help: "How many notes to append.") var count: Int = 100
    @Option(name: .long, help: "The notes' text prefix (the entry number is appended).") var text: String = "stress"
    @Option(name: .long, help: "Also sign a checkpoint every K entries with LEDGER.ledger-key (0: never).")
    var checkpointEvery: Int = 0
    @Option(name: .long, help: "After opening and decrypting, wait (up to 60 s) until this file exists, so several writers start together.")
    var startWhen: String?

    /// How long one operation keeps retrying while another writer holds the lock.
    static let retryBudget: TimeInterval = 30

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be 0 or more") }
        guard checkpointEvery >= 0 else { throw ValidationError("--checkpoint-every must be 0 or more") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = ledger ?? environment["COOP_LEDGER"] else { throw ValidationError("give --ledger or set COOP_LEDGER") }
        func passphrase(_ variable: String) throws -> SecretBytes {
            guard let text = environment[variable] ?? environment["COOP_PASSPHRASE"] else {
                throw ValidationError("set \(variable) or COOP_PASSPHRASE")
            }
            var bytes = Array(text.utf8)
            return SecretBytes(consuming: &bytes)
        }
        let ledger = try Ledger.open(at: path)
        let signing = try KeyFile.read(path: key, passphrase: try passphrase("COOP_PASSPHRASE"))
        guard let me = try ledger.state().member(holding: signing.publicKey, at: SystemClock().now()) else {
            throw ValidationError("\(key) is not the key of a member of \(path)")
        }
        let ledgerKey =
            checkpointEvery > 0
            ? try KeyFile.read(path: path + ".ledger-key", passphrase: try passphrase("COOP_LEDGER_PASSPHRASE")) : nil
        if let startWhen {
            warn("ready; waiting for \(startWhen)")
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: startWhen) {
                guard Date() < deadline else { throw ValidationError("\(startWhen) did not appear within 60 s") }
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
        guard count > 0 else { return }
        for n in 1...count {
            let stored = try Self.retrying("append") { try ledger.append(NoteBody(text: "\(text) \(n)"), by: me.id, key: signing) }
            // One unbuffered write per line: what was printed survives a SIGKILL right after.
            FileHandle.standardOutput.write(Data("committed \(stored.index) \(stored.entry.hash.hex)\n".utf8))
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

func warn(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

CoopStress.main()
