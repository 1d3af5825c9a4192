import CoopCrypto

/// The position of a perfect subtree: level k, index i covers leaves [i·2^k, (i+1)·2^k).
public struct MerkleNodePosition: Hashable, Sendable, CustomStringConvertible {
    public let level: Int
    public let index: UInt64

    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }

    public var description: String { "(level \(level), index \(index))" }
}

/// The root of a perfect subtree of the RFC 9162 §2.1.1 tree (at level 0, a leaf hash).
///
/// Perfect subtrees never change once complete, so a log can store them as they appear and
/// answer any proof with O(log n) look-ups (see `MerkleNodeSource`).
public struct MerkleNode: Hashable, Sendable {
    public let level: Int
    public let index: UInt64
    public let hash: SHA256Digest

    public init(level: Int, index: UInt64, hash: SHA256Digest) {
        self.level = level
        self.index = index
        self.hash = hash
    }

    public var position: MerkleNodePosition { MerkleNodePosition(level: level, index: index) }
}

/// A streaming RFC 9162 §2.1.1 tree builder: a compact range holding only the roots
/// ("peaks") of the perfect subtrees along the tree's right edge — one per set bit of the
/// size, largest (leftmost) first — so memory is O(log n).
public struct MerkleAccumulator: Hashable, Sendable {
    /// The number of leaves appended so far.
    public private(set) var size: UInt64
    /// Roots of the perfect subtrees that make up the tree, left to right (largest first).
    public private(set) var peaks: [SHA256Digest]

    /// An empty tree.
    public init() {
        size = 0
        peaks = []
    }

    /// Resumes from stored state; `peaks` must hold one hash per set bit of `size`, in the
    /// order of `MerkleAccumulator.peakPositions(size:)`.
    public init(size: UInt64, peaks: [SHA256Digest]) throws {
        guard peaks.count == size.nonzeroBitCount else {
            throw TlogError.invalidAccumulatorState(size: size, peaks: peaks.count)
        }
        self.size = size
        self.peaks = peaks
    }

    /// Resumes from stored perfect nodes: reads the peaks of a tree of `size` from `source`.
    public init(size: UInt64, source: some MerkleNodeSource) throws {
        let peaks = try Self.peakPositions(size: size).map {
            try source.node(level: $0.level, index: $0.index)
        }
        try self.init(size: size, peaks: peaks)
    }

    /// The positions of the peaks of a tree of `size`, left to right.
    public static func peakPositions(size: UInt64) -> [MerkleNodePosition] {
        var positions: [MerkleNodePosition] = []
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (1 << UInt64(level)) != 0 {
            positions.append(MerkleNodePosition(level: level, index: start >> UInt64(level)))
            start += 1 << UInt64(level)
        }
        return positions
    }

    /// Appends one leaf hash and returns every perfect subtree this completes, bottom up:
    /// the leaf itself (level 0), then each node formed by merging equal-sized peaks.
    @discardableResult
    public mutating func append(_ leafHash: SHA256Digest) -> [MerkleNode] {
        var completed: [MerkleNode] = []
        merge(leafHash) { completed.append($0) }
        return completed
    }

    /// Appends one leaf hash, for callers that need only the tree's root and peaks (rehashing
    /// a verified prefix: a list of completed subtrees per leaf was a third of that thread's
    /// work over a million leaves).
    public mutating func add(_ leafHash: SHA256Digest) {
        merge(leafHash) { _ in }
    }

    /// Appends a whole perfect subtree of 2^`level` leaves by its root: the tree is then the
    /// one its leaves, appended one by one, would give. The tree's size must be a multiple of
    /// 2^`level` (the subtree sits at a position of its own size).
    public mutating func add(subtreeRoot root: SHA256Digest, level: Int) {
        let width: UInt64 = 1 << UInt64(level)
        precondition(level >= 0 && level < 63 && size % width == 0 && size <= UInt64.max - width, "not a subtree at the tree's end")
        var hash = root
        var carry = level
        // As for a leaf, one level up: the set bits of the old size from `level` on are the
        // peaks waiting for a right sibling of their own size.
        while size & (1 << UInt64(carry)) != 0, let left = peaks.popLast() {
            hash = Merkle.nodeHash(left, hash)
            carry += 1
        }
        peaks.append(hash)
        size += width
    }

    /// Appends a leaf, handing each perfect subtree it completes to `completed`, bottom up.
    @inline(__always)
    private mutating func merge(_ leafHash: SHA256Digest, _ completed: (MerkleNode) -> Void) {
        // 2^64 − 1 leaves cannot be reached in practice; the guard keeps the arithmetic exact.
        precondition(size < UInt64.max, "Merkle tree is full")
        let position = size  // index of the new leaf
        var hash = leafHash
        var level = 0
        completed(MerkleNode(level: 0, index: position, hash: hash))
        // A set bit at `level` in the old size means a peak of that level is waiting for a
        // right sibling: exactly the carries of binary addition.
        while position & (1 << UInt64(level)) != 0, let left = peaks.popLast() {
            hash = Merkle.nodeHash(left, hash)
            level += 1
            completed(MerkleNode(level: level, index: position >> UInt64(level), hash: hash))
        }
        peaks.append(hash)
        size += 1
    }

    /// MTH of the current tree: the peaks folded right to left (RFC 9162 §2.1.1 splits off
    /// the largest power of two first, so the smaller peaks nest on the right).
    public func root() -> SHA256Digest {
        guard var hash = peaks.last else { return Merkle.emptyRoot }
        for peak in peaks.dropLast().reversed() {
            hash = Merkle.nodeHash(peak, hash)
        }
        return hash
    }
}
