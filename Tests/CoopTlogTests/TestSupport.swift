import CoopCrypto
import CoopTlog

/// Lowercase hex to bytes; traps on bad input (test literals only).
func hex(_ text: String) -> [UInt8] {
    guard let bytes = Hex.decode(text) else { fatalError("bad hex literal \(text)") }
    return bytes
}

/// A digest from 64 hex characters; traps on bad input (test literals only).
func digest(_ text: String) -> SHA256Digest {
    guard let digest = SHA256Digest(hex: text) else { fatalError("bad digest literal \(text)") }
    return digest
}

/// Standard base64 to bytes; traps on bad input (test literals only).
func base64(_ text: String) -> [UInt8] {
    guard let bytes = Base64.decode(text) else { fatalError("bad base64 literal \(text)") }
    return bytes
}

/// The test tree used by RFC 6962 implementations (certificate-transparency, trillian,
/// transparency-dev/merkle): 8 leaves of growing length.
enum CTTestTree {
    static let leaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(hex)

    static let leafHashes: [SHA256Digest] = leaves.map { Merkle.leafHash($0) }

    /// MTH of the first n leaves, n = 0…8 (transparency-dev/merkle testonly RootHashes).
    static let roots: [SHA256Digest] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(digest)
}

/// Distinct deterministic leaf hashes for property tests.
func syntheticLeafHashes(_ count: Int) -> [SHA256Digest] {
    (0..<count).map { Merkle.leafHash([UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8), 0x5a]) }
}

/// Flips one bit of a digest.
func flipped(_ digest: SHA256Digest, bit: Int = 0) -> SHA256Digest {
    var bytes = digest.bytes
    bytes[bit / 8 % 32] ^= 1 << UInt8(bit % 8)
    guard let result = SHA256Digest(bytes: bytes) else { fatalError("digest length changed") }
    return result
}

/// RFC 9162 §2.1 written as literally as possible over an array of leaf hashes: the
/// recursive definitions of MTH, PATH and PROOF/SUBPROOF, and verifiers that rebuild the
/// roots by walking the same recursion. Deliberately independent of CoopTlog's iterative code.
enum Reference {
    static func k(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[n]).
    static func mth(_ d: ArraySlice<SHA256Digest>) -> SHA256Digest {
        if d.isEmpty { return Merkle.emptyRoot }
        if d.count == 1 { return d[d.startIndex] }
        let split = d.startIndex + k(d.count)
        return Merkle.nodeHash(mth(d[..<split]), mth(d[split...]))
    }

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ d: ArraySlice<SHA256Digest>) -> [SHA256Digest] {
        if d.count == 1 { return [] }
        let kk = k(d.count), split = d.startIndex + kk
        if m < kk { return path(m, d[..<split]) + [mth(d[split...])] }
        return path(m - kk, d[split...]) + [mth(d[..<split])]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true), 0 < m ≤ n.
    static func proof(_ m: Int, _ d: ArraySlice<SHA256Digest>) -> [SHA256Digest] {
        subproof(m, d, true)
    }

    static func subproof(_ m: Int, _ d: ArraySlice<SHA256Digest>, _ b: Bool) -> [SHA256Digest] {
        if m == d.count { return b ? [] : [mth(d)] }
        let kk = k(d.count), split = d.startIndex + kk
        if m <= kk { return subproof(m, d[..<split], b) + [mth(d[split...])] }
        return subproof(m - kk, d[split...], false) + [mth(d[..<split])]
    }

    /// Rebuilds the root from a leaf and its path by the PATH recursion; nil if the path has
    /// the wrong length.
    static func rootFromPath(_ m: UInt64, _ n: UInt64, leaf: SHA256Digest, path: ArraySlice<SHA256Digest>) -> SHA256Digest? {
        if n == 1 { return path.isEmpty ? leaf : nil }
        guard let sibling = path.last else { return nil }
        let kk = UInt64(k(Int(n)))
        if m < kk {
            return rootFromPath(m, kk, leaf: leaf, path: path.dropLast()).map { Merkle.nodeHash($0, sibling) }
        }
        return rootFromPath(m - kk, n - kk, leaf: leaf, path: path.dropLast()).map { Merkle.nodeHash(sibling, $0) }
    }

    static func verifyInclusion(_ m: UInt64, _ n: UInt64, leaf: SHA256Digest, path: [SHA256Digest], root: SHA256Digest) -> Bool {
        m < n && rootFromPath(m, n, leaf: leaf, path: path[...]) == root
    }

    /// Rebuilds (old root, new root) from a consistency proof by the SUBPROOF recursion,
    /// consuming hashes from the end of the proof.
    private static func rebuild(
        _ m: UInt64, _ n: UInt64, _ b: Bool, oldRoot: SHA256Digest, proof: inout ArraySlice<SHA256Digest>
    ) -> (old: SHA256Digest, new: SHA256Digest)? {
        if m == n {
            if b { return (oldRoot, oldRoot) }
            guard let hash = proof.popLast() else { return nil }
            return (hash, hash)
        }
        guard let hash = proof.popLast() else { return nil }
        let kk = UInt64(k(Int(n)))
        if m <= kk {
            guard let sub = rebuild(m, kk, b, oldRoot: oldRoot, proof: &proof) else { return nil }
            return (sub.old, Merkle.nodeHash(sub.new, hash))
        }
        guard let sub = rebuild(m - kk, n - kk, false, oldRoot: oldRoot, proof: &proof) else { return nil }
        return (Merkle.nodeHash(hash, sub.old), Merkle.nodeHash(hash, sub.new))
    }

    /// Consistency verification by the recursive definition, with CoopTlog's documented
    /// conventions for m == 0 and m == n.
    static func verifyConsistency(_ m: UInt64, _ n: UInt64, proof: [SHA256Digest], oldRoot: SHA256Digest, newRoot: SHA256Digest) -> Bool {
        guard m <= n else { return false }
        if m == 0 { return proof.isEmpty && oldRoot == Merkle.emptyRoot }
        if m == n { return proof.isEmpty && oldRoot == newRoot }
        var rest = proof[...]
        guard let roots = rebuild(m, n, true, oldRoot: oldRoot, proof: &rest), rest.isEmpty else { return false }
        return roots.old == oldRoot && roots.new == newRoot
    }
}
