/// A hash tile of a tiled transparency log (c2sp.org/tlog-tiles, "Merkle Tree"), served at
/// `<prefix>/tile/<L>/<N>[.p/<W>]`.
///
/// The n-th tile at level l holds up to 256 consecutive Merkle Tree Hashes; hash i is
/// MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l]), that is the perfect RFC 9162 node at
/// Merkle level 8·l, index n·256 + i. A full tile has 256 hashes (8,192 bytes); a partial
/// tile, the rightmost at its level, has 1…255 and is never hashed into the level above.
public struct TileID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The Merkle levels one tile spans: its hashes are 8 levels above those of the level below.
    public static let levelsPerTile = 8

    /// The tile level L, 0…63 (level 0 holds leaf hashes).
    public let level: Int
    /// The tile index N within its level.
    public let index: UInt64
    /// The number of hashes, 1…256; below 256 for a partial tile.
    public let width: Int

    /// A tile from its coordinates.
    /// - Throws: `TileError.invalidLevel`, `.invalidWidth` or `.indexTooLarge` (index ≥ 2^56,
    ///   whose hash positions would overflow 64 bits).
    public init(level: Int, index: UInt64, width: Int = TilePath.fullWidth) throws {
        guard (0...63).contains(level) else { throw TileError.invalidLevel(level) }
        guard (1...TilePath.fullWidth).contains(width) else { throw TileError.invalidWidth(width) }
        guard index < 1 << 56 else { throw TileError.indexTooLarge(index) }
        self.init(validLevel: level, index: index, width: width)
    }

    init(validLevel level: Int, index: UInt64, width: Int) {
        self.level = level
        self.index = index
        self.width = width
    }

    /// Parses `tile/<L>/<N>[.p/<W>]` (relative to the log prefix, no leading slash).
    public init(path: String) throws {
        func malformed(_ reason: String) -> TileError { .malformedPath(path, reason: reason) }
        let elements = path.split(separator: "/", omittingEmptySubsequences: false)
        guard elements.count >= 3, elements[0] == "tile" else { throw malformed("it must start with tile/<L>/") }
        guard elements[1] != "entries" else { throw malformed("this is an entry bundle path (see EntryBundleID)") }
        guard let level = parseCanonicalDecimal(elements[1].utf8), level <= 63 else {
            throw malformed("the level must be a decimal 0…63 without leading zeros")
        }
        switch TilePath.parseSuffix(elements.dropFirst(2)) {
        case let .failure(error): throw malformed(error.reason)
        case let .success((index, width)): try self.init(level: Int(level), index: index, width: width)
        }
    }

    /// `tile/<L>/<N>[.p/<W>]`, to append to the log prefix.
    public var path: String { "tile/\(level)/" + TilePath.suffix(index: index, width: width) }

    public var description: String { path }

    /// True for a tile of fewer than 256 hashes.
    public var isPartial: Bool { width < TilePath.fullWidth }

    /// The Merkle level (RFC 9162 subtree height) of the hashes in this tile: 8·L.
    public var merkleLevel: Int { level * Self.levelsPerTile }

    /// The positions of this tile's hashes among all perfect nodes at `merkleLevel`.
    public var nodeIndices: Range<UInt64> { index << 8..<(index << 8) + UInt64(width) }

    /// This tile's coordinates at full width.
    public var full: TileID { TileID(validLevel: level, index: index, width: TilePath.fullWidth) }

    public static func < (lhs: TileID, rhs: TileID) -> Bool {
        (lhs.level, lhs.index, lhs.width) < (rhs.level, rhs.index, rhs.width)
    }
}

extension TileID {
    /// The number of hashes at tile level `level` in a tree of `treeSize` leaves:
    /// ⌊treeSize / 256^level⌋, the perfect nodes at Merkle level 8·level.
    public static func hashCount(level: Int, treeSize: UInt64) -> UInt64 {
        let shift = level * levelsPerTile
        return shift >= 64 ? 0 : treeSize >> UInt64(shift)
    }

    /// The tile at (`level`, `index`) as it is in a tree of `treeSize` leaves — full, or partial
    /// with the spec's width ⌊s / 256^l⌋ mod 256 — or nil when the tree has no such tile.
    public static func tile(level: Int, index: UInt64, treeSize: UInt64) -> TileID? {
        guard (0...63).contains(level) else { return nil }
        let count = hashCount(level: level, treeSize: treeSize)
        let fullTiles = count >> 8
        if index < fullTiles { return TileID(validLevel: level, index: index, width: TilePath.fullWidth) }
        let remainder = Int(count & 0xff)
        guard index == fullTiles, remainder > 0 else { return nil }
        return TileID(validLevel: level, index: index, width: remainder)
    }

    /// The tile, sized for `treeSize`, that holds what is needed to compute the perfect node
    /// (`level`, `index`): the node itself when `level` is a multiple of 8, otherwise the 2^h
    /// hashes below it (h = level mod 8) that hash up to it.
    ///
    /// - Throws: `TlogError.missingNode` when the node is not complete in a tree of
    ///   `treeSize` leaves (its leaves [index·2^level, (index+1)·2^level) must all exist).
    public static func containing(nodeLevel level: Int, index: UInt64, treeSize: UInt64) throws -> TileID {
        guard (0...63).contains(level), let end = nodeEnd(level: level, index: index), end <= treeSize else {
            throw TlogError.missingNode(level: level, index: index)
        }
        let height = level % levelsPerTile
        let first = index << UInt64(height)  // the first tile-level hash below the node
        guard let tile = tile(level: level / levelsPerTile, index: first >> 8, treeSize: treeSize) else {
            throw TlogError.missingNode(level: level, index: index)
        }
        return tile
    }

    /// (index + 1) · 2^level, the end of a node's leaf range; nil when it exceeds UInt64.
    static func nodeEnd(level: Int, index: UInt64) -> UInt64? {
        let (next, overflow1) = index.addingReportingOverflow(1)
        guard !overflow1, level < 64, next <= UInt64.max >> UInt64(level) else { return nil }
        return next << UInt64(level)
    }
}
