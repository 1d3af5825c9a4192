import CoopCrypto
import CoopTlog
import Testing

/// Published vectors for the RFC 6962/9162 test tree, from transparency-dev/merkle
/// (proof/verify_test.go and testonly/constants.go, inherited from Google's
/// certificate-transparency and trillian), and the worked example of RFC 6962 §2.1.3 /
/// RFC 9162 §2.1.5.
@Suite("Merkle: published vectors")
struct MerkleVectorTests {
    let tree = InMemoryMerkleTree(leafHashes: CTTestTree.leafHashes)

    @Test func hashPrimitives() {
        #expect(Merkle.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // A one-leaf tree's root is its leaf hash: SHA-256(0x00 ‖ "").
        #expect(Merkle.leafHash([UInt8]()) == CTTestTree.roots[1])
        #expect(Merkle.nodeHash(CTTestTree.leafHashes[0], CTTestTree.leafHashes[1]) == CTTestTree.roots[2])
        // Domain separation: a leaf is never hashed like a node.
        #expect(Merkle.leafHash(CTTestTree.leafHashes[0].bytes + CTTestTree.leafHashes[1].bytes) != CTTestTree.roots[2])
    }

    @Test("MTH of the first n leaves", arguments: 0...8)
    func roots(size: Int) throws {
        let expected = CTTestTree.roots[size]
        let prefix = Array(CTTestTree.leafHashes.prefix(size))
        #expect(Merkle.root(leafHashes: prefix) == expected)
        #expect(try Merkle.root(size: UInt64(size), source: tree) == expected)
        var accumulator = MerkleAccumulator()
        for leaf in prefix { accumulator.append(leaf) }
        #expect(accumulator.root() == expected)
        #expect(InMemoryMerkleTree(leafHashes: prefix).root() == expected)
    }

    /// (index, size, proof): transparency-dev's inclusionProofs, whose leaf numbers are 1-based.
    static let inclusionVectors: [(UInt64, UInt64, [String])] = [
        (0, 1, []),
        (
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
    ]

    @Test("published inclusion proofs", arguments: inclusionVectors.indices)
    func inclusion(vector: Int) throws {
        let (index, size, hexes) = Self.inclusionVectors[vector]
        let expected = hexes.map(digest)
        let leaf = CTTestTree.leafHashes[Int(index)]
        let root = CTTestTree.roots[Int(size)]
        #expect(try Merkle.inclusionProof(index: index, size: size, source: tree) == expected)
        #expect(try Merkle.rootFromInclusionProof(leafHash: leaf, index: index, size: size, proof: expected) == root)
        #expect(Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, proof: expected, root: root))
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, proof: expected, root: Merkle.emptyRoot))
    }

    /// (m, n, proof): transparency-dev's consistencyProofs.
    static let consistencyVectors: [(UInt64, UInt64, [String])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
        (
            6, 7,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
    ]

    @Test("published consistency proofs", arguments: consistencyVectors.indices)
    func consistency(vector: Int) throws {
        let (m, n, hexes) = Self.consistencyVectors[vector]
        let expected = hexes.map(digest)
        let oldRoot = CTTestTree.roots[Int(m)], newRoot = CTTestTree.roots[Int(n)]
        #expect(try Merkle.consistencyProof(from: m, to: n, source: tree) == expected)
        try Merkle.checkConsistency(from: m, to: n, proof: expected, oldRoot: oldRoot, newRoot: newRoot)
        if m != n {
            #expect(!Merkle.verifyConsistency(from: m, to: n, proof: expected, oldRoot: newRoot, newRoot: oldRoot))
        }
    }

    /// RFC 6962 §2.1.3 / RFC 9162 §2.1.5: the seven-leaf tree with lettered nodes.
    @Test func rfcWorkedExample() throws {
        let d = Array(CTTestTree.leafHashes.prefix(7))
        let tree = InMemoryMerkleTree(leafHashes: d)
        let (a, b, c, dd, e, f, j) = (d[0], d[1], d[2], d[3], d[4], d[5], d[6])
        let g = Merkle.nodeHash(a, b), h = Merkle.nodeHash(c, dd), i = Merkle.nodeHash(e, f)
        let k = Merkle.nodeHash(g, h), l = Merkle.nodeHash(i, j)
        #expect(tree.root() == Merkle.nodeHash(k, l))
        #expect(tree.root() == CTTestTree.roots[7])
        // "The audit path for d0 is [b, h, l]." … d3 [c, g, l], d4 [f, j, k], d6 [i, k].
        #expect(try Merkle.inclusionProof(index: 0, size: 7, source: tree) == [b, h, l])
        #expect(try Merkle.inclusionProof(index: 3, size: 7, source: tree) == [c, g, l])
        #expect(try Merkle.inclusionProof(index: 4, size: 7, source: tree) == [f, j, k])
        #expect(try Merkle.inclusionProof(index: 6, size: 7, source: tree) == [i, k])
        // PROOF(3, D[7]) = [c, d, g, l]; PROOF(4, D[7]) = [l]; PROOF(6, D[7]) = [i, j, k].
        #expect(try Merkle.consistencyProof(from: 3, to: 7, source: tree) == [c, dd, g, l])
        #expect(try Merkle.consistencyProof(from: 4, to: 7, source: tree) == [l])
        #expect(try Merkle.consistencyProof(from: 6, to: 7, source: tree) == [i, j, k])
        // hash1 = k: the size-4 root is a node of the size-7 tree.
        #expect(try Merkle.root(size: 4, source: tree) == k)
        #expect(try Merkle.subtreeRoot(start: 4, end: 7, source: tree) == l)
    }
}
