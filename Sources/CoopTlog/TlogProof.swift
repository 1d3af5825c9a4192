import CoopCrypto

/// An offline-verifiable proof that an entry is in a log (c2sp.org/tlog-proof): coop's member
/// receipt.
///
/// Layout, as the spec's "Format" section gives it (lines end in "\n"):
///
///     c2sp.org/tlog-proof@v1
///     extra <base64 opaque data>        ← optional; present only with extra data
///     index <leaf index, decimal, no leading zeros>
///     <base64 proof hash>               ← zero or more: RFC 9162 PATH(index, D[size]),
///     …                                   leaf's sibling first, root's child last
///     <empty line>
///     <signed checkpoint, verbatim>
///
/// Note the order: the optional `extra` line comes *before* the `index` line (spec text and
/// example agree). The extra data is not authenticated; never trust it implicitly.
public struct TlogProof: Hashable, Sendable {
    /// The required first line.
    public static let header = "c2sp.org/tlog-proof@v1"

    /// The zero-based index of the entry in the log.
    public let index: UInt64
    /// The inclusion proof of the entry in the checkpoint's tree.
    public let inclusionProof: [SHA256Digest]
    /// The log's checkpoint, with its signature and any cosignatures.
    public let checkpoint: SignedCheckpoint
    /// Optional unauthenticated application data; nil when the `extra` line is absent.
    public let extraData: [UInt8]?

    public init(index: UInt64, inclusionProof: [SHA256Digest], checkpoint: SignedCheckpoint, extraData: [UInt8]? = nil) {
        self.index = index
        self.inclusionProof = inclusionProof
        self.checkpoint = checkpoint
        self.extraData = extraData
    }

    /// Builds the proof for leaf `index` in the checkpoint's tree from stored nodes.
    public init(
        index: UInt64, checkpoint: SignedCheckpoint, source: some MerkleNodeSource, extraData: [UInt8]? = nil
    ) throws {
        let proof = try Merkle.inclusionProof(index: index, size: checkpoint.checkpoint.size, source: source)
        self.init(index: index, inclusionProof: proof, checkpoint: checkpoint, extraData: extraData)
    }

    /// The proof's text form.
    public func format() -> String {
        var lines = [Self.header]
        if let extraData { lines.append("extra " + Base64.encode(extraData)) }
        lines.append("index \(index)")
        lines += inclusionProof.map { Base64.encode($0.bytes) }
        lines.append("")
        return lines.joined(separator: "\n") + "\n" + checkpoint.format()
    }

    /// Parses a tlog-proof without verifying it; see `verify(leafHash:verifierKey:origin:)`.
    public static func parse(_ text: String) throws -> TlogProof {
        var reader = LineReader(bytes: Array(text.utf8))
        func malformed(_ line: Int, _ reason: String) -> TlogError {
            .tlogProofMalformedLine(line: line, reason: reason)
        }
        guard let header = reader.next(), header.text.elementsEqual(Self.header.utf8) else {
            throw TlogError.tlogProofBadHeader(String(decoding: text.utf8.prefix { $0 != 0x0A }, as: UTF8.self))
        }
        guard var line = reader.next() else { throw malformed(2, "expected 'index <n>'") }
        var extraData: [UInt8]?
        if line.text.starts(with: Array("extra ".utf8)) {
            guard let data = Base64.decode(String(decoding: line.text.dropFirst(6), as: UTF8.self)) else {
                throw malformed(line.number, "the extra data is not standard padded base64")
            }
            extraData = data
            guard let next = reader.next() else { throw malformed(line.number + 1, "expected 'index <n>'") }
            line = next
        }
        guard line.text.starts(with: Array("index ".utf8)), let index = parseCanonicalDecimal(line.text.dropFirst(6)) else {
            throw malformed(line.number, "expected 'index <n>' with a decimal index without leading zeros")
        }
        var proof: [SHA256Digest] = []
        while true {
            guard let hashLine = reader.next() else { throw TlogError.tlogProofMissingCheckpoint }
            if hashLine.text.isEmpty { break }
            guard let raw = Base64.decode(String(decoding: hashLine.text, as: UTF8.self)),
                let hash = SHA256Digest(bytes: raw)
            else { throw malformed(hashLine.number, "a proof hash must be base64 of 32 bytes") }
            proof.append(hash)
        }
        let firstLine = reader.lineNumber
        let rest = reader.remainder()
        guard !rest.isEmpty else { throw TlogError.tlogProofMissingCheckpoint }
        let checkpoint: SignedCheckpoint
        do {
            checkpoint = try SignedCheckpoint.parse(String(decoding: rest, as: UTF8.self))
        } catch let error as TlogError {
            throw TlogError.tlogProofCheckpoint(firstLine: firstLine, error)
        }
        return TlogProof(index: index, inclusionProof: proof, checkpoint: checkpoint, extraData: extraData)
    }

    /// Verifies the receipt: the checkpoint is signed by `verifierKey` for `origin` (by default
    /// the key's name), and `leafHash` is leaf `index` of the checkpoint's tree.
    public func verify(leafHash: SHA256Digest, verifierKey: NoteVerifierKey, origin: String? = nil) throws {
        try checkpoint.verify(key: verifierKey, origin: origin)
        let head = checkpoint.checkpoint
        try Merkle.checkInclusion(
            leafHash: leafHash, index: index, size: head.size, proof: inclusionProof, root: head.rootHash)
    }
}

/// Reads newline-terminated lines off a byte buffer, counting lines from 1.
private struct LineReader {
    let bytes: [UInt8]
    var position = 0
    /// The number of the next line to be read.
    var lineNumber = 1

    /// The next complete line without its newline; nil when no newline-terminated line is left.
    mutating func next() -> (text: ArraySlice<UInt8>, number: Int)? {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { return nil }
        defer {
            position = end + 1
            lineNumber += 1
        }
        return (bytes[position..<end], lineNumber)
    }

    func remainder() -> ArraySlice<UInt8> { bytes[position...] }
}
