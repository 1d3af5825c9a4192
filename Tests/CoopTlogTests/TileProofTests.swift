import CoopCrypto
import CoopTlog
import Testing

/// Roots and proofs recomputed from exactly the tiles `TileID.tilesFor…` lists equal what
/// `MerkleProofs` computes from the log's own nodes.
@Suite("Tiles: proofs from tiles")
struct TileProofTests {
    /// Large enough for full level-1 tiles and a level-2 tile (70,000 is the spec's example).
    static let maxSize: UInt64 = 70_000
    static let tree = InMemoryMerkleTree(leafHashes: syntheticLeafHashes(Int(maxSize)))

    /// Sizes around tile boundaries at levels 0–2, plus pseudo-random ones.
    static let sizes: [UInt64] = {
        var sizes: [UInt64] = Array(1...40) + [255, 256, 257, 511, 512, 513, 1000, 65_535, 65_536, 65_537, 69_888, 70_000]
        var random = TestRandom(seed: 9162)
        for _ in 0..<40 { sizes.append(1 + random.next() % maxSize) }
        return sizes
    }()

    /// A tile set for a tree of `size` holding exactly `tiles`, read from the big tree (whose
    /// full tiles equal those of any smaller tree). With `fullFallback`, partial tiles are
    /// supplied as the later full tile, as a client does when a partial tile was deleted.
    static func tileSet(size: UInt64, tiles: [TileID], fullFallback: Bool = false) throws -> TileSet {
        var set = TileSet(treeSize: size)
        for tile in tiles {
            let source = fullFallback && tile.full.nodeIndices.upperBound <= TileID.hashCount(level: tile.level, treeSize: maxSize) ? tile.full : tile
            try set.add(source, bytes: HashTile.bytes(of: source, source: tree))
        }
        return set
    }

    @Test("roots", arguments: sizes)
    func roots(size: UInt64) throws {
        let tiles = TileID.tilesForRoot(treeSize: size)
        let expected = try Merkle.root(size: size, source: Self.tree)
        #expect(try Merkle.root(size: size, source: Self.tileSet(size: size, tiles: tiles)) == expected)
        #expect(try Merkle.root(size: size, source: Self.tileSet(size: size, tiles: tiles, fullFallback: true)) == expected)
        // The peaks of a tree are the set bits of its size: at each level they sit in the partial
        // tile, so a root needs only partial tiles, one per level.
        #expect(tiles.allSatisfy { $0.isPartial })
        #expect(tiles.count == Set(tiles.map(\.level)).count)
    }

    @Test("inclusion proofs", arguments: sizes)
    func inclusionProofs(size: UInt64) throws {
        var random = TestRandom(seed: size)
        let indexes = Set([0, size - 1, size / 2] + (0..<6).map { _ in random.next() % size })
        let root = try Merkle.root(size: size, source: Self.tree)
        for index in indexes {
            let tiles = try TileID.tilesForInclusionProof(index: index, treeSize: size)
            let set = try Self.tileSet(size: size, tiles: tiles)
            let proof = try Merkle.inclusionProof(index: index, size: size, source: set)
            #expect(proof == (try Merkle.inclusionProof(index: index, size: size, source: Self.tree)), "leaf \(index) of \(size)")
            #expect(try Merkle.root(size: size, source: set) == root)
            try Merkle.checkInclusion(leafHash: Self.tree.node(level: 0, index: index), index: index, size: size, proof: proof, root: root)
        }
    }

    @Test("consistency proofs", arguments: sizes)
    func consistencyProofs(size: UInt64) throws {
        var random = TestRandom(seed: size &* 31)
        let olds = Set([0, 1, size, size - 1, size / 2] + (0..<6).map { _ in random.next() % (size + 1) })
        let newRoot = try Merkle.root(size: size, source: Self.tree)
        for old in olds {
            let tiles = try TileID.tilesForConsistencyProof(from: old, to: size)
            for fallback in [false, true] {
                let set = try Self.tileSet(size: size, tiles: tiles, fullFallback: fallback)
                let proof = try Merkle.consistencyProof(from: old, to: size, source: set)
                #expect(proof == (try Merkle.consistencyProof(from: old, to: size, source: Self.tree)), "\(old) → \(size)")
                let oldRoot = try Merkle.root(size: old, source: set)
                #expect(oldRoot == (try Merkle.root(size: old, source: Self.tree)))
                try Merkle.checkConsistency(from: old, to: size, proof: proof, oldRoot: oldRoot, newRoot: newRoot)
            }
        }
    }

