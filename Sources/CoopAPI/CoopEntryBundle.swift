import CoopTlog

/// coop's own entry bundle: the C2SP tlog-tiles bundle with a 4-byte length.
///
/// A coop leaf (docs/FORMAT.md §3.3) can be longer than the 65,535 bytes the tlog-tiles
/// framing carries (a bylaws amendment holds whole files), so coop serves the same entries at
/// another URL, `coop/entries/<N>[.p/<W>]`, each framed as a big-endian uint32 length and the
/// leaf bytes, exactly W entries and nothing after — as tlog-tiles allows ("MUST serve the
/// differently-encoded entries at a different URL"). Entry i hashes to hash i of the level-0
/// tile either way.
public enum CoopEntryBundle {
    /// The largest leaf a bundle carries: the largest entry line a bundle file accepts.
    public static let maxEntrySize = 1 << 20

    /// The bundle's path under the server's prefix.
    public static func path(_ bundle: EntryBundleID) -> String {
        "coop/" + bundle.path.dropFirst("tile/".count)
    }

    /// The bundle named by a path `coop/entries/...`.
    public static func bundle(path: String) throws -> EntryBundleID {
        guard path.hasPrefix("coop/entries/") else { throw TileError.malformedPath(path, reason: "not a coop entry bundle") }
        return try EntryBundleID(path: "tile/" + path.dropFirst("coop/".count))
    }

    /// The framed bytes of `leaves`.
    public static func bytes(_ leaves: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(leaves.reduce(0) { $0 + 4 + $1.count })
        for leaf in leaves {
            let n = UInt32(clamping: leaf.count)
            out += [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)]
            out += leaf
        }
        return out
    }

    /// Exactly `count` framed leaves, none over `maxEntrySize`, no trailing bytes.
    public static func leaves(_ bytes: [UInt8], count: Int) throws -> [[UInt8]] {
        var leaves: [[UInt8]] = []
        leaves.reserveCapacity(count)
        var p = 0
        for entry in 0..<count {
            guard bytes.count - p >= 4 else { throw TileError.bundleTruncated(position: entry) }
            let length = Int(bytes[p]) << 24 | Int(bytes[p + 1]) << 16 | Int(bytes[p + 2]) << 8 | Int(bytes[p + 3])
            p += 4
            guard length <= maxEntrySize else { throw TileError.entryTooLarge(position: entry, size: length) }
            guard bytes.count - p >= length else { throw TileError.bundleTruncated(position: entry) }
            leaves.append(Array(bytes[p..<p + length]))
            p += length
        }
        guard p == bytes.count else { throw TileError.bundleTrailingBytes(afterEntries: count) }
        return leaves
    }
}
