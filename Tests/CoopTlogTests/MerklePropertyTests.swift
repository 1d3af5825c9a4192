import CoopCrypto
import CoopTlog
import Testing

/// Exhaustive checks over small trees against `Reference`, the RFC's recursive definitions.
@Suite("Merkle: properties")
struct MerklePropertyTests {
    static let maxSize = 64
    static let leaves = syntheticLeafHashes(maxSize)
    static let tree = InMemoryMerkleTree(leafHashes: leaves)
    static let roots = (0...maxSize).map { Reference.mth(leaves.prefix($0)) }

    @Test("every consistency proof for 1 ≤ m ≤ n ≤ 64", arguments: 1...maxSize)
    func consistency(n: Int) throws {
        let newRoot = Self.roots[n]
        for m in 1...n {
            let oldRoot = Self.roots[m]
            let (m64, n64) = (UInt64(m), UInt64(n))
            let proof = try Merkle.consistencyProof(from: m64, to: n64, source: Self.tree)
            #expect(proof == Reference.proof(m, Self.leaves.prefix(n)), "PROOF(\(m), D[\(n)])")
            #expect(proof.count <= Merkle.ceilLog2ForTests(n64) + 1)
            try Merkle.checkConsistency(from: m64, to: n64, proof: proof, oldRoot: oldRoot, newRoot: newRoot)
            #expect(Reference.verifyConsistency(m64, n64, proof: proof, oldRoot: oldRoot, newRoot: newRoot))

            // Any altered hash, truncation or extension fails.
            for position in proof.indices {
                var bad = proof
                bad[position] = flipped(bad[position], bit: position * 7)
                #expect(!Merkle.verifyConsistency(from: m64, to: n64, proof: bad, oldRoot: oldRoot, newRoot: newRoot))
            }
            if !proof.isEmpty {
                #expect(!Merkle.verifyConsistency(from: m64, to: n64, proof: proof.dropLast(), oldRoot: oldRoot, newRoot: newRoot))
                #expect(!Merkle.verifyConsistency(from: m64, to: n64, proof: [oldRoot] + proof, oldRoot: oldRoot, newRoot: newRoot))
            }
            #expect(!Merkle.verifyConsistency(from: m64, to: n64, proof: proof + [newRoot], oldRoot: oldRoot, newRoot: newRoot))
            #expect(!Merkle.verifyConsistency(from: m64, to: n64, proof: proof, oldRoot: flipped(oldRoot), newRoot: newRoot))
            #expect(!Merkle.verifyConsistency(from: m64, to: n64, proof: proof, oldRoot: oldRoot, newRoot: flipped(newRoot)))
            if m != n {
                #expect(!Merkle.verifyConsistency(from: m64, to: n64, proof: proof, oldRoot: newRoot, newRoot: oldRoot))
            }

            // Altered sizes: the RFC 9162 algorithm must agree with the recursive definition.
            // (A proof only commits to the roots; sizes whose proof has the same shape may still
            // pass, which is why checkpoints sign size and root together.)
            let sizes: [(UInt64, UInt64)] = [
                (m64 - 1, n64), (m64 + 1, n64), (m64 ^ 2, n64), (m64, n64 + 1), (m64, n64 - 1),
                (m64, n64 * 2), (m64, n64 / 2), (m64 + 1, n64 + 1), (m64 - 1, n64 - 1),
            ]
            for (m2, n2) in sizes where (m2, n2) != (m64, n64) {
                let fast = Merkle.verifyConsistency(from: m2, to: n2, proof: proof, oldRoot: oldRoot, newRoot: newRoot)
                let slow = Reference.verifyConsistency(m2, n2, proof: proof, oldRoot: oldRoot, newRoot: newRoot)
                #expect(fast == slow, "sizes \(m2)→\(n2) for PROOF(\(m), D[\(n)])")
                // A proof of a different length cannot fit.
                if m2 > 0, m2 < n2, n2 <= UInt64(Self.maxSize), Reference.proof(Int(m2), Self.leaves.prefix(Int(n2))).count != proof.count {
                    #expect(!fast)
                }
            }
        }
    }

    @Test("every inclusion proof for index < n ≤ 64", arguments: 1...maxSize)
    func inclusion(n: Int) throws {
        let root = Self.roots[n]
        let n64 = UInt64(n)
        for index in 0..<n {
            let i64 = UInt64(index)
            let leaf = Self.leaves[index]
            let proof = try Merkle.inclusionProof(index: i64, size: n64, source: Self.tree)
            #expect(proof == Reference.path(index, Self.leaves.prefix(n)), "PATH(\(index), D[\(n)])")
            try Merkle.checkInclusion(leafHash: leaf, index: i64, size: n64, proof: proof, root: root)

            for position in proof.indices {
                var bad = proof
                bad[position] = flipped(bad[position], bit: position * 5 + 3)
                #expect(!Merkle.verifyInclusion(leafHash: leaf, index: i64, size: n64, proof: bad, root: root))
            }
            #expect(!Merkle.verifyInclusion(leafHash: flipped(leaf), index: i64, size: n64, proof: proof, root: root))
            #expect(!Merkle.verifyInclusion(leafHash: leaf, index: i64, size: n64, proof: proof + [root], root: root))
            if !proof.isEmpty {
                #expect(!Merkle.verifyInclusion(leafHash: leaf, index: i64, size: n64, proof: proof.dropLast(), root: root))
            }
            // Every other index of the same tree fails: the path encodes the position.
            for other in 0..<n where other != index {
                #expect(!Merkle.verifyInclusion(leafHash: leaf, index: UInt64(other), size: n64, proof: proof, root: root))
            }
            // Every other size agrees with the recursive definition.
            for otherSize in 1...(2 * Self.maxSize) where otherSize != n {
                let fast = Merkle.verifyInclusion(leafHash: leaf, index: i64, size: UInt64(otherSize), proof: proof, root: root)
                let slow = Reference.verifyInclusion(i64, UInt64(otherSize), leaf: leaf, path: proof, root: root)
                #expect(fast == slow, "size \(otherSize) for PATH(\(index), D[\(n)])")
            }
        }
    }

    @Test("subtreeRoot matches MTH for every range the RFC split produces")
    func subtreeRoots() throws {
        for start in 0..<Self.maxSize {
            for end in (start + 1)...Self.maxSize {
                let aligned = start % (1 << Merkle.ceilLog2ForTests(UInt64(end - start))) == 0
                if aligned {
                    let root = try Merkle.subtreeRoot(start: UInt64(start), end: UInt64(end), source: Self.tree)
                    #expect(root == Reference.mth(Self.leaves[start..<end]))
                } else {
                    #expect(throws: TlogError.unalignedSubtree(start: UInt64(start), end: UInt64(end))) {
                        try Merkle.subtreeRoot(start: UInt64(start), end: UInt64(end), source: Self.tree)
                    }
                }
            }
        }
    }

    @Test("root(size:source:) at every size of a larger tree")
    func rootsFromSource() throws {
        for size in 0...Self.maxSize {
            #expect(try Merkle.root(size: UInt64(size), source: Self.tree) == Self.roots[size])
        }
    }
}

extension Merkle {
    /// ⌈log2 n⌉, recomputed independently for the tests.
    static func ceilLog2ForTests(_ n: UInt64) -> Int {
        var bits = 0
        while (1 << UInt64(bits)) < n { bits += 1 }
        return bits
    }
}
