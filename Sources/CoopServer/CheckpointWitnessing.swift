import CoopBylaws
import CoopCrypto
import CoopLedger
import CoopTlog
import CoopWitness
import Foundation
import Logging
import Synchronization

/// `coop serve`'s side of witnessing: once a checkpoint is signed, the bylaws' witnesses are
/// asked to cosign it in the background (the sequencer never waits on them), and the cosigned
/// note is kept, so the checkpoint GET serves it. One collection runs at a time; a checkpoint
/// signed meanwhile replaces the one waiting (a witness cosigns any later consistent
/// checkpoint, so skipping one loses nothing).
final class CheckpointWitnessing: Sendable {
    private struct State {
        var running = false
        var waiting: (note: String, witnesses: [WitnessEndpoint])?
        /// Per witness name, the size it cosigned last (learned from answers; a 409 corrects).
        var oldSizes: [String: UInt64] = [:]
    }

    private let state: Mutex<State>
    /// Runs a closure on the sequencer's queue, where the ledger lives, and returns its result.
    private let onLedger: @Sendable (@escaping @Sendable (Ledger) throws -> Void) -> Void
    private let proofs: @Sendable (UInt64, UInt64) throws -> [SHA256Digest]
    private let timeout: Int64
    private let logger: Logger

    init(
        oldSizes: [String: UInt64], timeout: Int64, logger: Logger,
        onLedger: @escaping @Sendable (@escaping @Sendable (Ledger) throws -> Void) -> Void,
        proofs: @escaping @Sendable (UInt64, UInt64) throws -> [SHA256Digest]
    ) {
        state = Mutex(State(oldSizes: oldSizes))
        self.onLedger = onLedger
        self.proofs = proofs
        self.timeout = timeout
        self.logger = logger
    }

    /// The endpoints of the bylaws' witnesses in `state`, empty when they name none.
    static func endpoints(_ state: LedgerState) -> [WitnessEndpoint] {
        (state.bylaws?.rules.witnessRules.witnesses ?? []).compactMap { rule in
            (try? rule.cosignerKey()).map { WitnessEndpoint(key: $0, url: rule.url) }
        }
    }

    /// Asks the witnesses to cosign `note` (now, or after the collection under way).
    func submit(_ note: String, witnesses: [WitnessEndpoint]) {
        guard !witnesses.isEmpty else { return }
        let start = state.withLock { s -> Bool in
            s.waiting = (note, witnesses)
            guard !s.running else { return false }
            s.running = true
            return true
        }
        if start { Task { await self.drain() } }
    }

    private func drain() async {
        while true {
            let next = state.withLock { s -> (note: String, witnesses: [WitnessEndpoint], old: [String: UInt64])? in
                guard let waiting = s.waiting else {
                    s.running = false
                    return nil
                }
                s.waiting = nil
                return (waiting.note, waiting.witnesses, s.oldSizes)
            }
            guard let next else { return }
            await collect(next.note, witnesses: next.witnesses, oldSizes: next.old)
        }
    }

    private func collect(_ note: String, witnesses: [WitnessEndpoint], oldSizes: [String: UInt64]) async {
        guard let checkpoint = try? SignedCheckpoint.parse(note) else { return }
        let collector = WitnessCollector(witnesses: witnesses, timeout: timeout)
        let (cosigned, outcomes) = await collector.collect(checkpoint, oldSizes: oldSizes, proof: proofs)
        var count = 0
        for (name, outcome) in outcomes {
            switch outcome {
            case .cosigned:
                count += 1
                state.withLock { $0.oldSizes[name] = checkpoint.checkpoint.size }
            case let .failed(reason):
                logger.warning("witness did not cosign", metadata: ["witness": "\(name)", "size": "\(checkpoint.checkpoint.size)", "reason": "\(reason)"])
            }
        }
        logger.info("checkpoint witnessed", metadata: ["size": "\(checkpoint.checkpoint.size)", "cosignatures": "\(count)", "witnesses": "\(witnesses.count)"])
        guard count > 0 else { return }
        let text = cosigned.format()
        let logger = logger
        onLedger { ledger in
            do {
                try ledger.keepCosigned(text)
            } catch {
                logger.error("could not keep the cosigned checkpoint", metadata: ["error": "\(error)"])
            }
        }
    }
}
