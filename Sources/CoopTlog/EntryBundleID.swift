/// An entry bundle of a tiled transparency log (c2sp.org/tlog-tiles, "Log entries"), served at
/// `<prefix>/tile/entries/<N>[.p/<W>]`: entries [N·256, N·256 + W), W = 256 unless partial.
public struct EntryBundleID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The bundle index N.
    public let index: UInt64
    /// The number of entries, 1…256; below 256 for a partial bundle.
    public let width: Int

    /// - Throws: `TileError.invalidWidth` or `.indexTooLarge` (index ≥ 2^56).
    public init(index: UInt64, width: Int = TilePath.fullWidth) throws {
        guard (1...TilePath.fullWidth).contains(width) else { throw TileError.invalidWidth(width) }
        guard index < 1 << 56 else { throw TileError.indexTooLarge(index) }
        self.init(validIndex: index, width: width)
    }

    init(validIndex index: UInt64, width: Int) {
        self.index = index
        self.width = width
    }

    /// Parses `tile/entries/<N>[.p/<W>]` (relative to the log prefix, no leading slash).
    public init(path: String) throws {
        func malformed(_ reason: String) -> TileError { .malformedPath(path, reason: reason) }
        let elements = path.split(separator: "/", omittingEmptySubsequences: false)
        guard elements.count >= 3, elements[0] == "tile", elements[1] == "entries" else {
            throw malformed("an entry bundle path starts with tile/entries/")
        }
        switch TilePath.parseSuffix(elements.dropFirst(2)) {
        case let .failure(error): throw malformed(error.reason)
        case let .success((index, width)): try self.init(index: index, width: width)
        }
    }

    /// `tile/entries/<N>[.p/<W>]`, to append to the log prefix.
    public var path: String { "tile/entries/" + TilePath.suffix(index: index, width: width) }

    public var description: String { path }

    /// True for a bundle of fewer than 256 entries.
    public var isPartial: Bool { width < TilePath.fullWidth }

    /// The log indexes of the entries in this bundle.
    public var entries: Range<UInt64> { index << 8..<(index << 8) + UInt64(width) }

    /// The level-0 hash tile whose hashes are these entries' leaf hashes.
    public var levelZeroTile: TileID { TileID(validLevel: 0, index: index, width: width) }

    public static func < (lhs: EntryBundleID, rhs: EntryBundleID) -> Bool {
        (lhs.index, lhs.width) < (rhs.index, rhs.width)
    }
}

extension EntryBundleID {
    /// The bundle holding entry `entry` in a tree of `treeSize` leaves, sized for that tree.
    /// - Throws: `TlogError.indexOutOfRange` unless entry < treeSize.
    public static func containing(entry: UInt64, treeSize: UInt64) throws -> EntryBundleID {
        guard entry < treeSize else { throw TlogError.indexOutOfRange(index: entry, size: treeSize) }
        let index = entry >> 8
        return EntryBundleID(validIndex: index, width: width(index: index, treeSize: treeSize))
    }

    /// The bundles a client fetches to read entries [from, to) of a tree of `to` leaves, in
    /// order. The first one may start before `from` (bundles are aligned to 256); skip the
    /// entries already held. Empty when from == to.
    ///
    /// - Throws: `TlogError.invalidTreeSizes` when from > to.
    public static func bundles(from: UInt64, to: UInt64) throws -> [EntryBundleID] {
        guard from <= to else { throw TlogError.invalidTreeSizes(from: from, to: to) }
        guard from < to else { return [] }
        let last = (to - 1) >> 8
        return (from >> 8...last).map { EntryBundleID(validIndex: $0, width: width(index: $0, treeSize: to)) }
    }

    /// Every bundle of a tree of `treeSize` leaves (all full but possibly the last).
    public static func bundles(treeSize: UInt64) -> [EntryBundleID] {
        // from 0 ≤ treeSize always holds.
        (try? bundles(from: 0, to: treeSize)) ?? []
    }

    /// The width of bundle `index` in a tree of `treeSize` leaves (which must reach it).
    private static func width(index: UInt64, treeSize: UInt64) -> Int {
        index < treeSize >> 8 ? TilePath.fullWidth : Int(treeSize & 0xff)
    }
}
