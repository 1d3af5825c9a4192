import CoopCrypto
import CoopTlog
import Testing

/// A `MerkleNodeSource` over a dictionary, filled only from the nodes the accumulator emits:
/// the way the ledger stores them in SQLite.
struct DictionaryNodeSource: MerkleNodeSource {
    var nodes: [MerkleNodePosition: SHA256Digest] = [:]
    var lookups = 0

    mutating func store(_ emitted: [MerkleNode]) {
        for node in emitted {
            #expect(nodes[node.position] == nil, "node \(node.position) emitted twice")
            nodes[node.position] = node.hash
        }
    }

    func node(level: Int, index: UInt64) throws -> SHA256Digest {
        guard let hash = nodes[MerkleNodePosition(level: level, index: index)] else {
            throw TlogError.missingNode(level: level, index: index)
        }
        return hash
    }
}

@Suite("Merkle: accumulator and node storage")
struct MerkleAccumulatorTests {
    static let leaves = syntheticLeafHashes(200)

    @Test("root equals MTH at every size 0…200; emitted nodes are the perfect subtrees")
    func rootsAndNodes() throws {
        var accumulator = MerkleAccumulator()
        var source = DictionaryNodeSource()
        #expect(accumulator.root() == Merkle.emptyRoot)
        for (i, leaf) in Self.leaves.enumerated() {
            let emitted = accumulator.append(leaf)
            let size = i + 1
            // One node per trailing one-bit of the old size, plus the leaf itself.
            #expect(emitted.count == (~UInt64(i)).trailingZeroBitCount + 1)
            #expect(emitted.first == MerkleNode(level: 0, index: UInt64(i), hash: leaf))
            for node in emitted {
                let start = Int(node.index) << node.level, end = start + (1 << node.level)
                #expect(end == size, "a node completes exactly when its last leaf arrives")
                #expect(node.hash == Reference.mth(Self.leaves[start..<end]))
            }
            source.store(emitted)
            #expect(accumulator.size == UInt64(size))
            #expect(accumulator.peaks.count == size.nonzeroBitCount)
            #expect(accumulator.root() == Merkle.root(leafHashes: Array(Self.leaves.prefix(size))))
            #expect(try Merkle.root(size: UInt64(size), source: source) == accumulator.root())
        }
        // Every perfect subtree of 200 leaves was emitted exactly once.
        let expectedCount = (0..<8).reduce(0) { $0 + 200 >> $1 }
        #expect(source.nodes.count == expectedCount)
    }

    @Test("adding leaves without the completed subtrees gives the same tree at every size")
    func addMatchesAppend() {
        var added = MerkleAccumulator()
        var appended = MerkleAccumulator()
        for leaf in Self.leaves {
            added.add(leaf)
            appended.append(leaf)
            #expect(added == appended)
            #expect(added.root() == appended.root())
        }
    }

    @Test("a perfect subtree added by its root gives the tree its leaves give")
    func subtreesMatchLeaves() {
        // Every split of 200 leaves into the largest aligned subtrees a size allows, and into
        // subtrees of one level throughout.
        for maxLevel in 0...7 {
            var bySubtree = MerkleAccumulator()
            var position = 0
            while position < Self.leaves.count {
                var level = min(maxLevel, position == 0 ? maxLevel : position.trailingZeroBitCount)
                while position + (1 << level) > Self.leaves.count { level -= 1 }
                let leaves = Array(Self.leaves[position..<position + (1 << level)])
                bySubtree.add(subtreeRoot: Merkle.root(leafHashes: leaves), level: level)
                position += 1 << level
                var byLeaf = MerkleAccumulator()
                for leaf in Self.leaves.prefix(position) { byLeaf.add(leaf) }
                #expect(bySubtree == byLeaf, "level \(maxLevel), size \(position)")
            }
        }
    }

    @Test("stored nodes answer every proof of a 200-leaf tree")
    func proofsFromEmittedNodes() throws {
        var accumulator = MerkleAccumulator()
        var source = DictionaryNodeSource()
        for leaf in Self.leaves { source.store(accumulator.append(leaf)) }
        let n: UInt64 = 200
        let root = accumulator.root()
        for index in stride(from: UInt64(0), to: n, by: 7) {
            let proof = try Merkle.inclusionProof(index: index, size: n, source: source)
            #expect(proof == Reference.path(Int(index), Self.leaves[...]))
            #expect(Merkle.verifyInclusion(leafHash: Self.leaves[Int(index)], index: index, size: n, proof: proof, root: root))
        }
        for m in stride(from: UInt64(1), through: n, by: 13) {
            let proof = try Merkle.consistencyProof(from: m, to: n, source: source)
            #expect(proof == Reference.proof(Int(m), Self.leaves[...]))
            let oldRoot = Reference.mth(Self.leaves.prefix(Int(m)))
            #expect(Merkle.verifyConsistency(from: m, to: n, proof: proof, oldRoot: oldRoot, newRoot: root))
        }
    }

