import CoopCrypto

/// Fetched hash tiles of one tree size, read as a `MerkleNodeSource`: `Merkle.root`,
/// `Merkle.inclusionProof` and `Merkle.consistencyProof` then run over tiles exactly as over
/// a log's own node store.
///
/// Tiles are not trusted by being here. A root computed from them must be compared with a
/// verified checkpoint, and a proof computed from them checked with `Merkle.checkInclusion` /
/// `Merkle.checkConsistency` against checkpoint roots; a forged tile then fails that check.
public struct TileSet: MerkleNodeSource, Sendable {
    /// The size of the tree the tiles are read for (that of a verified checkpoint).
    public let treeSize: UInt64
    private var hashes: [TileID: [SHA256Digest]] = [:]

    /// An empty set for a tree of `treeSize` leaves.
    public init(treeSize: UInt64) {
        self.treeSize = treeSize
    }

    /// The tiles held, at the widths of `treeSize`.
    public var tiles: [TileID] { hashes.keys.sorted() }

    /// Adds a fetched tile. A tile wider than the tree needs (the full tile fetched as a
    /// fallback for a partial one that was deleted) is accepted and cut to the needed width.
    ///
    /// - Throws: `TileError.notInTree` for a tile the tree does not have, `.tileTooNarrow`
    ///   for a partial tile of an older tree, `.wrongTileSize` when the byte count is not
    ///   32 × `tile.width`.
    public mutating func add(_ tile: TileID, bytes: some Collection<UInt8>) throws {
        guard let needed = TileID.tile(level: tile.level, index: tile.index, treeSize: treeSize) else {
            throw TileError.notInTree(path: tile.path, treeSize: treeSize)
        }
        guard tile.width >= needed.width else {
            throw TileError.tileTooNarrow(path: tile.path, treeSize: treeSize, needed: needed.width)
        }
        let all = try HashTile.hashes(of: tile, bytes: bytes)
        hashes[needed] = Array(all.prefix(needed.width))
    }

    /// The perfect node (`level`, `index`), read from its tile or hashed up from the hashes
    /// below it in one tile (at most 255 hashes).
    ///
    /// - Throws: `TlogError.missingNode` for a node not complete in the tree,
    ///   `TileError.missingTile` when its tile was not added.
    public func node(level: Int, index: UInt64) throws -> SHA256Digest {
        let tile = try TileID.containing(nodeLevel: level, index: index, treeSize: treeSize)
        guard let tileHashes = hashes[tile] else { throw TileError.missingTile(path: tile.path) }
        let height = UInt64(level % TileID.levelsPerTile)
        let first = Int((index << height) - (tile.index << 8))
        let count = 1 << Int(height)
        // `containing` only returns a tile whose width covers the node's hashes.
        return HashTile.hashUp(tileHashes[first..<first + count])
    }
}

/// Fetches tiles for a client (over HTTP, from a cache, from disk); CoopTlog computes roots
/// and proofs from what it returns. Implementations may fetch in parallel, and may return the
/// full tile when a partial one is gone.
public protocol TileReader {
    /// The bytes of each tile, in the order asked.
    func readTiles(_ tiles: [TileID]) async throws -> [[UInt8]]
}

extension TileReader {
    /// Reads `tiles` into a `TileSet` for a tree of `treeSize` leaves.
    /// - Throws: what the reader throws, `TileError.readerReturnedWrongCount`, or the
    ///   `TileSet.add(_:bytes:)` errors.
    public func tileSet(treeSize: UInt64, tiles: [TileID]) async throws -> TileSet {
        let contents = try await readTiles(tiles)
        guard contents.count == tiles.count else {
            throw TileError.readerReturnedWrongCount(asked: tiles.count, got: contents.count)
        }
        var set = TileSet(treeSize: treeSize)
        for (tile, bytes) in zip(tiles, contents) { try set.add(tile, bytes: bytes) }
        return set
    }

    /// MTH of a tree of `treeSize` leaves; compare it with the checkpoint's root hash.
    public func root(treeSize: UInt64) async throws -> SHA256Digest {
        let set = try await tileSet(treeSize: treeSize, tiles: TileID.tilesForRoot(treeSize: treeSize))
        return try Merkle.root(size: treeSize, source: set)
    }

    /// The inclusion proof of leaf `index` in a tree of `treeSize` leaves; check it with
    /// `Merkle.checkInclusion` against the checkpoint's root.
    public func inclusionProof(index: UInt64, treeSize: UInt64) async throws -> [SHA256Digest] {
        let tiles = try TileID.tilesForInclusionProof(index: index, treeSize: treeSize)
        let set = try await tileSet(treeSize: treeSize, tiles: tiles)
        return try Merkle.inclusionProof(index: index, size: treeSize, source: set)
    }

    /// The consistency proof from size `from` to size `to`; check it with
    /// `Merkle.checkConsistency` against both checkpoints' roots.
    public func consistencyProof(from: UInt64, to: UInt64) async throws -> [SHA256Digest] {
        let tiles = try TileID.tilesForConsistencyProof(from: from, to: to)
        let set = try await tileSet(treeSize: to, tiles: tiles)
        return try Merkle.consistencyProof(from: from, to: to, source: set)
    }
}
