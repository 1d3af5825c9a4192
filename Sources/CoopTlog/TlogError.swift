/// Why a Merkle proof did not verify (RFC 9162 §2.1.3.2 and §2.1.4.2 failure points).
public enum MerkleProofFailure: Equatable, Sendable, CustomStringConvertible {
    /// The algorithm reached the root (sn = 0) with proof hashes left over.
    case tooManyHashes(count: Int)
    /// The proof ran out before reaching the root (sn ≠ 0 at the end).
    case tooFewHashes(count: Int)
    /// The recomputed inclusion root differs from the expected root.
    case rootMismatch
    /// The consistency proof does not reproduce the old root.
    case oldRootMismatch
    /// The consistency proof does not reproduce the new root.
    case newRootMismatch
    /// A consistency proof between different non-empty sizes must have at least one hash.
    case emptyProof
    /// The sizes need no proof (equal, or from the empty tree), yet hashes were given.
    case unexpectedHashes(count: Int)
    /// Equal sizes, but the two roots differ.
    case rootsDiffer
    /// The old size is 0, but the old root is not MTH({}) = SHA-256("").
    case notEmptyTreeRoot

    public var description: String {
        switch self {
        case let .tooManyHashes(count): return "the proof has too many hashes (\(count)) for these tree sizes"
        case let .tooFewHashes(count): return "the proof has too few hashes (\(count)) for these tree sizes"
        case .rootMismatch: return "the proof leads to a different root hash"
        case .oldRootMismatch: return "the proof does not lead to the old root hash"
        case .newRootMismatch: return "the proof does not lead to the new root hash"
        case .emptyProof: return "the proof is empty, but the tree sizes differ"
        case let .unexpectedHashes(count): return "no proof is needed for these sizes, but \(count) hashes were given"
        case .rootsDiffer: return "the tree sizes are equal but the root hashes differ"
        case .notEmptyTreeRoot: return "a tree of size 0 must have the empty root SHA-256(\"\")"
        }
    }
}

/// Everything that can go wrong in CoopTlog. Messages say what is wrong and where.
public enum TlogError: Error, Equatable, Sendable, CustomStringConvertible {
    // Merkle trees and proofs (RFC 9162 §2.1)
    case indexOutOfRange(index: UInt64, size: UInt64)
    case invalidTreeSizes(from: UInt64, to: UInt64)
    case unalignedSubtree(start: UInt64, end: UInt64)
    case missingNode(level: Int, index: UInt64)
    case invalidAccumulatorState(size: UInt64, peaks: Int)
    case inclusionProofFailed(index: UInt64, size: UInt64, reason: MerkleProofFailure)
    case consistencyProofFailed(from: UInt64, to: UInt64, reason: MerkleProofFailure)

    // Signed notes (c2sp.org/signed-note)
    case noteNotUTF8
    case noteControlCharacter(line: Int)
    case noteTextMissingFinalNewline
    case noteMissingSignatures
    case noteMalformedSignatureLine(line: Int, reason: String)
    case noteTooManySignatures(count: Int, limit: Int)
    case invalidKeyName(String)
    case noteSignatureEmpty(keyName: String)
    case noteSignatureInvalid(keyName: String, keyID: UInt32)
    case noteNotSignedByKnownKey(keys: [String])
    case ambiguousVerifierKeys(keyName: String, keyID: UInt32)
    case malformedVerifierKey(String, reason: String)

    // Checkpoints (c2sp.org/tlog-checkpoint)
    case checkpointTooFewLines(count: Int)
    case checkpointEmptyOrigin
    case checkpointInvalidSize(String)
    case checkpointInvalidRootHash(String)
    case checkpointEmptyExtensionLine(line: Int)
    case checkpointInvalidCharacter(line: Int)
    case checkpointOriginMismatch(expected: String, actual: String)

    // Proof files (c2sp.org/tlog-proof)
    case tlogProofBadHeader(String)
    case tlogProofMalformedLine(line: Int, reason: String)
    case tlogProofMissingCheckpoint
    indirect case tlogProofCheckpoint(firstLine: Int, TlogError)

