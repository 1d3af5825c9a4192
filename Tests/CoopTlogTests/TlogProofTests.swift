import CoopCrypto
import CoopTlog
import Testing

@Suite("tlog-proof receipts")
struct TlogProofTests {
    let logKey = Ed25519.PrivateKey()
    let origin = "coop.example/ledger"

    func fixture(size: Int) throws -> (InMemoryMerkleTree, SignedCheckpoint, NoteVerifierKey) {
        let tree = InMemoryMerkleTree(leafHashes: syntheticLeafHashes(size))
        let checkpoint = try Checkpoint(origin: origin, size: tree.size, rootHash: tree.root())
        let signed = try SignedCheckpoint(signing: checkpoint, privateKey: logKey)
        return (tree, signed, try NoteVerifierKey(name: origin, publicKey: logKey.publicKey))
    }

    @Test func everyLeafOfATreeHasAVerifyingReceipt() throws {
        let (tree, checkpoint, vkey) = try fixture(size: 13)
        let leaves = syntheticLeafHashes(13)
        for index in 0..<UInt64(13) {
            let proof = try TlogProof(index: index, checkpoint: checkpoint, source: tree)
            let parsed = try TlogProof.parse(proof.format())
            #expect(parsed == proof)
            try parsed.verify(leafHash: leaves[Int(index)], verifierKey: vkey)
            // Another leaf's hash does not verify at this index.
            #expect(throws: TlogError.inclusionProofFailed(index: index, size: 13, reason: .rootMismatch)) {
                try parsed.verify(leafHash: leaves[Int((index + 1) % 13)], verifierKey: vkey)
            }
        }
    }

    @Test func layout() throws {
        let (tree, checkpoint, _) = try fixture(size: 5)
        let proof = try TlogProof(index: 2, checkpoint: checkpoint, source: tree, extraData: Array("hi".utf8))
        let hashes = try Merkle.inclusionProof(index: 2, size: 5, source: tree).map { Base64.encode($0.bytes) }
        let expected = ["c2sp.org/tlog-proof@v1", "extra aGk=", "index 2"] + hashes + [""]
        #expect(proof.format() == expected.joined(separator: "\n") + "\n" + checkpoint.format())
        #expect(try TlogProof.parse(proof.format()).extraData == Array("hi".utf8))

        let plain = TlogProof(index: 0, inclusionProof: [], checkpoint: checkpoint)
        #expect(plain.format() == "c2sp.org/tlog-proof@v1\nindex 0\n\n" + checkpoint.format())
        let reparsed = try TlogProof.parse(plain.format())
        #expect(reparsed.extraData == nil)
        #expect(reparsed.inclusionProof == [])
    }

    @Test func singleLeafTreeHasEmptyProof() throws {
        let (tree, checkpoint, vkey) = try fixture(size: 1)
        let proof = try TlogProof(index: 0, checkpoint: checkpoint, source: tree)
        #expect(proof.inclusionProof == [])
        try TlogProof.parse(proof.format()).verify(leafHash: syntheticLeafHashes(1)[0], verifierKey: vkey)
    }

    @Test func tamperedReceiptsAreRejected() throws {
        let (tree, checkpoint, vkey) = try fixture(size: 9)
        let leaf = syntheticLeafHashes(9)[4]
        let proof = try TlogProof(index: 4, checkpoint: checkpoint, source: tree)

        var hashes = proof.inclusionProof
        hashes[1] = flipped(hashes[1])
        let badHash = TlogProof(index: 4, inclusionProof: hashes, checkpoint: checkpoint)
        #expect(throws: TlogError.inclusionProofFailed(index: 4, size: 9, reason: .rootMismatch)) {
            try TlogProof.parse(badHash.format()).verify(leafHash: leaf, verifierKey: vkey)
        }
        let badIndex = TlogProof(index: 5, inclusionProof: proof.inclusionProof, checkpoint: checkpoint)
        #expect(throws: TlogError.inclusionProofFailed(index: 5, size: 9, reason: .rootMismatch)) {
            try badIndex.verify(leafHash: leaf, verifierKey: vkey)
        }
        let outside = TlogProof(index: 9, inclusionProof: proof.inclusionProof, checkpoint: checkpoint)
        #expect(throws: TlogError.indexOutOfRange(index: 9, size: 9)) { try outside.verify(leafHash: leaf, verifierKey: vkey) }
        let short = TlogProof(index: 4, inclusionProof: proof.inclusionProof.dropLast(), checkpoint: checkpoint)
        #expect(throws: TlogError.inclusionProofFailed(index: 4, size: 9, reason: .tooFewHashes(count: 3))) {
            try short.verify(leafHash: leaf, verifierKey: vkey)
        }

        // A checkpoint edited in transit fails its signature.
        let edited = proof.format().replacing("\n9\n", with: "\n10\n", maxReplacements: 1)
        #expect(throws: TlogError.noteSignatureInvalid(keyName: vkey.name, keyID: vkey.keyID)) {
            try TlogProof.parse(edited).verify(leafHash: leaf, verifierKey: vkey)
        }
        // Another log's key does not vouch for it.
        let stranger = try NoteVerifierKey(name: origin, publicKey: Ed25519.PrivateKey().publicKey)
        #expect(throws: TlogError.noteNotSignedByKnownKey(keys: [keyLabel(stranger)])) {
            try proof.verify(leafHash: leaf, verifierKey: stranger)
        }
    }

    /// c2sp.org/tlog-proof's example. Its signatures are elided ("hI2DJw[...]1roloI="), so
    /// verbatim it fails on the first signature line; with a real log signature in their
    /// place the layout parses field by field. Its 5 hashes are illustrative only: a tree of
    /// 109482 leaves needs 17, so verification reports too few hashes.
    @Test func specExample() throws {
        let head = """
            c2sp.org/tlog-proof@v1
            extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
            index 73894
            gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
            B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
            EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
            RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
            AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

            example.com/fancylog
            109482
            sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=


            """
        let elided = """
            — example.com/fancylog hI2DJw[...]1roloI=
            — witness1.example mJirIklj[...]qY9v2B/5bg==
            — witness2.example TnKKVHLX[...]xwYwrSjgow==
            — witness3.example S4X82uH5[...]3oEcROGLFQ==

            """
        #expect(
            throws: TlogError.tlogProofCheckpoint(
                firstLine: 10,
                .noteMalformedSignatureLine(line: 5, reason: "the signature is not standard padded base64"))
        ) {
            try TlogProof.parse(head + elided)
        }

        let fancylog = try NoteSigner(name: "example.com/fancylog", privateKey: logKey)
        let body = "example.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n"
        let proof = try TlogProof.parse(head + fancylog.signature(for: body).line)
        #expect(proof.extraData == base64("YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ"))
        #expect(proof.index == 73894)
        #expect(proof.inclusionProof.count == 5)
        #expect(proof.inclusionProof[0].bytes == base64("gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ="))
        #expect(proof.checkpoint.checkpoint.origin == "example.com/fancylog")
        #expect(proof.checkpoint.checkpoint.size == 109_482)
        #expect(proof.format() == head + fancylog.signature(for: body).line)
        #expect(throws: TlogError.inclusionProofFailed(index: 73894, size: 109_482, reason: .tooFewHashes(count: 5))) {
            try proof.verify(leafHash: Merkle.leafHash([UInt8]()), verifierKey: fancylog.verifierKey)
        }
    }

    @Test(
        "malformed proofs",
        arguments: [
            ("", TlogError.tlogProofBadHeader("")),
            ("c2sp.org/tlog-proof@v2\nindex 0\n\n", .tlogProofBadHeader("c2sp.org/tlog-proof@v2")),
            ("c2sp.org/tlog-proof@v1", .tlogProofBadHeader("c2sp.org/tlog-proof@v1")),
            ("c2sp.org/tlog-proof@v1\n", .tlogProofMalformedLine(line: 2, reason: "expected 'index <n>'")),
            (
                "c2sp.org/tlog-proof@v1\nindex 01\n\n",
                .tlogProofMalformedLine(line: 2, reason: "expected 'index <n>' with a decimal index without leading zeros")
            ),
            (
                "c2sp.org/tlog-proof@v1\nindex -1\n\n",
                .tlogProofMalformedLine(line: 2, reason: "expected 'index <n>' with a decimal index without leading zeros")
            ),
            (
                "c2sp.org/tlog-proof@v1\nindex  1\n\n",
                .tlogProofMalformedLine(line: 2, reason: "expected 'index <n>' with a decimal index without leading zeros")
            ),
            (
                "c2sp.org/tlog-proof@v1\nIndex 1\n\n",
                .tlogProofMalformedLine(line: 2, reason: "expected 'index <n>' with a decimal index without leading zeros")
            ),
            ("c2sp.org/tlog-proof@v1\nextra !!\nindex 1\n\n", .tlogProofMalformedLine(line: 2, reason: "the extra data is not standard padded base64")),
            ("c2sp.org/tlog-proof@v1\nextra aGk=\n", .tlogProofMalformedLine(line: 3, reason: "expected 'index <n>'")),
            // The extra line must come before the index line.
            ("c2sp.org/tlog-proof@v1\nindex 1\nextra aGk=\n\n", .tlogProofMalformedLine(line: 3, reason: "a proof hash must be base64 of 32 bytes")),
            ("c2sp.org/tlog-proof@v1\nindex 1\naGk=\n\n", .tlogProofMalformedLine(line: 3, reason: "a proof hash must be base64 of 32 bytes")),
            ("c2sp.org/tlog-proof@v1\nindex 1\ngSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n", .tlogProofMissingCheckpoint),
            ("c2sp.org/tlog-proof@v1\nindex 1\n\n", .tlogProofMissingCheckpoint),
            ("c2sp.org/tlog-proof@v1\nindex 1\n\nexample.com/log\n", .tlogProofCheckpoint(firstLine: 4, .noteMissingSignatures)),
        ])
    func malformed(text: String, error: TlogError) {
        #expect(throws: error) { try TlogProof.parse(text) }
    }

    @Test func errorMessagesAreSpecific() {
        let nested = TlogError.tlogProofCheckpoint(firstLine: 10, .noteMalformedSignatureLine(line: 5, reason: "the signature is not standard padded base64"))
        #expect(
            nested.description
                == "the checkpoint in the tlog-proof (starting at line 10) is invalid: line 5 of the signed note is not a signature line: the signature is not standard padded base64"
        )
        #expect(TlogError.noteSignatureInvalid(keyName: "PeterNeumann", keyID: 0x0c74_f20a).description.contains("PeterNeumann+0c74f20a"))
        #expect(
            TlogError.consistencyProofFailed(from: 3, to: 7, reason: .oldRootMismatch).description
                == "consistency proof from tree size 3 to 7 failed: the proof does not lead to the old root hash")
    }
}
