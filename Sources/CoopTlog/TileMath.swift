import CoopCrypto

/// Which tiles a client fetches (c2sp.org/tlog-tiles).
///
/// Every tile here is sized for the tree size of a checkpoint the client has verified: the
/// spec forbids fetching partial tiles a verified checkpoint does not require.
extension TileID {
    /// Every hash tile of a tree of `treeSize` leaves, level by level, full tiles then the
    /// partial one. For 70,000 leaves: 273 full and one 112-wide tile at level 0, one full and
    /// one 17-wide tile at level 1, one 1-wide tile at level 2.
    ///
    /// The list grows with the tree (about treeSize / 255 tiles); a mirror catching up should
    /// use `newTiles(from:to:)`.
    public static func tiles(treeSize: UInt64) -> [TileID] {
        (try? newTiles(from: 0, to: treeSize)) ?? []
    }

    /// The hash tiles of a tree of `to` leaves that a mirror holding every tile of size `from`
    /// does not have yet: full tiles completed since, and the new partial tiles. A partial
    /// tile of the old tree that grew is listed at its new width.
    ///
    /// - Throws: `TlogError.invalidTreeSizes` when from > to.
    public static func newTiles(from: UInt64, to: UInt64) throws -> [TileID] {
        guard from <= to else { throw TlogError.invalidTreeSizes(from: from, to: to) }
        var result: [TileID] = []
        for level in 0...63 {
            let newCount = hashCount(level: level, treeSize: to)
            guard newCount > 0 else { break }
            let oldCount = hashCount(level: level, treeSize: from)
            guard newCount > oldCount else { continue }
            // Tiles below oldCount / 256 were already full in the old tree.
            let first = oldCount >> 8
            let last = (newCount - 1) >> 8
            for index in first...last {
                if let tile = tile(level: level, index: index, treeSize: to) { result.append(tile) }
            }
        }
        return result
    }

    /// The tiles needed to compute MTH of a tree of `treeSize` leaves (`Merkle.root(size:source:)`).
    public static func tilesForRoot(treeSize: UInt64) -> [TileID] {
        // Recording cannot fail: every node the root asks for is complete in the tree.
        (try? recordTiles(treeSize: treeSize) { _ = try Merkle.root(size: treeSize, source: $0) }) ?? []
    }

    /// The tiles needed to compute the inclusion proof of leaf `index` in a tree of `treeSize`
    /// leaves and its root (to check the proof against the checkpoint).
    /// - Throws: `TlogError.indexOutOfRange` unless index < treeSize.
    public static func tilesForInclusionProof(index: UInt64, treeSize: UInt64) throws -> [TileID] {
        try recordTiles(treeSize: treeSize) { source in
            _ = try Merkle.inclusionProof(index: index, size: treeSize, source: source)
            _ = try Merkle.root(size: treeSize, source: source)
        }
    }

    /// The tiles needed to compute the consistency proof from size `from` to size `to` and both
    /// roots. Sized for the newer tree `to`, which holds every node of the older one.
    /// - Throws: `TlogError.invalidTreeSizes` when from > to.
    public static func tilesForConsistencyProof(from: UInt64, to: UInt64) throws -> [TileID] {
        try recordTiles(treeSize: to) { source in
            _ = try Merkle.consistencyProof(from: from, to: to, source: source)
            _ = try Merkle.root(size: from, source: source)
            _ = try Merkle.root(size: to, source: source)
        }
    }

    /// Runs `compute` against a source that records the nodes asked for (the proof algorithms
    /// ask for the same nodes whatever the hashes are), then maps them to tiles.
    private static func recordTiles(
        treeSize: UInt64, _ compute: (NodeRecorder) throws -> Void
    ) throws -> [TileID] {
        let recorder = NodeRecorder()
        try compute(recorder)
        let tiles = try recorder.positions.map {
            try containing(nodeLevel: $0.level, index: $0.index, treeSize: treeSize)
        }
        return Set(tiles).sorted()
    }
}

/// A `MerkleNodeSource` that answers every question with a placeholder hash and remembers the
/// question. Local to one computation, never shared.
private final class NodeRecorder: MerkleNodeSource {
    var positions: [MerkleNodePosition] = []

    func node(level: Int, index: UInt64) throws -> SHA256Digest {
        positions.append(MerkleNodePosition(level: level, index: index))
        return Merkle.emptyRoot
    }
}
