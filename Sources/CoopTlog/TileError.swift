/// What can go wrong with C2SP tlog-tiles: tile and bundle paths, tile bytes, entry bundles,
/// and computing hashes from fetched tiles. Messages say what is wrong and what to do.
public enum TileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A tile level outside 0…63.
    case invalidLevel(Int)
    /// A tile width outside 1…256.
    case invalidWidth(Int)
    /// A tile index whose hashes would not fit in 64-bit positions (index ≥ 2^56).
    case indexTooLarge(UInt64)
    /// A path that is not `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`.
    case malformedPath(String, reason: String)
    /// The tile or bundle does not exist in a tree of this size (nothing to fetch).
    case notInTree(path: String, treeSize: UInt64)
    /// A tile narrower than the tree size requires (a stale partial tile).
    case tileTooNarrow(path: String, treeSize: UInt64, needed: Int)
    /// Tile bytes that are not 32 × width long.
    case wrongTileSize(path: String, expected: Int, actual: Int)
    /// A hash needed for the computation lives in a tile that was not supplied.
    case missingTile(path: String)
    /// A tile reader returned a different number of tiles than asked for.
    case readerReturnedWrongCount(asked: Int, got: Int)
    /// An entry longer than the bundle framing's 16-bit length can say.
    case entryTooLarge(position: Int, size: Int)
    /// A bundle with no entries or more than 256.
    case bundleEntryCount(Int)
    /// The bundle bytes end inside entry `position`'s length or data.
    case bundleTruncated(position: Int)
    /// The bundle bytes hold more entries than its width says (or trailing bytes).
    case bundleTrailingBytes(afterEntries: Int)
    /// Entry `position` does not hash to the matching hash of the level-0 tile.
    case bundleHashMismatch(position: Int)
    /// A bundle and a level-0 tile of different widths were compared.
    case bundleTileWidthMismatch(bundle: Int, tile: Int)

    public var description: String {
        switch self {
        case let .invalidLevel(level):
            return "tile level \(level) is outside 0…63"
        case let .invalidWidth(width):
            return "tile width \(width) is outside 1…256"
        case let .indexTooLarge(index):
            return "tile index \(index) is too large (it must be below 2^56)"
        case let .malformedPath(path, reason):
            return "'\(path.prefix(120))' is not a tile path: \(reason) (expected tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>], N written as x001/x234/067)"
        case let .notInTree(path, treeSize):
            return "\(path) is not part of a tree of size \(treeSize); fetch only tiles a verified checkpoint requires"
        case let .tileTooNarrow(path, treeSize, needed):
            return "\(path) is too narrow for a tree of size \(treeSize): \(needed) hashes are needed; fetch the tile for that size or the full tile"
        case let .wrongTileSize(path, expected, actual):
            return "\(path) should be \(expected) bytes (32 per hash) but is \(actual); the server sent a damaged or different tile"
        case let .missingTile(path):
            return "the tile \(path) is needed but was not supplied; fetch it and try again"
        case let .readerReturnedWrongCount(asked, got):
            return "the tile reader was asked for \(asked) tiles and returned \(got)"
        case let .entryTooLarge(position, size):
            return
                "entry \(position) of the bundle is \(size) bytes; C2SP entry bundles frame entries with a 16-bit length, so at most 65535 bytes fit. Serve such entries another way"
        case let .bundleEntryCount(count):
            return "an entry bundle holds 1 to 256 entries, not \(count)"
        case let .bundleTruncated(position):
            return "the entry bundle ends inside entry \(position); the server sent a truncated or damaged bundle"
        case let .bundleTrailingBytes(afterEntries):
            return "the entry bundle has bytes after its \(afterEntries) entries; it is wider than asked or damaged"
        case let .bundleHashMismatch(position):
            return "entry \(position) of the bundle does not hash to the level-0 tile's hash; the bundle or the tile was altered"
        case let .bundleTileWidthMismatch(bundle, tile):
            return "the bundle has \(bundle) entries but the level-0 tile has \(tile) hashes"
        }
    }
}
