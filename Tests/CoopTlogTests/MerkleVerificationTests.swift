import CoopCrypto
import CoopTlog
import Testing

/// Failure points of the RFC 9162 §2.1.3.2 / §2.1.4.2 algorithms and the documented edges
/// (m == 0, m == n), on the CT test tree.
@Suite("Merkle: verification failures and edges")
struct MerkleVerificationTests {
    let roots = CTTestTree.roots
    let tree = InMemoryMerkleTree(leafHashes: CTTestTree.leafHashes)

    @Test func inclusionFailurePoints() throws {
        let leaf = CTTestTree.leafHashes[5]
        let proof = try Merkle.inclusionProof(index: 5, size: 8, source: tree)
        func check(_ index: UInt64, _ size: UInt64, _ proof: [SHA256Digest], _ root: SHA256Digest) throws {
            try Merkle.checkInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root)
        }
        try check(5, 8, proof, roots[8])
        #expect(throws: TlogError.indexOutOfRange(index: 8, size: 8)) { try check(8, 8, proof, roots[8]) }
        #expect(throws: TlogError.indexOutOfRange(index: 0, size: 0)) { try check(0, 0, [], Merkle.emptyRoot) }
        #expect(throws: TlogError.inclusionProofFailed(index: 5, size: 8, reason: .tooManyHashes(count: 4))) {
            try check(5, 8, proof + [roots[8]], roots[8])
        }
        #expect(throws: TlogError.inclusionProofFailed(index: 5, size: 8, reason: .tooFewHashes(count: 2))) {
            try check(5, 8, Array(proof.prefix(2)), roots[8])
        }
        #expect(throws: TlogError.inclusionProofFailed(index: 5, size: 8, reason: .rootMismatch)) {
            try check(5, 8, proof, roots[7])
        }
        // A one-leaf tree: the root is the leaf hash and the proof is empty.
        #expect(Merkle.verifyInclusion(leafHash: roots[1], index: 0, size: 1, proof: [], root: roots[1]))
        #expect(!Merkle.verifyInclusion(leafHash: roots[1], index: 0, size: 1, proof: [], root: roots[2]))
        #expect(!Merkle.verifyInclusion(leafHash: roots[1], index: 1, size: 1, proof: [], root: roots[1]))
    }

    @Test func consistencyFailurePoints() throws {
        let proof = try Merkle.consistencyProof(from: 6, to: 8, source: tree)
        func check(_ m: UInt64, _ n: UInt64, _ proof: [SHA256Digest], _ old: SHA256Digest, _ new: SHA256Digest) throws {
            try Merkle.checkConsistency(from: m, to: n, proof: proof, oldRoot: old, newRoot: new)
        }
        try check(6, 8, proof, roots[6], roots[8])
        #expect(throws: TlogError.invalidTreeSizes(from: 8, to: 6)) { try check(8, 6, proof, roots[8], roots[6]) }
        #expect(throws: TlogError.consistencyProofFailed(from: 6, to: 8, reason: .emptyProof)) {
            try check(6, 8, [], roots[6], roots[8])
        }
        #expect(throws: TlogError.consistencyProofFailed(from: 6, to: 8, reason: .tooManyHashes(count: 4))) {
            try check(6, 8, proof + [roots[8]], roots[6], roots[8])
        }
        #expect(throws: TlogError.consistencyProofFailed(from: 6, to: 8, reason: .tooFewHashes(count: 2))) {
            try check(6, 8, Array(proof.prefix(2)), roots[6], roots[8])
        }
        #expect(throws: TlogError.consistencyProofFailed(from: 6, to: 8, reason: .oldRootMismatch)) {
            try check(6, 8, proof, roots[5], roots[8])
        }
        #expect(throws: TlogError.consistencyProofFailed(from: 6, to: 8, reason: .newRootMismatch)) {
            try check(6, 8, proof, roots[6], roots[7])
        }
    }

    /// RFC 9162 defines PROOF only for 0 < m < n; see `Merkle.consistencyProof` for m == n
    /// (empty proof, equal roots) and m == 0 (empty proof, old root = MTH({})).
    @Test func consistencyEdges() throws {
        #expect(try Merkle.consistencyProof(from: 0, to: 8, source: tree) == [])
        #expect(try Merkle.consistencyProof(from: 0, to: 0, source: tree) == [])
        #expect(try Merkle.consistencyProof(from: 8, to: 8, source: tree) == [])
        #expect(try Merkle.consistencyProof(from: 3, to: 3, source: tree) == [])

        func check(_ m: UInt64, _ n: UInt64, _ proof: [SHA256Digest], _ old: SHA256Digest, _ new: SHA256Digest) throws {
            try Merkle.checkConsistency(from: m, to: n, proof: proof, oldRoot: old, newRoot: new)
        }
        try check(0, 0, [], Merkle.emptyRoot, Merkle.emptyRoot)
        try check(0, 8, [], Merkle.emptyRoot, roots[8])
        try check(3, 3, [], roots[3], roots[3])
        #expect(throws: TlogError.consistencyProofFailed(from: 0, to: 8, reason: .notEmptyTreeRoot)) {
            try check(0, 8, [], roots[1], roots[8])
        }
        #expect(throws: TlogError.consistencyProofFailed(from: 0, to: 8, reason: .unexpectedHashes(count: 1))) {
            try check(0, 8, [roots[8]], Merkle.emptyRoot, roots[8])
        }
        #expect(throws: TlogError.consistencyProofFailed(from: 3, to: 3, reason: .rootsDiffer)) {
            try check(3, 3, [], roots[3], roots[4])
        }
        #expect(throws: TlogError.consistencyProofFailed(from: 3, to: 3, reason: .unexpectedHashes(count: 1))) {
            try check(3, 3, [Merkle.emptyRoot], roots[3], roots[3])
        }
        #expect(throws: TlogError.invalidTreeSizes(from: 1, to: 0)) { try check(1, 0, [], roots[1], Merkle.emptyRoot) }
    }

    @Test func largeSizesDoNotOverflow() throws {
        // Sizes near 2^64: the walk must stay within UInt64 and fail cleanly.
        let leaf = CTTestTree.leafHashes[0]
        let proof = Array(repeating: leaf, count: 64)
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: UInt64.max - 1, size: UInt64.max, proof: proof, root: leaf))
        #expect(!Merkle.verifyConsistency(from: UInt64.max - 1, to: UInt64.max, proof: proof, oldRoot: leaf, newRoot: leaf))
        #expect(!Merkle.verifyConsistency(from: 1 << 63, to: UInt64.max, proof: proof, oldRoot: leaf, newRoot: leaf))
        // Hostile proof lengths stop after at most 64 steps.
        let huge = Array(repeating: leaf, count: 10_000)
        #expect(throws: TlogError.inclusionProofFailed(index: 0, size: 2, reason: .tooManyHashes(count: 10_000))) {
            try Merkle.checkInclusion(leafHash: leaf, index: 0, size: 2, proof: huge, root: leaf)
        }
    }
}
