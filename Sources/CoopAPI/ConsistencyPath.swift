import CoopCrypto
import CoopTlog

/// An RFC 9162 consistency path that always carries its first node.
///
/// The RFC's proof from size m omits the old root when m is a power of two (the verifier
/// already holds it). Evidence of a fork must not take the old root on trust, so here the
/// node is always present; the walk then yields the root of the first m leaves *of the tree
/// the path belongs to*, whatever root the holder of the old checkpoint had.
public enum ConsistencyPath {
    /// The path from `m` to `n` (0 < m < n) over `source`'s nodes.
    public static func make(from m: UInt64, to n: UInt64, source: some MerkleNodeSource) throws -> [SHA256Digest] {
        let proof = try Merkle.consistencyProof(from: m, to: n, source: source)
        guard m & (m - 1) == 0 else { return proof }
        return [try source.node(level: m.trailingZeroBitCount, index: 0)] + proof
    }

    /// The roots of the first `m` leaves and of all `n` leaves the path implies (RFC 9162
    /// §2.1.4.2, steps 3–6, without comparing); nil when the path's length does not fit.
    public static func impliedRoots(from m: UInt64, to n: UInt64, path: [SHA256Digest]) -> (old: SHA256Digest, new: SHA256Digest)? {
        guard m > 0, m < n, let first = path.first else { return nil }
        var fn = m - 1
        var sn = n - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = first
        var sr = first
        for c in path.dropFirst() {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                fr = Merkle.nodeHash(c, fr)
                sr = Merkle.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = Merkle.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { return nil }
        return (fr, sr)
    }
}
