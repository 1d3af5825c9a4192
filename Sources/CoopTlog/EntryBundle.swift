import CoopCrypto

/// The contents of an entry bundle (c2sp.org/tlog-tiles, "Log entries"): each entry as a
/// big-endian uint16 length followed by that many bytes, nothing between or after.
///
/// An entry is the RFC 9162 leaf data (for coop, the statement bytes ‖ signature, docs/FORMAT.md
/// §3.3), so entry i hashes to hash i of the matching level-0 tile. The 16-bit length caps an
/// entry at 65,535 bytes: a longer one cannot be put in a bundle and is refused with
/// `TileError.entryTooLarge` (the spec allows serving such entries in another format at
/// another URL).
public struct EntryBundle: Hashable, Sendable {
    /// The largest entry the framing can carry.
    public static let maxEntrySize = Int(UInt16.max)

    /// The entries, in log order.
    public let entries: [[UInt8]]

    /// A bundle of 1…256 entries of at most 65,535 bytes each.
    /// - Throws: `TileError.bundleEntryCount` or `.entryTooLarge`.
    public init(entries: [[UInt8]]) throws {
        guard (1...TilePath.fullWidth).contains(entries.count) else { throw TileError.bundleEntryCount(entries.count) }
        if let position = entries.firstIndex(where: { $0.count > Self.maxEntrySize }) {
            throw TileError.entryTooLarge(position: position, size: entries[position].count)
        }
        self.entries = entries
    }

    /// Parses the bytes of `bundle`: exactly `bundle.width` framed entries, no trailing bytes.
    /// - Throws: `TileError.bundleTruncated` or `.bundleTrailingBytes`.
    public init(bytes: some Collection<UInt8>, bundle: EntryBundleID) throws {
        try self.init(bytes: bytes, count: bundle.width)
    }

    /// Parses exactly `count` (1…256) framed entries.
    public init(bytes: some Collection<UInt8>, count: Int) throws {
        guard (1...TilePath.fullWidth).contains(count) else { throw TileError.bundleEntryCount(count) }
        let raw = Array(bytes)
        var entries: [[UInt8]] = []
        entries.reserveCapacity(count)
        var position = 0
        for entry in 0..<count {
            guard raw.count - position >= 2 else { throw TileError.bundleTruncated(position: entry) }
            let length = Int(raw[position]) << 8 | Int(raw[position + 1])
            position += 2
            guard raw.count - position >= length else { throw TileError.bundleTruncated(position: entry) }
            entries.append(Array(raw[position..<position + length]))
            position += length
        }
        guard position == raw.count else { throw TileError.bundleTrailingBytes(afterEntries: count) }
        self.entries = entries
    }

    /// The bundle's bytes: uint16 big-endian length ‖ entry, for each entry.
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(0) { $0 + 2 + $1.count })
        for entry in entries {
            out.append(UInt8(entry.count >> 8))
            out.append(UInt8(entry.count & 0xff))
            out += entry
        }
        return out
    }

    /// The RFC 9162 leaf hash of each entry, SHA-256(0x00 ‖ entry).
    public var leafHashes: [SHA256Digest] { entries.map { Merkle.leafHash($0) } }

    /// Checks every entry against the matching hash of the level-0 tile with the same index.
    /// A light client that verified the tile (through a root or proof) thereby verifies the
    /// entries; a replica can instead append the leaf hashes to its own tree and compare roots.
    ///
    /// - Throws: `TileError.bundleTileWidthMismatch` or `.bundleHashMismatch`.
    public func check(againstLevelZeroHashes hashes: [SHA256Digest]) throws {
        guard hashes.count == entries.count else {
            throw TileError.bundleTileWidthMismatch(bundle: entries.count, tile: hashes.count)
        }
        for (position, (entry, expected)) in zip(entries, hashes).enumerated() where Merkle.leafHash(entry) != expected {
            throw TileError.bundleHashMismatch(position: position)
        }
    }
}
