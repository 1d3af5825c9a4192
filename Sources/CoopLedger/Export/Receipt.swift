import CoopCrypto
import CoopTlog

/// A member's receipt for an entry: a C2SP tlog-proof whose `extra` data is the entry line
/// (base64 signature, space, statement bytes), so one file proves both what was said and that
/// the ledger committed to it in a signed checkpoint.
public enum Receipt {
    /// The receipt of entry `index` against the newest checkpoint that covers it.
    public static func make(_ ledger: Ledger, index: UInt64) throws -> String {
        let entry = try ledger.store.entry(at: index)
        guard let cp = try ledger.store.checkpoints().filter({ $0.size > index }).max(by: { $0.size < $1.size }) else {
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
        public let entry: DecodedEntry
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
        do { decoded = try SignedEntry(lineBytes: extra).decode() } catch {
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
        return Verified(index: proof.index, treeSize: proof.checkpoint.checkpoint.size, entry: decoded)
    }
}
