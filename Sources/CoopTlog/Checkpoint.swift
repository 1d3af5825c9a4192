import CoopCrypto

/// The note text of a C2SP transparency-log checkpoint (c2sp.org/tlog-checkpoint, "Note
/// text"):
///
///     <origin>
///     <tree size, decimal, no leading zeros>
///     <base64 of the 32-byte RFC 6962/9162 root hash>
///     [extension lines…]
///
/// every line ending in a newline. The origin only has to be non-empty: it SHOULD be a
/// schema-less URL without spaces or '+', but clients MUST NOT assume so. Extension lines are
/// opaque, optional and, if present, non-empty.
public struct Checkpoint: Hashable, Sendable {
    /// The log's identity, e.g. `example.com/log42`.
    public let origin: String
    /// The number of leaves in the tree.
    public let size: UInt64
    /// MTH of the first `size` leaves.
    public let rootHash: SHA256Digest
    /// Opaque extra lines (the spec does NOT RECOMMEND using them; they are not auditable).
    public let extensions: [String]

    /// A checkpoint from its fields.
    /// - Throws: `.checkpointEmptyOrigin`, `.checkpointEmptyExtensionLine`, or
    ///   `.checkpointInvalidCharacter` when a field holds a newline or control character.
    public init(origin: String, size: UInt64, rootHash: SHA256Digest, extensions: [String] = []) throws {
        guard !origin.isEmpty else { throw TlogError.checkpointEmptyOrigin }
        for (offset, line) in ([origin] + extensions).enumerated() {
            let lineNumber = offset == 0 ? 1 : offset + 3
            guard line.utf8.allSatisfy({ $0 >= 0x20 }) else {
                throw TlogError.checkpointInvalidCharacter(line: lineNumber)
            }
            guard !line.isEmpty else { throw TlogError.checkpointEmptyExtensionLine(line: lineNumber) }
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint note text, checking every rule of the spec.
    public init(body: String) throws {
        let bytes = Array(body.utf8)
        guard bytes.last == 0x0A else { throw TlogError.noteTextMissingFinalNewline }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        for (offset, line) in lines.enumerated() where line.contains(where: { $0 < 0x20 }) {
            throw TlogError.checkpointInvalidCharacter(line: offset + 1)
        }
        guard lines.count >= 3 else { throw TlogError.checkpointTooFewLines(count: lines.count) }
        let text = lines.map { String(decoding: $0, as: UTF8.self) }
        guard !text[0].isEmpty else { throw TlogError.checkpointEmptyOrigin }
        guard let size = parseCanonicalDecimal(lines[1]) else { throw TlogError.checkpointInvalidSize(text[1]) }
        guard let raw = Base64.decode(text[2]), let root = SHA256Digest(bytes: raw) else {
            throw TlogError.checkpointInvalidRootHash(text[2])
        }
        if let empty = text.indices.dropFirst(3).first(where: { text[$0].isEmpty }) {
            throw TlogError.checkpointEmptyExtensionLine(line: empty + 1)
        }
        try self.init(origin: text[0], size: size, rootHash: root, extensions: Array(text.dropFirst(3)))
    }

    /// The note text: origin, size, base64 root hash and extension lines, each ending in "\n".
    public func body() -> String {
        var lines = [origin, String(size), Base64.encode(rootHash.bytes)] + extensions
        lines.append("")
        return lines.joined(separator: "\n")
    }
}

/// Parses ASCII decimal with no leading zeros ("0" alone is allowed) that fits in a UInt64;
/// the canonical form the C2SP formats require for sizes and indexes.
func parseCanonicalDecimal(_ digits: some Collection<UInt8>) -> UInt64? {
    guard let first = digits.first, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
    guard first != 0x30 || digits.count == 1 else { return nil }
    var value: UInt64 = 0
    for digit in digits {
        let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(digit - 0x30))
        guard !overflow1, !overflow2 else { return nil }
        value = sum
    }
    return value
}
