import CoopCrypto
import CoopTlog
import Testing

/// Hash tiles built from a log's nodes hold exactly the RFC 9162 subtree hashes the spec names.
@Suite("Tiles: hash tiles")
struct HashTileTests {
    static let leaves = syntheticLeafHashes(1000)
    static let tree = InMemoryMerkleTree(leafHashes: leaves)

    @Test("the CT test tree's 8 leaves make one partial level-0 tile of their leaf hashes")
    func ctTestTree() throws {
        let tree = InMemoryMerkleTree(leafHashes: CTTestTree.leafHashes)
        #expect(TileID.tiles(treeSize: 8).map(\.path) == ["tile/0/000.p/8"])
        let tile = try TileID(level: 0, index: 0, width: 8)
        let bytes = try HashTile.bytes(of: tile, source: tree)
        #expect(bytes == CTTestTree.leafHashes.flatMap(\.bytes))
        #expect(try HashTile.hashes(of: tile, bytes: bytes) == CTTestTree.leafHashes)
        // Every root of the test tree, recomputed from that one tile.
        for size in 1...8 {
            var set = TileSet(treeSize: UInt64(size))
            try set.add(tile, bytes: bytes)  // wider than needed: cut to `size`
            #expect(try Merkle.root(size: UInt64(size), source: set) == CTTestTree.roots[size])
        }
    }

    @Test("level-0 hashes are leaf hashes; level-1 hash j is MTH(D[256j : 256(j+1)])")
    func tileContentsAreRFC9162Nodes() throws {
        // 1000 leaves: level 0 has tiles 0…2 full and a 232-wide tile 3; level 1 one 3-wide tile.
        #expect(TileID.tiles(treeSize: 1000).map(\.path) == ["tile/0/000", "tile/0/001", "tile/0/002", "tile/0/003.p/232", "tile/1/000.p/3"])
        for tile in TileID.tiles(treeSize: 1000) where tile.level == 0 {
            let hashes = try HashTile.hashes(of: tile, bytes: HashTile.bytes(of: tile, source: Self.tree))
            #expect(hashes == Array(Self.leaves[Int(tile.index) * 256..<Int(tile.index) * 256 + tile.width]))
        }
        let level1 = try TileID(level: 1, index: 0, width: 3)
        let hashes = try HashTile.hashes(of: level1, bytes: HashTile.bytes(of: level1, source: Self.tree))
        for j in 0..<3 {
            let expected = Reference.mth(Self.leaves[j * 256..<(j + 1) * 256])
            #expect(hashes[j] == expected)
            #expect(hashes[j] == Merkle.root(leafHashes: Array(Self.leaves[j * 256..<(j + 1) * 256])))
            // …which is also the root of the full level-0 tile j: tiles nest.
            let level0 = try TileID(level: 0, index: UInt64(j))
            let below = try HashTile.hashes(of: level0, bytes: HashTile.bytes(of: level0, source: Self.tree))
            #expect(try HashTile.root(ofFullTile: below) == expected)
        }
    }

    @Test("a partial tile is a prefix of the later full tile")
    func partialIsPrefixOfFull() throws {
        let partial = try TileID(level: 0, index: 3, width: 100)
        let full = try TileID(level: 0, index: 2)
        let bigger = InMemoryMerkleTree(leafHashes: syntheticLeafHashes(1024))
        let partialBytes = try HashTile.bytes(of: partial, source: Self.tree)
        let laterBytes = try HashTile.bytes(of: try TileID(level: 0, index: 3), source: bigger)
        #expect(Array(laterBytes.prefix(partialBytes.count)) == partialBytes)
        #expect(try HashTile.bytes(of: full, source: Self.tree) == HashTile.bytes(of: full, source: bigger))
        // A tile the store cannot fill yet is an error, not a short tile.
        #expect(throws: TlogError.missingNode(level: 0, index: 1000)) {
            try HashTile.bytes(of: try TileID(level: 0, index: 3), source: Self.tree)
        }
    }

    @Test("tile bytes must be 32 × width")
    func wrongSizes() throws {
        let tile = try TileID(level: 0, index: 0, width: 2)
        #expect(throws: TileError.wrongTileSize(path: "tile/0/000.p/2", expected: 64, actual: 63)) {
            try HashTile.hashes(of: tile, bytes: [UInt8](repeating: 0, count: 63))
        }
        #expect(throws: TileError.invalidWidth(0)) { try HashTile.bytes(hashes: []) }
        #expect(throws: TileError.invalidWidth(257)) { try HashTile.bytes(hashes: syntheticLeafHashes(257)) }
        #expect(throws: TileError.invalidWidth(255)) { try HashTile.root(ofFullTile: syntheticLeafHashes(255)) }
    }

    @Test("a tile set refuses tiles the tree does not have or that are too narrow")
    func tileSetChecks() throws {
        var set = TileSet(treeSize: 1000)
        let narrow = try TileID(level: 0, index: 3, width: 100)
        #expect(throws: TileError.tileTooNarrow(path: "tile/0/003.p/100", treeSize: 1000, needed: 232)) {
            try set.add(narrow, bytes: [UInt8](repeating: 0, count: 3200))
        }
        #expect(throws: TileError.notInTree(path: "tile/0/004", treeSize: 1000)) {
            try set.add(try TileID(level: 0, index: 4), bytes: [UInt8](repeating: 0, count: 8192))
        }
        #expect(throws: TileError.notInTree(path: "tile/2/000", treeSize: 1000)) {
            try set.add(try TileID(level: 2, index: 0), bytes: [UInt8](repeating: 0, count: 8192))
        }
        #expect(throws: TileError.missingTile(path: "tile/0/003.p/232")) { try set.node(level: 0, index: 999) }
        #expect(throws: TlogError.missingNode(level: 0, index: 1000)) { try set.node(level: 0, index: 1000) }
        #expect(throws: TileError.missingTile(path: "tile/0/003.p/232")) { try set.node(level: 3, index: 124) }
        #expect(throws: TlogError.missingNode(level: 3, index: 125)) { try set.node(level: 3, index: 125) }
        // Node (3, 124) covers leaves 992…999 — complete in 1000 leaves — but (3, 125) does not.
        try set.add(try TileID(level: 0, index: 3, width: 232), bytes: HashTile.bytes(of: try TileID(level: 0, index: 3, width: 232), source: Self.tree))
        #expect(try set.node(level: 3, index: 124) == Self.tree.node(level: 3, index: 124))
        #expect(set.tiles.map(\.path) == ["tile/0/003.p/232"])
    }

    @Test("a forged tile gives a root the checkpoint does not have")
    func forgedTileIsCaughtByTheRoot() throws {
        var set = TileSet(treeSize: 1000)
        for tile in TileID.tilesForRoot(treeSize: 1000) {
            var bytes = try HashTile.bytes(of: tile, source: Self.tree)
            if tile.level == 0 { bytes[5] ^= 1 }
            try set.add(tile, bytes: bytes)
        }
        #expect(try Merkle.root(size: 1000, source: set) != Self.tree.root())
    }
}
