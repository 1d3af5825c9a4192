import CoopCrypto
import CoopTlog
import Testing

/// Tile and bundle paths, c2sp.org/tlog-tiles "Merkle Tree" and "Log entries".
@Suite("Tiles: paths")
struct TilePathTests {
    @Test("the spec's index example: 1234067 is x001/x234/067")
    func specIndexExample() throws {
        #expect(TilePath.encodeIndex(1_234_067) == "x001/x234/067")
        let tile = try TileID(path: "tile/0/x001/x234/067")
        #expect(tile.level == 0 && tile.index == 1_234_067 && tile.width == 256 && !tile.isPartial)
        let bundle = try EntryBundleID(path: "tile/entries/x001/x234/067")
        #expect(bundle.index == 1_234_067 && bundle.width == 256)
    }

    @Test(
        "index encodings",
        arguments: [
            (UInt64(0), "000"), (7, "007"), (999, "999"), (1000, "x001/000"), (1001, "x001/001"),
            (256_000, "x256/000"), (1_000_000, "x001/x000/000"),
            (UInt64.max, "x018/x446/x744/x073/x709/x551/615"),
        ])
    func indexEncodings(index: UInt64, text: String) throws {
        #expect(TilePath.encodeIndex(index) == text)
        if index < 1 << 56 {
            #expect(try TileID(path: "tile/1/" + text).index == index)
        } else {
            #expect(throws: TileError.indexTooLarge(index)) { try TileID(path: "tile/1/" + text) }
        }
    }

    @Test("full and partial tile paths round-trip")
    func roundTrip() throws {
        let cases: [(TileID, String)] = [
            (try TileID(level: 0, index: 0), "tile/0/000"),
            (try TileID(level: 0, index: 273, width: 112), "tile/0/273.p/112"),
            (try TileID(level: 1, index: 1, width: 17), "tile/1/001.p/17"),
            (try TileID(level: 2, index: 0, width: 1), "tile/2/000.p/1"),
            (try TileID(level: 63, index: 1_234_067, width: 255), "tile/63/x001/x234/067.p/255"),
        ]
        for (tile, path) in cases {
            #expect(tile.path == path)
            #expect(try TileID(path: path) == tile)
            #expect(tile.isPartial == path.contains(".p/"))
        }
        let bundle = try EntryBundleID(index: 1000, width: 3)
        #expect(bundle.path == "tile/entries/x001/000.p/3")
        #expect(try EntryBundleID(path: bundle.path) == bundle)
        #expect(bundle.entries == 256_000..<256_003)
        #expect(bundle.levelZeroTile.path == "tile/0/x001/000.p/3")
    }

    @Test(
        "malformed tile paths are refused",
        arguments: [
            "tile/0/x000/067",  // leading zero group: a second spelling of 67
            "tile/0/67", "tile/0/0067", "tile/0/x1/234", "tile/0/001/234",  // groups of 3, x on all but last
            "tile/0/x001", "tile/0/000.p/256", "tile/0/000.p/0", "tile/0/000.p/07", "tile/0/000.p/", "tile/0/000.p",
            "tile/0/000.q/5", "tile/64/000", "tile/01/000", "tile/-1/000", "tile//000", "tile/0/", "tile/0",
            "/tile/0/000", "tiles/0/000", "tile/0/000/", "tile/0/x018/x446/x744/x073/x709/x551/616",
            "tile/0/x001/x002/x003/x004/x005/x006/x007/008", "tile/entries/000", "tile/0/00a",
        ])
    func malformedTilePaths(path: String) {
        #expect(throws: TileError.self) { try TileID(path: path) }
    }

    @Test(
        "malformed bundle paths are refused",
        arguments: [
            "tile/entries/x000/001", "tile/entries/1", "tile/entries/000.p/256", "tile/0/000", "tile/entries/",
            "tile/entries/000.p/1/2",
        ])
    func malformedBundlePaths(path: String) {
        #expect(throws: TileError.self) { try EntryBundleID(path: path) }
    }

    @Test("coordinates are checked")
    func coordinates() {
        #expect(throws: TileError.invalidLevel(64)) { try TileID(level: 64, index: 0) }
        #expect(throws: TileError.invalidLevel(-1)) { try TileID(level: -1, index: 0) }
        #expect(throws: TileError.invalidWidth(0)) { try TileID(level: 0, index: 0, width: 0) }
        #expect(throws: TileError.invalidWidth(257)) { try TileID(level: 0, index: 0, width: 257) }
        #expect(throws: TileError.indexTooLarge(1 << 56)) { try TileID(level: 0, index: 1 << 56) }
        #expect(throws: TileError.invalidWidth(0)) { try EntryBundleID(index: 0, width: 0) }
    }

    @Test("the spec's 70,000-leaf tree: 273 full + a 112-wide tile at level 0, 1 full + 17 at level 1, 1 at level 2")
    func specTreeOf70000() throws {
        let tiles = TileID.tiles(treeSize: 70_000)
        let level0 = tiles.filter { $0.level == 0 }
        #expect(level0.count == 274)
        #expect(level0.filter { !$0.isPartial }.count == 273)
        #expect(level0.last?.path == "tile/0/273.p/112")
        #expect(tiles.filter { $0.level == 1 }.map(\.path) == ["tile/1/000", "tile/1/001.p/17"])
        #expect(tiles.filter { $0.level == 2 }.map(\.path) == ["tile/2/000.p/1"])
        #expect(tiles.count == 277)
        #expect(EntryBundleID.bundles(treeSize: 70_000).last?.path == "tile/entries/273.p/112")
    }

    @Test("the spec's 256-leaf tree: one full level-0 tile and a 1-wide level-1 tile")
    func specTreeOf256() {
        #expect(TileID.tiles(treeSize: 256).map(\.path) == ["tile/0/000", "tile/1/000.p/1"])
        #expect(TileID.tiles(treeSize: 0).isEmpty)
        #expect(TileID.tiles(treeSize: 1).map(\.path) == ["tile/0/000.p/1"])
        #expect(EntryBundleID.bundles(treeSize: 256).map(\.path) == ["tile/entries/000"])
        #expect(EntryBundleID.bundles(treeSize: 0).isEmpty)
    }

    static let boundarySizes: [UInt64] = [1, 255, 256, 257, 65_535, 65_536, 65_537, 16_975_625, UInt64.max]

    @Test("partial widths follow floor(s / 256^l) mod 256 for every level", arguments: boundarySizes)
    func partialWidths(size: UInt64) {
        let tiles = TileID.tiles(treeSize: size > 1 << 30 ? 0 : size)
        for level in 0...63 {
            let count = TileID.hashCount(level: level, treeSize: size)
            let partial = TileID.tile(level: level, index: count >> 8, treeSize: size)
            #expect(partial?.width == (count % 256 == 0 ? nil : Int(count % 256)))
            if size <= 1 << 30 {
                #expect(UInt64(tiles.filter { $0.level == level }.reduce(0) { $0 + $1.width }) == count)
            }
        }
    }
}
