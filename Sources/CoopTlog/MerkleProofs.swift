import CoopCrypto

/// RFC 9162 §2.1.3.1 and §2.1.4.1 proof generation from stored perfect subtrees.
///
/// The RFC defines proofs recursively over the leaf list; here the same recursion walks down
/// from the root keeping only the current range, and every MTH it needs is assembled from
/// perfect nodes of a `MerkleNodeSource`. At most one range per proof is not itself perfect
/// (the one hanging off the tree's right edge), so a proof costs O(log n) look-ups.
extension Merkle {
    /// MTH(D[start:end]) assembled from perfect nodes.
    ///
    /// The range must be one RFC 9162's recursion produces: non-empty, with `start` a multiple
    /// of the smallest power of two ≥ its size. Such a range splits into the perfect subtrees
    /// named by the set bits of its size, largest first, and its MTH is their right-to-left
    /// fold (the RFC splits off the largest power of two at every step). Other ranges have a
    /// different shape and cannot be built from stored nodes.
    public static func subtreeRoot(
        start: UInt64, end: UInt64, source: some MerkleNodeSource
    ) throws -> SHA256Digest {
        guard start < end, start.trailingZeroBitCount >= ceilLog2(end - start) else {
            throw TlogError.unalignedSubtree(start: start, end: end)
        }
        let size = end - start
        var nodes: [SHA256Digest] = []
        var position = start
        for level in stride(from: 63, through: 0, by: -1) where size & (1 << UInt64(level)) != 0 {
            nodes.append(try source.node(level: level, index: position >> UInt64(level)))
            position += 1 << UInt64(level)
        }
        guard var hash = nodes.last else { throw TlogError.unalignedSubtree(start: start, end: end) }
        for node in nodes.dropLast().reversed() {
            hash = nodeHash(node, hash)
        }
        return hash
    }

    /// MTH(D[size]) from perfect nodes: the empty root for size 0.
    public static func root(size: UInt64, source: some MerkleNodeSource) throws -> SHA256Digest {
        size == 0 ? emptyRoot : try subtreeRoot(start: 0, end: size, source: source)
    }

    /// PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of the
    /// first `size` leaves, ordered from the leaf's sibling up to the root's child.
    ///
    /// - Throws: `TlogError.indexOutOfRange` unless index < size (the RFC defines PATH for
    ///   0 ≤ m < n only); `TlogError.missingNode` when the source lacks a node.
    public static func inclusionProof(
        index: UInt64, size: UInt64, source: some MerkleNodeSource
    ) throws -> [SHA256Digest] {
        guard index < size else { throw TlogError.indexOutOfRange(index: index, size: size) }
        // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])          if m < k
        //              = PATH(m − k, D[k:n]) : MTH(D[0:k])      if m ≥ k
        // The outermost sibling comes last, so collect top-down and reverse.
        var path: [SHA256Digest] = []
        var start: UInt64 = 0
        var end = size
        while end - start > 1 {
            let k = largestPowerOfTwo(below: end - start)
            if index - start < k {
                path.append(try subtreeRoot(start: start + k, end: end, source: source))
                end = start + k
            } else {
                path.append(try subtreeRoot(start: start, end: start + k, source: source))
                start += k
            }
        }
        return path.reversed()
    }

    /// PROOF(m, D[n]) of RFC 9162 §2.1.4.1: proves the tree of size `m` is a prefix of the
    /// tree of size `n`.
    ///
    /// RFC 9162 defines PROOF for 0 < m < n; at the edges this function returns `[]`:
    /// - m == n: SUBPROOF(m, D[m], true) = {} — equal trees need no proof (the verifier
    ///   compares the roots).
    /// - m == 0: every tree extends the empty tree, so there is nothing to prove; the verifier
    ///   instead checks that the old root is MTH({}). This matches what deployed verifiers
    ///   (transparency-dev/merkle) accept, so a client whose last checkpoint was the empty log
    ///   needs no special case.
    ///
    /// - Throws: `TlogError.invalidTreeSizes` when m > n; `TlogError.missingNode` when the
    ///   source lacks a node.
    public static func consistencyProof(
        from m: UInt64, to n: UInt64, source: some MerkleNodeSource
    ) throws -> [SHA256Digest] {
        guard m <= n else { throw TlogError.invalidTreeSizes(from: m, to: n) }
        guard m > 0, m < n else { return [] }
        // SUBPROOF(m, D[n], b):
        //   m == n:  {} if b, else {MTH(D[m])}
        //   m ≤ k:   SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
        //   m > k:   SUBPROOF(m − k, D[k:n], false) : MTH(D[0:k])
        // Again the outermost hash comes last: collect top-down, then reverse.
        var proof: [SHA256Digest] = []
        var start: UInt64 = 0
        var end = n
        var known = true  // the RFC's b: is MTH(D[start:start+m]) the old root itself?
        while true {
            let size = end - start
            let remaining = m - start  // old leaves inside [start, end)
            if remaining == size {
                if !known { proof.append(try subtreeRoot(start: start, end: end, source: source)) }
                break
            }
            let k = largestPowerOfTwo(below: size)
            if remaining <= k {
                proof.append(try subtreeRoot(start: start + k, end: end, source: source))
                end = start + k
            } else {
                proof.append(try subtreeRoot(start: start, end: start + k, source: source))
                start += k
                known = false
            }
        }
        return proof.reversed()
    }
}
