/// The body of a successful (200) tlog-witness `add-checkpoint` response: one or more note
/// signature lines, each `— <name> <base64>` and a newline — the witness's cosignatures.
///
/// A client keeps the lines whose (name, key ID) match witnesses it trusts, adds them to its
/// checkpoint with `SignedCheckpoint.adding(signatures:)` and checks them with
/// `verifiedCosignatures(witnesses:notAfter:)`; lines from unknown keys are ignored there.
public struct AddCheckpointResponse: Hashable, Sendable {
    /// The signature lines, in order.
    public let signatures: [NoteSignature]

    /// - Throws: `TlogError.noteMissingSignatures` for an empty list,
    ///   `.noteTooManySignatures` beyond `SignedNote.maxSignatures`.
    public init(signatures: [NoteSignature]) throws {
        guard !signatures.isEmpty else { throw TlogError.noteMissingSignatures }
        guard signatures.count <= SignedNote.maxSignatures else {
            throw TlogError.noteTooManySignatures(count: signatures.count, limit: SignedNote.maxSignatures)
        }
        self.signatures = signatures
    }

    /// A response carrying `cosignatures`.
    public init(cosignatures: [Cosignature]) throws {
        try self.init(signatures: cosignatures.map(\.noteSignature))
    }

    /// The response body.
    public func body() -> String { signatures.map(\.line).joined() }

    /// Parses a response body received as bytes.
    public static func parse(_ body: some Collection<UInt8>) throws -> AddCheckpointResponse {
        guard let text = String(validating: body, as: UTF8.self) else {
            throw WitnessProtocolError.malformedResponse(line: 1, reason: "the body is not valid UTF-8")
        }
        return try parse(text)
    }

    /// Parses a response body: signature lines only, each ending in a newline.
    /// - Throws: `WitnessProtocolError.malformedResponse`, or the `init(signatures:)` errors.
    public static func parse(_ body: String) throws -> AddCheckpointResponse {
        let bytes = Array(body.utf8)
        guard bytes.last == 0x0A else {
            throw WitnessProtocolError.malformedResponse(
                line: max(1, bytes.count(where: { $0 == 0x0A }) + 1), reason: "the body must be signature lines each ending in a newline")
        }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count <= SignedNote.maxSignatures else {
            throw TlogError.noteTooManySignatures(count: lines.count, limit: SignedNote.maxSignatures)
        }
        let signatures = try lines.enumerated().map { offset, line in
            if let bad = line.firstIndex(where: { $0 < 0x20 }) {
                throw WitnessProtocolError.malformedResponse(line: offset + 1, reason: "control character 0x\(String(line[bad], radix: 16)) in the line")
            }
            do {
                return try SignedNote.parseSignatureLine(line, lineNumber: offset + 1)
            } catch let TlogError.noteMalformedSignatureLine(number, reason) {
                throw WitnessProtocolError.malformedResponse(line: number, reason: reason)
            }
        }
        return try AddCheckpointResponse(signatures: signatures)
    }
}

/// The body of a 409 Conflict from a witness: the size of the latest checkpoint it cosigned
/// for the origin, in decimal, and a newline, with `Content-Type: text/x.tlog.size`. The log
/// retries with that old size and a proof from it.
public struct WitnessConflict: Hashable, Sendable {
    /// The HTTP status.
    public static let status = 409
    /// The media type of the body.
    public static let contentType = "text/x.tlog.size"

    /// The size of the latest checkpoint the witness cosigned for the origin (0 for none).
    public let latestSize: UInt64

    public init(latestSize: UInt64) {
        self.latestSize = latestSize
    }

    /// `<size>\n`.
    public func body() -> String { "\(latestSize)\n" }

    /// Parses a 409 body.
    /// - Throws: `WitnessProtocolError.malformedConflictBody` unless it is a decimal without
    ///   leading zeros followed by exactly one newline.
    public static func parse(_ body: some Collection<UInt8>) throws -> WitnessConflict {
        let bytes = Array(body)
        guard bytes.last == 0x0A, let size = parseCanonicalDecimal(bytes.dropLast()) else {
            throw WitnessProtocolError.malformedConflictBody(String(decoding: bytes, as: UTF8.self))
        }
        return WitnessConflict(latestSize: size)
    }
}