    @Test("proofs need O(log n) node look-ups")
    func lookupCount() throws {
        struct Counting: MerkleNodeSource {
            let base: InMemoryMerkleTree
            let counter: Counter
            func node(level: Int, index: UInt64) throws -> SHA256Digest {
                counter.count += 1
                return try base.node(level: level, index: index)
            }
        }
        final class Counter { var count = 0 }
        let tree = InMemoryMerkleTree(leafHashes: syntheticLeafHashes(1000))
        let counter = Counter()
        let source = Counting(base: tree, counter: counter)
        for (index, size) in [(0, 1000), (999, 1000), (511, 1000), (777, 999)] as [(UInt64, UInt64)] {
            counter.count = 0
            _ = try Merkle.inclusionProof(index: index, size: size, source: source)
            #expect(counter.count <= 2 * 10, "inclusion (\(index), \(size)) took \(counter.count) look-ups")
        }
        for (m, n) in [(1, 1000), (999, 1000), (500, 999), (333, 777)] as [(UInt64, UInt64)] {
            counter.count = 0
            _ = try Merkle.consistencyProof(from: m, to: n, source: source)
            #expect(counter.count <= 2 * 10 + 1, "consistency (\(m), \(n)) took \(counter.count) look-ups")
        }
    }

    @Test("resuming from stored state continues the same tree")
    func resume() throws {
        var full = MerkleAccumulator()
        var source = DictionaryNodeSource()
        for (i, leaf) in Self.leaves.enumerated() {
            source.store(full.append(leaf))
            let size = UInt64(i + 1)
            let fromPeaks = try MerkleAccumulator(size: size, peaks: full.peaks)
            let fromNodes = try MerkleAccumulator(size: size, source: source)
            #expect(fromPeaks == full)
            #expect(fromNodes == full)
            #expect(MerkleAccumulator.peakPositions(size: size).count == full.peaks.count)
        }
        var resumed = try MerkleAccumulator(size: 100, source: source)
        for leaf in Self.leaves[100...] { resumed.append(leaf) }
        #expect(resumed == full)
        #expect(throws: TlogError.invalidAccumulatorState(size: 3, peaks: 1)) {
            try MerkleAccumulator(size: 3, peaks: [Merkle.emptyRoot])
        }
        #expect(
            MerkleAccumulator.peakPositions(size: 13) == [
                MerkleNodePosition(level: 3, index: 0), MerkleNodePosition(level: 2, index: 2), MerkleNodePosition(level: 0, index: 12),
            ])
    }

    @Test func errors() throws {
        let tree = InMemoryMerkleTree(leafHashes: CTTestTree.leafHashes)
        #expect(throws: TlogError.indexOutOfRange(index: 8, size: 8)) {
            try Merkle.inclusionProof(index: 8, size: 8, source: tree)
        }
        #expect(throws: TlogError.indexOutOfRange(index: 0, size: 0)) {
            try Merkle.inclusionProof(index: 0, size: 0, source: tree)
        }
        #expect(throws: TlogError.invalidTreeSizes(from: 5, to: 4)) {
            try Merkle.consistencyProof(from: 5, to: 4, source: tree)
        }
        // A tree smaller than asked: the source lacks the nodes (the size-16 root is one node).
        #expect(throws: TlogError.missingNode(level: 4, index: 0)) {
            try Merkle.root(size: 16, source: tree)
        }
        #expect(throws: TlogError.unalignedSubtree(start: 1, end: 3)) {
            try Merkle.subtreeRoot(start: 1, end: 3, source: tree)
        }
        #expect(throws: TlogError.unalignedSubtree(start: 4, end: 4)) {
            try Merkle.subtreeRoot(start: 4, end: 4, source: tree)
        }
        #expect(throws: TlogError.missingNode(level: 0, index: 9)) {
            try tree.node(level: 0, index: 9)
        }
    }
}
