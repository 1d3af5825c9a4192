import CoopCrypto

/// Read access to stored perfect-subtree roots of an RFC 9162 §2.1.1 tree, from which
/// `Merkle` builds roots and proofs with O(log n) look-ups.
///
/// Only perfect subtrees are asked for: (level k, index i) covering leaves [i·2^k, (i+1)·2^k),
/// as emitted by `MerkleAccumulator.append(_:)`. Throw (for example
/// `TlogError.missingNode`) when a node is not stored.
public protocol MerkleNodeSource {
    func node(level: Int, index: UInt64) throws -> SHA256Digest
}

/// An in-memory tree that keeps every perfect node: a reference `MerkleNodeSource` for tests
/// and small logs.
public struct InMemoryMerkleTree: MerkleNodeSource, Hashable, Sendable {
    /// levels[k][i] is the node at level k, index i.
    private var levels: [[SHA256Digest]] = []
    private var accumulator = MerkleAccumulator()

    /// An empty tree.
    public init() {}

    /// A tree holding `leafHashes`, in order.
    public init(leafHashes: [SHA256Digest]) {
        for leaf in leafHashes { append(leaf) }
    }

    /// The number of leaves.
    public var size: UInt64 { accumulator.size }

    /// Appends a leaf hash and stores the perfect nodes it completes; returns them.
    @discardableResult
    public mutating func append(_ leafHash: SHA256Digest) -> [MerkleNode] {
        let nodes = accumulator.append(leafHash)
        for node in nodes {
            if levels.count <= node.level { levels.append([]) }
            // Nodes of one level complete strictly left to right, so this is always an append.
            levels[node.level].append(node.hash)
        }
        return nodes
    }

    /// MTH of the whole tree.
    public func root() -> SHA256Digest { accumulator.root() }

    public func node(level: Int, index: UInt64) throws -> SHA256Digest {
        guard level >= 0, level < levels.count, index < UInt64(levels[level].count) else {
            throw TlogError.missingNode(level: level, index: index)
        }
        return levels[level][Int(index)]
    }
}
