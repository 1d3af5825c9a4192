import CoopCrypto
import CoopTlog
import Testing

/// Parsing and formatting the tlog-witness request and response bodies.
@Suite("Witness: messages")
struct WitnessMessageTests {
    static let tree = InMemoryMerkleTree(leafHashes: syntheticLeafHashes(100))

    @Test("requests round-trip for many sizes")
    func requestRoundTrip() throws {
        for (old, size) in [(UInt64(0), UInt64(0)), (0, 1), (1, 2), (7, 8), (8, 9), (13, 100), (64, 100), (100, 100)] {
            let request = try AddCheckpointRequest(
                oldSize: old, consistencyProof: Merkle.consistencyProof(from: old, to: size, source: Self.tree),
                checkpoint: WitnessFixtures.checkpoint(size: size, tree: Self.tree))
            let body = request.body()
            #expect(body.hasPrefix("old \(old)\n"))
            #expect(try AddCheckpointRequest.parse(Array(body.utf8)) == request)
        }
    }

    static let checkpointText: String = {
        // A fixed, validly formed signed checkpoint (signature not checked by parsing).
        CosignatureSpecExamples.cosignedCheckpoint
    }()

    @Test(
        "malformed requests are refused with the line at fault",
        arguments: [
            ("", 1), ("old 5", 1), ("old\n\n", 1), ("old 05\n\n", 1), ("old -1\n\n", 1), ("Old 5\n\n", 1), ("old 5 \n\n", 1),
            ("old 18446744073709551616\n\n", 1), ("old 5\nnot base64!\n\n", 2), ("old 5\nAAAA\n\n", 2), ("old 5\n", 2),
            ("old 5\n" + String(repeating: "A", count: 43) + "=\n", 3),
        ])
    func malformedRequests(prefix: String, line: Int) {
        let body = prefix.hasSuffix("\n\n") ? prefix + Self.checkpointText : prefix
        #expect(throws: WitnessProtocolError.self) { try AddCheckpointRequest.parse(Array(body.utf8)) }
        do {
            _ = try AddCheckpointRequest.parse(Array(body.utf8))
        } catch let WitnessProtocolError.malformedRequest(number, _) {
            #expect(number == line, "\(prefix.debugDescription)")
        } catch {
            Issue.record("unexpected error \(error) for \(prefix.debugDescription)")
        }
        // Every parse failure maps to 400.
        #expect(WitnessRejection.malformed(WitnessProtocolError.requestNotUTF8).status == 400)
    }

    @Test("at most 63 proof lines")
    func proofLineLimit() throws {
        let hash = Base64.encode(Merkle.emptyRoot.bytes) + "\n"
        let ok = "old 5\n" + String(repeating: hash, count: 63) + "\n" + Self.checkpointText
        #expect(try AddCheckpointRequest.parse(Array(ok.utf8)).consistencyProof.count == 63)
        let tooMany = "old 5\n" + String(repeating: hash, count: 64) + "\n" + Self.checkpointText
        #expect(throws: WitnessProtocolError.tooManyProofLines(64)) { try AddCheckpointRequest.parse(Array(tooMany.utf8)) }
        let checkpoint = try SignedCheckpoint.parse(Self.checkpointText)
        #expect(throws: WitnessProtocolError.tooManyProofLines(64)) {
            try AddCheckpointRequest(oldSize: 5, consistencyProof: Array(repeating: Merkle.emptyRoot, count: 64), checkpoint: checkpoint)
        }
    }

    @Test("a request whose checkpoint is not a signed checkpoint names where it starts")
    func badCheckpoint() {
        let body = "old 5\n\nexample.com/x\nnot a size\nAAAA\n\n— k AAAAAAAA\n"
        #expect(throws: WitnessProtocolError.requestCheckpoint(firstLine: 3, .checkpointInvalidSize("not a size"))) {
            try AddCheckpointRequest.parse(Array(body.utf8))
        }
        #expect(throws: WitnessProtocolError.requestNotUTF8) { try AddCheckpointRequest.parse([0x6f, 0x6c, 0x64, 0xff]) }
    }

    @Test("malformed responses are refused")
    func malformedResponses() {
        let good = "— witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==\n"
        for bad in ["", "\n", String(good.dropLast()), good + "\n", good + "- x AAAAAAAA\n", "— a\tb AAAAAAAA\n", good.replacing("AWui", with: "AWu!")] {
            #expect(throws: (any Error).self, "\(bad.debugDescription)") { try AddCheckpointResponse.parse(Array(bad.utf8)) }
        }
        #expect(throws: TlogError.noteTooManySignatures(count: 101, limit: 100)) {
            try AddCheckpointResponse.parse(Array(String(repeating: good, count: 101).utf8))
        }
        #expect(throws: TlogError.noteMissingSignatures) { try AddCheckpointResponse(signatures: []) }
    }
}
