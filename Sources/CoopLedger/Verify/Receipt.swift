import CoopBylaws
import CoopCrypto
import CoopTlog

/// A member's receipt for an entry: a C2SP tlog-proof whose `extra` data is the entry line
/// (ledger time, signatures, statement bytes), so one file proves what was said, when the ledger
/// logged it, and that the ledger committed to it in a signed checkpoint.
public enum Receipt {
    /// The receipt of entry `index` against the newest checkpoint that covers it (its newest
    /// row: the cosigned note when witnesses cosigned it); when the bylaws name witnesses, the
    /// newest one that meets their policy, if any does.
    public static func make(_ ledger: Ledger, index: UInt64) throws -> String {
        let entry = try ledger.store.entry(at: index)
        let covering = try ledger.store.checkpoints().filter { $0.size > index }.sorted { ($0.size, $0.id) > ($1.size, $1.id) }
        // Under a witness policy, the newest checkpoint that meets it (checked newest first), else the newest.
        let state = try? ledger.state()
        let witnessed = state.flatMap { state in covering.first { state.witnessShortfall($0.note) == nil } }
        guard let cp = witnessed ?? covering.first else {
            throw LedgerError.noCheckpoint(reason: "no checkpoint covers entry \(index) yet; run 'coop checkpoint' first")
        }
        let signed = try SignedCheckpoint.parse(cp.note)
        let (_, proof) = try ledger.inclusionProof(index: index, size: cp.size)
        return TlogProof(index: index, inclusionProof: proof, checkpoint: signed, extraData: entry.lineBytes).format()
    }

    /// What a verified receipt proves.
    public struct Verified: Sendable {
        public let index: UInt64
        public let treeSize: UInt64
        public let root: SHA256Digest
        public let entry: DecodedEntry
        /// The digest of the ledger state at `treeSize` that the checkpoint signs (its
        /// `coop-state` line), when it has one.
        public let stateDigest: SHA256Digest?
    }

    /// Checks a receipt offline with the ledger key the member trusts (note verifier key text):
    /// the entry's own signature and canonical form, the checkpoint signature, and the proof.
    public static func verify(_ text: String, ledgerKey: String) throws -> Verified {
        let key: NoteVerifierKey
        do { key = try NoteVerifierKey(text: ledgerKey) } catch {
            throw LedgerError.receiptInvalid(reason: "the ledger key is not a note verifier key: \(error)")
        }
        let proof: TlogProof
        do { proof = try TlogProof.parse(text) } catch {
            throw LedgerError.receiptInvalid(reason: "not a tlog-proof: \(error)")
        }
        guard let extra = proof.extraData else {
            throw LedgerError.receiptInvalid(reason: "the receipt carries no entry (its extra line is missing)")
        }
        let decoded: DecodedEntry
        do { decoded = try LogEntry(lineBytes: extra).decode() } catch {
            throw LedgerError.receiptInvalid(reason: "the entry in the receipt is not valid: \(error)")
        }
        guard key.name == Ledger.origin(for: decoded.statement.ledger) else {
            throw LedgerError.receiptInvalid(reason: "the entry belongs to ledger \(decoded.statement.ledger), not to \(key.name)")
        }
        do {
            try proof.verify(leafHash: decoded.hash, verifierKey: key, origin: key.name)
        } catch {
            throw LedgerError.receiptInvalid(reason: "\(error)")
        }
        return Verified(
            index: proof.index, treeSize: proof.checkpoint.checkpoint.size,
            root: proof.checkpoint.checkpoint.rootHash, entry: decoded, stateDigest: Checkpoints.stateDigest(of: proof.checkpoint.checkpoint))
    }

    /// Checks that the receipt's checkpoint and a checkpoint the member kept are two views of one
    /// log: the same root at the same size, or an RFC 9162 consistency proof between them (from
    /// the smaller to the larger). Anything else means the operator showed different ledgers to
    /// different people (a split view), and the two signed checkpoints prove it.
    public static func checkConsistency(
        _ receipt: Verified, kept: String, ledgerKey: String,
        proof: [SHA256Digest]?
    ) throws {
        let key: NoteVerifierKey
        do { key = try NoteVerifierKey(text: ledgerKey) } catch {
            throw LedgerError.receiptInvalid(reason: "the ledger key is not a note verifier key: \(error)")
        }
        let keptCheckpoint: Checkpoint
        do {
            keptCheckpoint = try SignedCheckpoint.open(kept, verifierKey: key, origin: key.name).checkpoint
        } catch {
            throw LedgerError.receiptInvalid(reason: "the kept checkpoint does not verify with the ledger key: \(error)")
        }
        let (m, mRoot, n, nRoot) =
            keptCheckpoint.size <= receipt.treeSize
            ? (keptCheckpoint.size, keptCheckpoint.rootHash, receipt.treeSize, receipt.root)
            : (receipt.treeSize, receipt.root, keptCheckpoint.size, keptCheckpoint.rootHash)
        if m == n {
            guard mRoot == nRoot else {
                throw LedgerError.receiptInvalid(
                    reason: "SPLIT VIEW: the receipt's checkpoint and your kept one both sign size \(m) "
                        + "with different roots (\(nRoot.hex) and \(mRoot.hex)): the operator showed two different ledgers; keep both "
                        + "files, they prove it")
            }
            return
        }
        guard let proof else {
            throw LedgerError.receiptInvalid(
                reason: "the receipt (size \(receipt.treeSize)) and your kept checkpoint (size "
                    + "\(keptCheckpoint.size)) differ in size: checking that one extends the other needs a consistency proof from "
                    + "the ledger (run where the ledger or your replica is, with --ledger)")
        }
        do {
            try Merkle.checkConsistency(from: m, to: n, proof: proof, oldRoot: mRoot, newRoot: nRoot)
        } catch {
            throw LedgerError.receiptInvalid(
                reason: "SPLIT VIEW: the tree of size \(n) does not extend the tree of size \(m) "
                    + "(\(error)): the operator showed two different ledgers; keep the receipt and your kept checkpoint, they prove it")
        }
    }
}