    @Test("exhaustive around the first tile boundary: every index and old size for 1…64 and 250…258 leaves")
    func exhaustiveSmall() throws {
        var cache: [TileID: [UInt8]] = [:]
        func tileSet(size: UInt64, tiles: [TileID]) throws -> TileSet {
            var set = TileSet(treeSize: size)
            for tile in tiles {
                if cache[tile] == nil { cache[tile] = try HashTile.bytes(of: tile, source: Self.tree) }
                try set.add(tile, bytes: cache[tile] ?? [])
            }
            return set
        }
        for size in Array(UInt64(1)...64) + Array(250...258) {
            let root = try Merkle.root(size: size, source: Self.tree)
            for index in 0..<size {
                let set = try tileSet(size: size, tiles: TileID.tilesForInclusionProof(index: index, treeSize: size))
                #expect(try Merkle.inclusionProof(index: index, size: size, source: set) == Merkle.inclusionProof(index: index, size: size, source: Self.tree))
            }
            for old in 0...size {
                let set = try tileSet(size: size, tiles: TileID.tilesForConsistencyProof(from: old, to: size))
                #expect(try Merkle.consistencyProof(from: old, to: size, source: set) == Merkle.consistencyProof(from: old, to: size, source: Self.tree))
                #expect(try Merkle.root(size: size, source: set) == root)
            }
        }
    }

    @Test("the tile lists refuse impossible requests")
    func badRequests() {
        #expect(throws: TlogError.indexOutOfRange(index: 5, size: 5)) { try TileID.tilesForInclusionProof(index: 5, treeSize: 5) }
        #expect(throws: TlogError.invalidTreeSizes(from: 6, to: 5)) { try TileID.tilesForConsistencyProof(from: 6, to: 5) }
        #expect(throws: TlogError.invalidTreeSizes(from: 6, to: 5)) { try TileID.newTiles(from: 6, to: 5) }
        #expect(throws: TlogError.invalidTreeSizes(from: 6, to: 5)) { try EntryBundleID.bundles(from: 6, to: 5) }
        #expect(TileID.tilesForRoot(treeSize: 0).isEmpty)
    }

    @Test(
        "new tiles from m to n are exactly the tiles of n that m lacks",
        arguments: [
            (UInt64(0), UInt64(70_000)), (1, 2), (255, 256), (256, 257), (300, 300), (1000, 70_000),
            (65_535, 65_536), (65_536, 70_000), (69_999, 70_000),
        ])
    func newTiles(from: UInt64, to: UInt64) throws {
        let expected = Set(TileID.tiles(treeSize: to)).subtracting(TileID.tiles(treeSize: from))
        let new = try TileID.newTiles(from: from, to: to)
        #expect(Set(new) == expected)
        #expect(new.count == expected.count)
    }

    @Test("bundles from m to n cover exactly entries m…n−1")
    func bundlesFromTo() throws {
        #expect(try EntryBundleID.bundles(from: 300, to: 300).isEmpty)
        #expect(try EntryBundleID.bundles(from: 0, to: 1).map(\.path) == ["tile/entries/000.p/1"])
        #expect(try EntryBundleID.bundles(from: 255, to: 513).map(\.path) == ["tile/entries/000", "tile/entries/001", "tile/entries/002.p/1"])
        #expect(try EntryBundleID.bundles(from: 256, to: 512).map(\.path) == ["tile/entries/001"])
        #expect(try EntryBundleID.containing(entry: 69_999, treeSize: 70_000).path == "tile/entries/273.p/112")
        #expect(throws: TlogError.indexOutOfRange(index: 70_000, size: 70_000)) { try EntryBundleID.containing(entry: 70_000, treeSize: 70_000) }
        var random = TestRandom(seed: 6962)
        for _ in 0..<200 {
            let to = random.next() % 5000, from = random.next() % (to + 1)
            let bundles = try EntryBundleID.bundles(from: from, to: to)
            let covered = bundles.flatMap { Array($0.entries) }
            #expect(covered == Array((from >> 8) << 8..<to), "\(from)…\(to)")
            #expect(bundles.dropLast().allSatisfy { !$0.isPartial })
        }
    }

    @Test("a tile reader computes roots and proofs from the tiles it is asked for")
    func tileReader() async throws {
        let reader = InMemoryTileReader(tree: Self.tree)
        let size: UInt64 = 66_000
        #expect(try await reader.root(treeSize: size) == Merkle.root(size: size, source: Self.tree))
        #expect(try await reader.inclusionProof(index: 4321, treeSize: size) == Merkle.inclusionProof(index: 4321, size: size, source: Self.tree))
        #expect(try await reader.consistencyProof(from: 1234, to: size) == Merkle.consistencyProof(from: 1234, to: size, source: Self.tree))
        await #expect(throws: TileError.readerReturnedWrongCount(asked: 2, got: 1)) {
            try await InMemoryTileReader(tree: Self.tree, dropLast: true).root(treeSize: 1000)
        }
    }
}

/// Serves tiles from an in-memory tree, as a client's HTTP fetcher would from a server.
struct InMemoryTileReader: TileReader {
    let tree: InMemoryMerkleTree
    var dropLast = false

    func readTiles(_ tiles: [TileID]) async throws -> [[UInt8]] {
        let all = try tiles.map { try HashTile.bytes(of: $0, source: tree) }
        return dropLast ? Array(all.dropLast()) : all
    }
}

/// A small deterministic generator (SplitMix64) for reproducible pseudo-random cases.
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
