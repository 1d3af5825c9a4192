import CoopCrypto

/// RFC 9162 §2.1.1 Merkle Tree Hash (MTH) over SHA-256, with the 0x00/0x01 domain separation
/// that stops a leaf from being passed off as an interior node (second-preimage attacks).
///
/// Proof generation lives in `MerkleProofs.swift`, verification in
/// `MerkleProofVerification.swift`.
public enum Merkle {
    /// MTH({}) = SHA-256() — the root of the empty tree (RFC 9162 §2.1.1).
    public static let emptyRoot: SHA256Digest = SHA256.hash([UInt8]())

    /// MTH({d}) = SHA-256(0x00 ‖ d) — the hash of one leaf (RFC 9162 §2.1.1).
    public static func leafHash(_ leaf: some ContiguousBytes) -> SHA256Digest {
        var hasher = SHA256.Hasher()
        hasher.update(byte: 0x00)
        hasher.update(leaf)
        return hasher.finalize()
    }

    /// SHA-256(0x01 ‖ left ‖ right) — an interior node (RFC 9162 §2.1.1).
    public static func nodeHash(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        // The 65 bytes laid out on the stack and hashed in one call (a tree of n leaves has
        // n − 1 of these).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65) { buffer in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw[0] = 0x01
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[33..<65]).copyMemory(from: $0) }
            return SHA256.hash(UnsafeRawBufferPointer(raw))
        }
    }

    /// MTH(D[n]) over already-hashed leaves, by the RFC 9162 §2.1.1 recursion: split at the
    /// largest power of two k < n, hash MTH(D[0:k]) with MTH(D[k:n]).
    ///
    /// This is the reference definition: O(n) hashing, no storage. Use `MerkleAccumulator`
    /// to build trees incrementally.
    public static func root(leafHashes: [SHA256Digest]) -> SHA256Digest {
        leafHashes.isEmpty ? emptyRoot : root(of: leafHashes[...])
    }

    private static func root(of leaves: ArraySlice<SHA256Digest>) -> SHA256Digest {
        if leaves.count == 1, let only = leaves.first { return only }
        let k = Int(largestPowerOfTwo(below: UInt64(leaves.count)))
        let split = leaves.startIndex + k
        return nodeHash(root(of: leaves[..<split]), root(of: leaves[split...]))
    }

    /// The largest power of two strictly smaller than `n` (RFC 9162's k); `n` must be ≥ 2.
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        precondition(n >= 2, "the RFC 9162 split point is only defined for n > 1")
        return 1 << (63 - (n - 1).leadingZeroBitCount)
    }

    /// log2 of the smallest power of two ≥ `n` (0 for n ≤ 1); 64 for n > 2^63.
    static func ceilLog2(_ n: UInt64) -> Int {
        n <= 1 ? 0 : 64 - (n - 1).leadingZeroBitCount
    }
}
