import CoopCrypto

/// The bytes of a hash tile (c2sp.org/tlog-tiles): its hashes concatenated, 32 bytes each, no
/// framing — 8,192 bytes for a full tile. Served as `application/octet-stream`.
public enum HashTile {
    /// Bytes per hash (SHA-256).
    public static let hashSize = 32

    /// The tile's bytes, read from a log's stored perfect nodes: hash i is the node at Merkle
    /// level 8·L, index N·256 + i.
    /// - Throws: whatever `source` throws for a node it lacks (`TlogError.missingNode`).
    public static func bytes(of tile: TileID, source: some MerkleNodeSource) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tile.width * hashSize)
        for index in tile.nodeIndices {
            bytes += try source.node(level: tile.merkleLevel, index: index).bytes
        }
        return bytes
    }

    /// The tile's bytes from its hashes, in order (1…256 of them).
    /// - Throws: `TileError.invalidWidth` for an empty list or more than 256 hashes.
    public static func bytes(hashes: [SHA256Digest]) throws -> [UInt8] {
        guard (1...TilePath.fullWidth).contains(hashes.count) else { throw TileError.invalidWidth(hashes.count) }
        return hashes.flatMap(\.bytes)
    }

    /// Splits the bytes of `tile` into its hashes.
    /// - Throws: `TileError.wrongTileSize` unless the bytes are exactly 32 × width long.
    public static func hashes(of tile: TileID, bytes: some Collection<UInt8>) throws -> [SHA256Digest] {
        let raw = Array(bytes)
        guard raw.count == tile.width * hashSize else {
            throw TileError.wrongTileSize(path: tile.path, expected: tile.width * hashSize, actual: raw.count)
        }
        return stride(from: 0, to: raw.count, by: hashSize).map {
            SHA256Digest(uncheckedTileBytes: Array(raw[$0..<$0 + hashSize]))
        }
    }

    /// The Merkle Tree Hash of a full tile: the root of the 8 levels it spans, which is the
    /// corresponding hash of the tile one level up.
    /// - Throws: `TileError.invalidWidth` unless exactly 256 hashes are given.
    public static func root(ofFullTile hashes: [SHA256Digest]) throws -> SHA256Digest {
        guard hashes.count == TilePath.fullWidth else { throw TileError.invalidWidth(hashes.count) }
        return hashUp(hashes[...])
    }

    /// Folds 2^h consecutive hashes of one level into the perfect node h levels above them.
    static func hashUp(_ hashes: ArraySlice<SHA256Digest>) -> SHA256Digest {
        var level = Array(hashes)
        while level.count > 1 {
            level = stride(from: 0, to: level.count - 1, by: 2).map { Merkle.nodeHash(level[$0], level[$0 + 1]) }
        }
        return level.first ?? Merkle.emptyRoot
    }
}

extension SHA256Digest {
    /// A digest from exactly 32 bytes (the caller sliced them).
    init(uncheckedTileBytes bytes: [UInt8]) {
        // 32 bytes by construction, so the failable initializer always succeeds.
        self = SHA256Digest(bytes: bytes) ?? Merkle.emptyRoot
    }
}
