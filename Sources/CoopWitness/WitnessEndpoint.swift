import CoopTlog

/// A witness a log asks for cosignatures: its cosigning key and its URL (the submission prefix;
/// `add-checkpoint` is appended).
public struct WitnessEndpoint: Hashable, Sendable {
    public let key: CosignerKey
    /// The base URL, without a final slash.
    public let url: String

    public init(key: CosignerKey, url: String) {
        self.key = key
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// The witness's name (its key name).
    public var name: String { key.name }
}

extension WitnessEndpoint {
    /// Per witness name, the largest size among `checkpoints` (size, signed note) that the
    /// witness validly cosigned: the old size to send it next (a 409 corrects a wrong guess).
    public static func lastCosignedSizes(_ checkpoints: [(size: UInt64, note: String)], witnesses: [CosignerKey]) -> [String: UInt64] {
        var sizes: [String: UInt64] = [:]
        for stored in checkpoints.reversed() where stored.note.contains("\n\u{2014} ") {
            guard let signed = try? SignedCheckpoint.parse(stored.note), let valid = try? signed.verifiedCosignatures(witnesses: witnesses)
            else { continue }
            for cosignature in valid { sizes[cosignature.name] = max(sizes[cosignature.name] ?? 0, stored.size) }
            if sizes.count == witnesses.count { break }
        }
        return sizes
    }
}
