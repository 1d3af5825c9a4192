import CoopAPI
import CoopCrypto
import CoopLedger
import CoopTlog
import Foundation

/// What FuzzWire checks on one input, shared with `HostileInputCorpusTests` (this file is linked
/// into the fuzz target too): what `coop serve` and replicas read from the network. The first
/// byte picks the reader, the rest is its input; each must parse and round-trip, or throw its
/// own error type:
///
/// 0. a post body (the entries `coop … --out` writes): `APIError`;
/// 1. a coop entry bundle of (next byte + 1) leaves: `TileError`;
/// 2. a leaf (one logged entry): `LedgerError`;
/// 3. a split-view evidence file: `SplitViewEvidence.Problem`;
/// 4. the hash tiles `pull` fetches to tell a fork from bad data (sizes m < n from the next
///    four bytes, then each tile's bytes in turn): `TileError` or `TlogError`; tiles that are
///    the honest tree's must give the honest roots of both sizes.
enum WireFuzzing {
    /// The honest tree the tiles case is judged against (leaf i is "leaf i").
    static let tree = InMemoryMerkleTree(leafHashes: (0..<maxTreeSize).map { Merkle.leafHash(Array("leaf \($0)".utf8)) })
    static let maxTreeSize: UInt64 = 1_100

    /// The problem found, or nil.
    static func check(_ input: [UInt8]) -> String? {
        guard let selector = input.first else { return nil }
        let bytes = Array(input.dropFirst())
        do {
            switch selector % 5 {
            case 0:
                let entries = try PostBody.entries(bytes)
                guard try PostBody.entries(PostBody.bytes(entries)) == entries else { return "a post body does not round-trip" }
            case 1:
                let count = Int(bytes.first ?? 0) + 1
                let leaves = try CoopEntryBundle.leaves(Array(bytes.dropFirst()), count: count)
                guard CoopEntryBundle.bytes(leaves) == Array(bytes.dropFirst()) else { return "a bundle does not round-trip" }
            case 2:
                let entry = try LogEntry(leaf: bytes)
                guard entry.leaf == bytes else { return "a leaf does not round-trip" }
                _ = try? entry.decode()
            case 3:
                guard let evidence = try? JSONDecoder().decode(SplitViewEvidence.self, from: Data(bytes)) else { return nil }
                _ = try evidence.check()
            default:
                return try tiles(bytes)
            }
        } catch is APIError where selector % 5 == 0 {
        } catch is TileError where selector % 5 == 1 || selector % 5 == 4 {
        } catch is LedgerError where selector % 5 == 2 {
        } catch is SplitViewEvidence.Problem where selector % 5 == 3 {
        } catch is TlogError where selector % 5 == 4 {
        } catch {
            return "reader \(selector % 5) threw \(type(of: error)): \(error)"
        }
        return nil
    }

    /// The sizes an input's first four bytes name: 1 ≤ m < n ≤ `maxTreeSize`.
    static func sizes(_ bytes: [UInt8]) -> (m: UInt64, n: UInt64)? {
        guard bytes.count >= 4 else { return nil }
        let a = UInt64(bytes[0]) << 8 | UInt64(bytes[1]), b = UInt64(bytes[2]) << 8 | UInt64(bytes[3])
        let n = 2 + b % (maxTreeSize - 1)
        return (1 + a % (n - 1), n)
    }

    /// The tiles `pull` fetches between sizes m and n, in the order it asks for them.
    static func tilesNeeded(m: UInt64, n: UInt64) throws -> [TileID] {
        var tiles = try TileID.tilesForConsistencyProof(from: m, to: n)
        if m & (m - 1) == 0 { tiles.append(try TileID.containing(nodeLevel: m.trailingZeroBitCount, index: 0, treeSize: n)) }
        return Array(Set(tiles)).sorted()
    }

    /// Case 4: the path and implied roots from the input's tiles, as `pull` computes them.
    static func tiles(_ bytes: [UInt8]) throws -> String? {
        guard let (m, n) = sizes(bytes) else { return nil }
        var rest = bytes.dropFirst(4)
        var set = TileSet(treeSize: n)
        var honest = true
        for tile in try tilesNeeded(m: m, n: n) {
            let length = tile.width * 32
            let piece = rest.prefix(length)
            rest = rest.dropFirst(length)
            let expected = try HashTile.bytes(of: tile, source: tree)
            honest = honest && Array(piece) == expected
            try set.add(tile, bytes: piece)
        }
        let path = try ConsistencyPath.make(from: m, to: n, source: set)
        let roots = ConsistencyPath.impliedRoots(from: m, to: n, path: path)
        if honest {
            guard let roots, roots.old == (try Merkle.root(size: m, source: tree)), roots.new == (try Merkle.root(size: n, source: tree)) else {
                return "the honest tiles between \(m) and \(n) do not give the honest roots"
            }
        }
        return nil
    }

    /// A real input of case 4: the honest tiles between sizes 5 and 700.
    static func tilesSeed() throws -> [UInt8] {
        let sizes: [UInt8] = [0, 4, 2, 186]  // m = 1 + 4 % 699 = 5, n = 2 + 698 % 1099 = 700
        return try [4] + sizes + tilesNeeded(m: 5, n: 700).flatMap { try HashTile.bytes(of: $0, source: tree) }
    }
}
