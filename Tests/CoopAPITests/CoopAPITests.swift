import CoopAPI
import CoopCrypto
import CoopLedger
import CoopModel
import CoopTlog
import Foundation
import Testing

/// The wire contract of `coop serve`: coop's bundles, consistency paths, split-view evidence,
/// leaves and the JSON bodies.
struct CoopAPITests {
    private func leafHashes(_ n: Int, tag: String = "") -> [SHA256Digest] {
        (0..<n).map { Merkle.leafHash(Array("leaf \($0)\(tag)".utf8)) }
    }

    @Test("coop bundles frame leaves with 4-byte lengths, and refuse short, long or padded bytes")
    func bundleFraming() throws {
        let leaves: [[UInt8]] = [[1, 2, 3], [], [UInt8](repeating: 7, count: 70_000)]
        let bytes = CoopEntryBundle.bytes(leaves)
        #expect(Array(bytes.prefix(7)) == [0, 0, 0, 3, 1, 2, 3])
        #expect(try CoopEntryBundle.leaves(bytes, count: 3) == leaves)
        #expect(throws: TileError.self) { try CoopEntryBundle.leaves(Array(bytes.dropLast()), count: 3) }
        #expect(throws: TileError.self) { try CoopEntryBundle.leaves(bytes + [0], count: 3) }
        #expect(throws: TileError.self) { try CoopEntryBundle.leaves(bytes, count: 4) }
        #expect(throws: TileError.self) { try CoopEntryBundle.leaves([0x00, 0x20, 0x00, 0x00] + [UInt8](repeating: 0, count: 16), count: 1) }
        let id = try EntryBundleID(index: 1_234_067, width: 9)
        #expect(CoopEntryBundle.path(id) == "coop/entries/x001/x234/067.p/9")
        #expect(try CoopEntryBundle.bundle(path: "coop/entries/x001/x234/067.p/9") == id)
        #expect(throws: (any Error).self) { try CoopEntryBundle.bundle(path: "tile/entries/000") }
    }

    @Test("a consistency path with its first node implies both roots, for every size pair up to 70")
    func consistencyPaths() throws {
        let hashes = leafHashes(70)
        for n in 2...70 {
            let tree = InMemoryMerkleTree(leafHashes: Array(hashes.prefix(n)))
            for m in 1..<n {
                let path = try ConsistencyPath.make(from: m.asSize, to: n.asSize, source: tree)
                let roots = try #require(ConsistencyPath.impliedRoots(from: m.asSize, to: n.asSize, path: path))
                #expect(roots.old == Merkle.root(leafHashes: Array(hashes.prefix(m))))
                #expect(roots.new == tree.root())
                // The RFC's proof is the path without the first node when m is a power of two.
                let proof = m & (m - 1) == 0 ? Array(path.dropFirst()) : path
                try Merkle.checkConsistency(from: m.asSize, to: n.asSize, proof: proof, oldRoot: roots.old, newRoot: roots.new)
                #expect(ConsistencyPath.impliedRoots(from: m.asSize, to: n.asSize, path: path + [roots.new]) == nil)
            }
        }
    }

    /// Signs a checkpoint of the tree of `hashes` under the test ledger key.
    private func note(_ hashes: [SHA256Digest], key: Ed25519.PrivateKey, origin: String) throws -> String {
        try SignedCheckpoint(
            signing: try Checkpoint(origin: origin, size: UInt64(hashes.count), rootHash: Merkle.root(leafHashes: hashes)),
            privateKey: key, keyName: origin
        ).format()
    }

    @Test("split-view evidence proves a fork, and proves nothing when altered, consistent or signed by another key")
    func evidence() throws {
        let key = try Ed25519.PrivateKey(seed: SecretBytes(count: 32) { $0.initializeMemory(as: UInt8.self, repeating: 9) })
        let origin = "coop.ledger/00112233445566778899aabbccddeeff"
        let keyText = Checkpoints.verifierKeyText(key.publicKey, origin: origin)
        let honest = leafHashes(12)
        let forked = Array(honest.prefix(7)) + leafHashes(9, tag: " forked").suffix(2)  // 9 leaves, differing from leaf 7
        for m in [8, 9, 4, 12] where m <= honest.count {
            // Held: the honest tree at m; presented: the forked tree of 9 (larger or smaller).
            let held = try note(Array(honest.prefix(m)), key: key, origin: origin)
            let presented = try note(forked, key: key, origin: origin)
            let (small, large) = m <= forked.count ? (m, forked.count) : (forked.count, m)
            let largerTree = InMemoryMerkleTree(leafHashes: m <= forked.count ? forked : Array(honest.prefix(m)))
            let path = small == large ? [] : try ConsistencyPath.make(from: UInt64(small), to: UInt64(large), source: largerTree)
            let evidence = SplitViewEvidence(origin: origin, ledgerKey: keyText, held: held, presented: presented, path: path)
            if m <= 7 {
                // The first 7 leaves agree: a smaller honest checkpoint is a prefix of the fork.
                #expect(throws: SplitViewEvidence.Problem.self) { try evidence.check() }
                continue
            }
            let finding = try evidence.check(trustedKey: keyText)
            #expect(finding.smaller.size == UInt64(small))
            var altered = evidence
            if !altered.path.isEmpty {
                altered.path[0] = String(repeating: "0", count: 64)
                #expect(throws: SplitViewEvidence.Problem.self) { try altered.check() }
            }
            #expect(throws: SplitViewEvidence.Problem.self) { try evidence.check(trustedKey: keyText.replacingOccurrences(of: "+", with: "x+")) }
            let decoded = try JSONDecoder().decode(SplitViewEvidence.self, from: Data(try evidence.json()))
            #expect(decoded == evidence)
        }
    }

    @Test("a leaf parses back to the entry it was made from; short or malformed leaves are refused")
    func leaves() throws {
        let key = try Ed25519.PrivateKey(seed: SecretBytes(count: 32) { $0.initializeMemory(as: UInt8.self, repeating: 3) })
        let signed = SignedEntry(statementBytes: Array("{\"x\":1}".utf8), signature: key.signature(for: [1]))
        let entry = LogEntry(ledgerTime: Timestamp(secondsSinceEpoch: 1_790_000_000), signed: signed)
        #expect(try LogEntry(leaf: entry.leaf) == entry)
        #expect(throws: LedgerError.self) { try LogEntry(leaf: Array(entry.leaf.prefix(8))) }
        var noSignatures = entry.leaf
        noSignatures[8] = 0
        #expect(throws: LedgerError.self) { try LogEntry(leaf: noSignatures) }
        #expect(throws: LedgerError.self) { try LogEntry(leaf: Array(entry.leaf.prefix(9 + 64))) }
    }

    @Test("the JSON bodies use the documented snake_case keys")
    func bodies() throws {
        let response = PostResponse(entries: [PostedEntry(index: 3, hash: "ab", ledgerTime: "2026-01-01T00:00:00Z", duplicate: true)])
        let text = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        #expect(text.contains("\"ledger_time\"") && text.contains("\"duplicate\":true"))
        let error = try JSONDecoder().decode(APIError.self, from: Data(#"{"code":"refused","message":"m","refusal":"chain-broken","position":1}"#.utf8))
        #expect(error.refusal == "chain-broken" && error.position == 1)
    }
}

extension Int {
    fileprivate var asSize: UInt64 { UInt64(self) }
}
