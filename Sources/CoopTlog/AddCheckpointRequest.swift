import CoopCrypto

/// The body of a tlog-witness `add-checkpoint` request (c2sp.org/tlog-witness), every line
/// ending in a newline:
///
///     old <previous size, decimal, no leading zeros>
///     <base64 consistency proof hash>     ← 0 to 63 lines, RFC 6962 PROOF(old, size)
///     <empty line>
///     <signed checkpoint note>
///
/// `POST <submission prefix>/add-checkpoint`. Parsing does not verify anything; hand the
/// result to `Witness.decide(_:latest:timestamp:)`.
public struct AddCheckpointRequest: Hashable, Sendable {
    /// The spec's limit on consistency proof lines.
    public static let maxProofLines = 63

    /// The size of the latest checkpoint the log believes the witness cosigned (0 for none).
    public let oldSize: UInt64
    /// The consistency proof from `oldSize` to the checkpoint's size.
    public let consistencyProof: [SHA256Digest]
    /// The checkpoint to cosign, with the log's signature(s).
    public let checkpoint: SignedCheckpoint

    /// - Throws: `WitnessProtocolError.tooManyProofLines` above 63 hashes.
    public init(oldSize: UInt64, consistencyProof: [SHA256Digest], checkpoint: SignedCheckpoint) throws {
        guard consistencyProof.count <= Self.maxProofLines else {
            throw WitnessProtocolError.tooManyProofLines(consistencyProof.count)
        }
        self.oldSize = oldSize
        self.consistencyProof = consistencyProof
        self.checkpoint = checkpoint
    }

    /// The request body.
    public func body() -> String {
        var lines = ["old \(oldSize)"] + consistencyProof.map { Base64.encode($0.bytes) }
        lines.append("")
        return lines.joined(separator: "\n") + "\n" + checkpoint.format()
    }

    /// Parses a request body received as bytes.
    /// - Throws: `WitnessProtocolError` (`.requestNotUTF8`, `.malformedRequest`,
    ///   `.tooManyProofLines`, `.requestCheckpoint`); all of them mean 400 Bad Request.
    public static func parse(_ body: some Collection<UInt8>) throws -> AddCheckpointRequest {
        guard let text = String(validating: body, as: UTF8.self) else { throw WitnessProtocolError.requestNotUTF8 }
        return try parse(text)
    }

    /// Parses a request body.
    public static func parse(_ body: String) throws -> AddCheckpointRequest {
        let bytes = Array(body.utf8)
        var position = 0
        var lineNumber = 0
        func nextLine() throws -> ArraySlice<UInt8> {
            lineNumber += 1
            guard let end = bytes[position...].firstIndex(of: 0x0A) else {
                throw WitnessProtocolError.malformedRequest(line: lineNumber, reason: "the body ends before this line's newline")
            }
            defer { position = end + 1 }
            return bytes[position..<end]
        }
        let oldLine = try nextLine()
        guard oldLine.starts(with: Array("old ".utf8)), let oldSize = parseCanonicalDecimal(oldLine.dropFirst(4)) else {
            throw WitnessProtocolError.malformedRequest(line: 1, reason: "expected 'old <size>' with a decimal size without leading zeros")
        }
        var proof: [SHA256Digest] = []
        while true {
            let line = try nextLine()
            if line.isEmpty { break }
            guard proof.count < maxProofLines else { throw WitnessProtocolError.tooManyProofLines(proof.count + 1) }
            guard let raw = Base64.decode(String(decoding: line, as: UTF8.self)), let hash = SHA256Digest(bytes: raw) else {
                throw WitnessProtocolError.malformedRequest(line: lineNumber, reason: "a consistency proof line must be base64 of a 32-byte hash")
            }
            proof.append(hash)
        }
        let firstLine = lineNumber + 1
        let checkpoint: SignedCheckpoint
        do {
            checkpoint = try SignedCheckpoint.parse(String(decoding: bytes[position...], as: UTF8.self))
        } catch let error as TlogError {
            throw WitnessProtocolError.requestCheckpoint(firstLine: firstLine, error)
        }
        return try AddCheckpointRequest(oldSize: oldSize, consistencyProof: proof, checkpoint: checkpoint)
    }
}