    public var description: String {
        switch self {
        case let .indexOutOfRange(index, size):
            return "leaf index \(index) is outside a tree of size \(size)"
        case let .invalidTreeSizes(from, to):
            return "cannot prove consistency from tree size \(from) to the smaller size \(to)"
        case let .unalignedSubtree(start, end):
            return "leaves [\(start), \(end)) do not form a subtree of RFC 9162's split (start must be aligned to the range's power-of-two ceiling)"
        case let .missingNode(level, index):
            return "the tree store has no node at level \(level), index \(index) (is the tree smaller than asked?)"
        case let .invalidAccumulatorState(size, peaks):
            return "a tree of size \(size) has \(size.nonzeroBitCount) perfect-subtree peaks, not \(peaks)"
        case let .inclusionProofFailed(index, size, reason):
            return "inclusion proof for leaf \(index) in a tree of size \(size) failed: \(reason)"
        case let .consistencyProofFailed(from, to, reason):
            return "consistency proof from tree size \(from) to \(to) failed: \(reason)"
        case .noteNotUTF8:
            return "the signed note is not valid UTF-8"
        case let .noteControlCharacter(line):
            return "line \(line) of the signed note contains a control character (only newline is allowed)"
        case .noteTextMissingFinalNewline:
            return "the note text must be non-empty and end with a newline"
        case .noteMissingSignatures:
            return "the signed note has no signature block (a blank line followed by '— <name> <signature>' lines)"
        case let .noteMalformedSignatureLine(line, reason):
            return "line \(line) of the signed note is not a signature line: \(reason)"
        case let .noteTooManySignatures(count, limit):
            return "the signed note has \(count) signatures; at most \(limit) are accepted"
        case let .invalidKeyName(name):
            return "invalid key name '\(name.prefix(80))': it must be non-empty with no spaces, '+' or control characters"
        case let .noteSignatureEmpty(name):
            return "the signature by key '\(name.prefix(80))' has no bytes after its key ID"
        case let .noteSignatureInvalid(name, keyID):
            return "the signature by key \(name)+\(Self.hex8(keyID)) does not verify: the note was altered or signed by another key"
        case let .noteNotSignedByKnownKey(keys):
            return "the note carries no valid signature from a trusted key (\(keys.joined(separator: ", ")))"
        case let .ambiguousVerifierKeys(name, keyID):
            return "two different trusted keys share the name and key ID \(name)+\(Self.hex8(keyID))"
        case let .malformedVerifierKey(text, reason):
            return "not a verifier key '\(text.prefix(120))': \(reason) (expected <name>+<8 hex digits>+<base64 of 0x01 ‖ 32-byte key>)"
        case let .checkpointTooFewLines(count):
            return "a checkpoint needs at least 3 lines (origin, size, root hash); this one has \(count)"
        case .checkpointEmptyOrigin:
            return "the checkpoint origin (line 1) is empty"
        case let .checkpointInvalidSize(text):
            return "the checkpoint size (line 2) '\(text.prefix(40))' is not a decimal number without leading zeros"
        case let .checkpointInvalidRootHash(text):
            return "the checkpoint root hash (line 3) '\(text.prefix(60))' is not base64 of 32 bytes"
        case let .checkpointEmptyExtensionLine(line):
            return "checkpoint extension line \(line) is empty"
        case let .checkpointInvalidCharacter(line):
            return "checkpoint line \(line) contains a newline or control character"
        case let .checkpointOriginMismatch(expected, actual):
            return "the checkpoint is for origin '\(actual.prefix(80))', expected '\(expected.prefix(80))'"
        case let .tlogProofBadHeader(line):
            return "not a tlog-proof: the first line is '\(line.prefix(60))', expected 'c2sp.org/tlog-proof@v1'"
        case let .tlogProofMalformedLine(line, reason):
            return "line \(line) of the tlog-proof is malformed: \(reason)"
        case .tlogProofMissingCheckpoint:
            return "the tlog-proof ends before its checkpoint (expected a blank line, then the signed checkpoint)"
        case let .tlogProofCheckpoint(firstLine, error):
            return "the checkpoint in the tlog-proof (starting at line \(firstLine)) is invalid: \(error)"
        }
    }

    /// A key ID as Go's note package and C2SP vkeys print it: 8 lowercase hex digits.
    static func hex8(_ id: UInt32) -> String {
        let digits = String(id, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
