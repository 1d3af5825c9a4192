import CoopCrypto

/// RFC 9162 §2.1.3.2 and §2.1.4.2 proof verification, step by step as the RFC gives it.
///
/// The `check…` functions throw a `TlogError` naming the failed step; the `verify…` functions
/// return a Bool for callers that only need the verdict.
///
/// A proof binds a leaf (or an old root) to a root hash, not to a tree size: the size only
/// steers the walk. A proof for size n can therefore also verify under another size whose
/// audit path has the same shape (for example index 0 in sizes 3 and 4). That is harmless
/// because the size and root always arrive together in a signed checkpoint.
extension Merkle {
    /// RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its audit path.
    ///
    /// - Throws: `TlogError.indexOutOfRange` (step 1) or `.inclusionProofFailed` with
    ///   `.tooManyHashes` (step 4a) / `.tooFewHashes` (step 5, sn ≠ 0).
    public static func rootFromInclusionProof(
        leafHash: SHA256Digest, index: UInt64, size: UInt64, proof: [SHA256Digest]
    ) throws -> SHA256Digest {
        // 1. leaf_index must be < tree_size.
        guard index < size else { throw TlogError.indexOutOfRange(index: index, size: size) }
        // 2–3. fn = leaf_index, sn = tree_size − 1, r = hash.
        var fn = index
        var sn = size - 1
        var r = leafHash
        // 4. For each p in inclusion_path:
        for p in proof {
            // a. sn = 0 means the root was already reached.
            guard sn != 0 else {
                throw TlogError.inclusionProofFailed(index: index, size: size, reason: .tooManyHashes(count: proof.count))
            }
            if fn & 1 == 1 || fn == sn {
                // b. i. p is a left sibling.
                r = nodeHash(p, r)
                // ii. Skip the levels where this node has no right sibling (right edge).
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                // Otherwise p is a right sibling.
                r = nodeHash(r, p)
            }
            // c. Up one level.
            fn >>= 1
            sn >>= 1
        }
        // 5. The walk must have reached the root.
        guard sn == 0 else {
            throw TlogError.inclusionProofFailed(index: index, size: size, reason: .tooFewHashes(count: proof.count))
        }
        return r
    }

    /// RFC 9162 §2.1.3.2: checks that `leafHash` is leaf `index` of the tree of `size` leaves
    /// with root `root`.
    public static func checkInclusion(
        leafHash: SHA256Digest, index: UInt64, size: UInt64, proof: [SHA256Digest], root: SHA256Digest
    ) throws {
        let computed = try rootFromInclusionProof(leafHash: leafHash, index: index, size: size, proof: proof)
        guard computed == root else {
            throw TlogError.inclusionProofFailed(index: index, size: size, reason: .rootMismatch)
        }
    }

    /// The Bool form of `checkInclusion`.
    public static func verifyInclusion(
        leafHash: SHA256Digest, index: UInt64, size: UInt64, proof: [SHA256Digest], root: SHA256Digest
    ) -> Bool {
        (try? checkInclusion(leafHash: leafHash, index: index, size: size, proof: proof, root: root)) != nil
    }

    /// RFC 9162 §2.1.4.2: checks that the tree of size `m` with root `oldRoot` is a prefix of
    /// the tree of size `n` with root `newRoot`.
    ///
    /// Outside the RFC's 0 < m < n (see `consistencyProof(from:to:source:)`): m == n needs an
    /// empty proof and equal roots; m == 0 needs an empty proof and `oldRoot` == MTH({}).
    public static func checkConsistency(
        from m: UInt64, to n: UInt64, proof: [SHA256Digest], oldRoot: SHA256Digest, newRoot: SHA256Digest
    ) throws {
        func fail(_ reason: MerkleProofFailure) -> TlogError {
            .consistencyProofFailed(from: m, to: n, reason: reason)
        }
        guard m <= n else { throw TlogError.invalidTreeSizes(from: m, to: n) }
        if m == 0 || m == n {
            guard proof.isEmpty else { throw fail(.unexpectedHashes(count: proof.count)) }
            if m == 0 {
                guard oldRoot == emptyRoot else { throw fail(.notEmptyTreeRoot) }
            } else {
                guard oldRoot == newRoot else { throw fail(.rootsDiffer) }
            }
            return
        }
        // 1. An empty consistency_path fails.
        guard !proof.isEmpty else { throw fail(.emptyProof) }
        // 2. If first is an exact power of 2, the old root is itself a node of the new tree
        //    and the proof omits it: prepend first_hash.
        let path = m & (m - 1) == 0 ? [oldRoot] + proof : proof
        // 3. fn = first − 1, sn = second − 1.
        var fn = m - 1
        var sn = n - 1
        // 4. Skip the levels where the old tree's last node is a right child.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // 5. fr = sr = consistency_path[0].
        var fr = path[0]
        var sr = path[0]
        // 6. For each subsequent c:
        for c in path.dropFirst() {
            // a. sn = 0 means the new root was already reached.
            guard sn != 0 else { throw fail(.tooManyHashes(count: proof.count)) }
            if fn & 1 == 1 || fn == sn {
                // b. i–ii. c is a left sibling in both trees.
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                // iii. Skip the levels where this node has no right sibling.
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                // Otherwise c is a right sibling that exists only in the new tree.
                sr = nodeHash(sr, c)
            }
            // c. Up one level.
            fn >>= 1
            sn >>= 1
        }
        // 7. sn must be 0 and both roots must match.
        guard sn == 0 else { throw fail(.tooFewHashes(count: proof.count)) }
        guard fr == oldRoot else { throw fail(.oldRootMismatch) }
        guard sr == newRoot else { throw fail(.newRootMismatch) }
    }

    /// The Bool form of `checkConsistency`.
    public static func verifyConsistency(
        from m: UInt64, to n: UInt64, proof: [SHA256Digest], oldRoot: SHA256Digest, newRoot: SHA256Digest
    ) -> Bool {
        (try? checkConsistency(from: m, to: n, proof: proof, oldRoot: oldRoot, newRoot: newRoot)) != nil
    }
}
