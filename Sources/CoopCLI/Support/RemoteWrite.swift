import CoopAPI
import CoopCrypto
import CoopLedger
import CoopReplica
import Foundation

/// Writes on a replica: the entries are signed here, against the replica's head (pulled first,
/// so the author's chain is current), posted to the remote, and once a checkpoint covers them
/// pulled back and their receipts checked against the checkpoints the replica holds.
extension GlobalOptions {
    /// The replica configuration when the ledger is a replica.
    var replicaConfiguration: ReplicaConfiguration? {
        get throws { try ReplicaConfiguration.load(forLedger: ledgerPath) }
    }

    /// Brings the replica up to date before signing on it.
    func pullBeforeWriting(_ config: ReplicaConfiguration, key: any Ed25519Signer) throws {
        let replica = Replica(ledgerPath: ledgerPath, configuration: config, readKey: key)
        _ = try runAsync { try await replica.pull(allowUnwitnessed: true) }
    }

    /// Posts `signed` to the remote, pulls, checks each entry's receipt, and returns them as
    /// appended (with any member or motion id they assigned). `readKey` signs the pull; without
    /// it the entries are posted and the member is told to pull.
    func postToRemote(_ config: ReplicaConfiguration, _ signed: [SignedEntry], readKey: (any Ed25519Signer)?) throws -> [Appended] {
        let replica = Replica(ledgerPath: ledgerPath, configuration: config, readKey: readKey ?? Ed25519.PrivateKey())
        let response = try runAsync { try await replica.post(signed) }
        guard let readKey else {
            for e in response.entries { warn("entry \(e.index) accepted by \(config.url) (\(e.hash)); run 'coop pull --key KEY' to fetch it") }
            throw CLIError.invalidArgument("posted, but not pulled: no --key to sign the pull with")
        }
        _ = try runAsync { try await Replica(ledgerPath: ledgerPath, configuration: config, readKey: readKey).pull(allowUnwitnessed: true) }
        let ledger = try openLedger(readOnly: true)
        return try response.entries.map { posted in
            let appended = try ledger.assigned(at: posted.index)
            guard appended.entry.hash.hex == posted.hash else {
                throw ReplicaError.inconsistent(
                    "the server said entry \(posted.index) is \(posted.hash), but the entry pulled there is \(appended.entry.hash.hex)")
            }
            try keepReceipt(ledger, index: posted.index, config: config, duplicate: posted.duplicate)
            return appended
        }
    }

    /// Writes the entry's receipt beside the replica (`receipts/entry-N.tlog-proof`) after
    /// checking it with the trusted ledger key, and says so on standard error.
    private func keepReceipt(_ ledger: Ledger, index: UInt64, config: ReplicaConfiguration, duplicate: Bool) throws {
        let text: String
        do {
            text = try Receipt.make(ledger, index: index)
        } catch {
            warn("entry \(index) is in the replica, but no checkpoint covers it yet: 'coop pull' later, then 'coop receipt \(index)'")
            return
        }
        let verified = try Receipt.verify(text, ledgerKey: config.ledgerKey)
        let folder = URL(fileURLWithPath: ledgerPath).deletingLastPathComponent().appendingPathComponent("receipts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("entry-\(index).tlog-proof").path
        if !FileManager.default.fileExists(atPath: file) { _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) }
        warn(
            "entry \(index)\(duplicate ? " (already logged: a retried post)" : "") included in checkpoint \(verified.treeSize) "
                + "(root \(verified.root.hex.prefix(16))…), consistent with the replica's; receipt: \(file)")
    }
}
