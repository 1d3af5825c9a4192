import CoopCrypto
import CoopTlog
import Testing

/// Entry bundles: big-endian uint16 length-prefixed entries (c2sp.org/tlog-tiles "Log entries").
@Suite("Tiles: entry bundles")
struct EntryBundleTests {
    @Test("the framing is uint16 big-endian length ‖ entry, nothing else")
    func framing() throws {
        let bundle = try EntryBundle(entries: [[], [0x61], Array(repeating: 0x7a, count: 300)])
        let bytes = bundle.bytes()
        #expect(Array(bytes.prefix(5)) == [0x00, 0x00, 0x00, 0x01, 0x61])
        #expect(Array(bytes[5..<7]) == [0x01, 0x2c])  // 300
        #expect(bytes.count == 2 + 0 + 2 + 1 + 2 + 300)
        #expect(try EntryBundle(bytes: bytes, count: 3) == bundle)
    }

    @Test("the CT test tree's leaves round-trip and hash to its level-0 tile")
    func ctTestTreeBundle() throws {
        let bundle = try EntryBundle(entries: CTTestTree.leaves)
        let id = try EntryBundleID(index: 0, width: 8)
        let parsed = try EntryBundle(bytes: bundle.bytes(), bundle: id)
        #expect(parsed.entries == CTTestTree.leaves)
        #expect(parsed.leafHashes == CTTestTree.leafHashes)
        let tree = InMemoryMerkleTree(leafHashes: CTTestTree.leafHashes)
        let tileHashes = try HashTile.hashes(of: id.levelZeroTile, bytes: HashTile.bytes(of: id.levelZeroTile, source: tree))
        try parsed.check(againstLevelZeroHashes: tileHashes)

        var tampered = tileHashes
        tampered[5] = flipped(tampered[5])
        #expect(throws: TileError.bundleHashMismatch(position: 5)) { try parsed.check(againstLevelZeroHashes: tampered) }
        #expect(throws: TileError.bundleTileWidthMismatch(bundle: 8, tile: 7)) {
            try parsed.check(againstLevelZeroHashes: Array(tileHashes.dropLast()))
        }
    }

    @Test("an entry of 65,535 bytes fits; 65,536 is refused with an error naming it")
    func entrySizeLimit() throws {
        let largest = [UInt8](repeating: 1, count: 65_535)
        let bundle = try EntryBundle(entries: [[2], largest])
        #expect(try EntryBundle(bytes: bundle.bytes(), count: 2).entries[1] == largest)
        #expect(Array(bundle.bytes()[3..<5]) == [0xff, 0xff])
        #expect(throws: TileError.entryTooLarge(position: 1, size: 65_536)) {
            try EntryBundle(entries: [[2], [UInt8](repeating: 1, count: 65_536)])
        }
    }

    @Test("bundles hold 1…256 entries")
    func entryCounts() throws {
        #expect(throws: TileError.bundleEntryCount(0)) { try EntryBundle(entries: []) }
        #expect(throws: TileError.bundleEntryCount(257)) { try EntryBundle(entries: Array(repeating: [1], count: 257)) }
        let full = try EntryBundle(entries: (0..<256).map { [UInt8($0)] })
        #expect(try EntryBundle(bytes: full.bytes(), bundle: EntryBundleID(index: 7)) == full)
    }

    @Test("truncated, over-long and damaged bundles are refused")
    func hostileBytes() throws {
        let bytes = try EntryBundle(entries: [[1, 2, 3], [4, 5]]).bytes()  // 00 03 01 02 03 00 02 04 05
        #expect(throws: TileError.bundleTruncated(position: 1)) { try EntryBundle(bytes: bytes.dropLast(), count: 2) }
        #expect(throws: TileError.bundleTruncated(position: 1)) { try EntryBundle(bytes: bytes.prefix(6), count: 2) }
        #expect(throws: TileError.bundleTruncated(position: 0)) { try EntryBundle(bytes: [0x00], count: 1) }
        #expect(throws: TileError.bundleTruncated(position: 2)) { try EntryBundle(bytes: bytes, count: 3) }
        #expect(throws: TileError.bundleTrailingBytes(afterEntries: 1)) { try EntryBundle(bytes: bytes, count: 1) }
        #expect(throws: TileError.bundleTrailingBytes(afterEntries: 2)) { try EntryBundle(bytes: bytes + [0], count: 2) }
        #expect(throws: TileError.bundleTruncated(position: 0)) { try EntryBundle(bytes: [0xff, 0xff, 1], count: 1) }
        #expect(throws: TileError.bundleEntryCount(0)) { try EntryBundle(bytes: [], count: 0) }
    }
}
