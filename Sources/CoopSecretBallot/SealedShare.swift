import CoopCrypto

/// One key share sealed to one trustee (`Ristretto255.SealedBox`): the ephemeral element `R`
/// (32 bytes) followed by the XChaCha20-Poly1305 encryption of the 32-byte share and its tag,
/// 80 bytes in all. The box's context is the SHA-512 digest of the transcript
/// `coop/secret-ballot/v1/share-box`: the ceremony's fields, the dealer and the recipient (u64be).
///
/// JSON: standard base64 of the 80 bytes (108 characters).
public struct SealedShare: Codable, Sendable, Hashable {
    /// The length of every sealed share.
    public static let length = Ristretto255.SealedBox.overhead + Ristretto255.encodedLength

    public let bytes: [UInt8]

    /// - Throws: `Ristretto255Error.boxLength` unless 80 bytes.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.length else { throw Ristretto255Error.boxLength(expected: Self.length, actual: bytes.count) }
        self.bytes = bytes
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let raw = Base64.decode(text), raw.count == Self.length else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "not a sealed share (standard base64 of \(Self.length) bytes)"))
        }
        bytes = raw
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Base64.encode(bytes))
    }

    static let domain = "coop/secret-ballot/v1/share-box"

    /// The box context for the share from `dealer` to `recipient`.
    static func context(ceremony: TrusteeCeremony, dealer: Int, recipient: Int) -> [UInt8] {
        var t = ceremony.transcript(domain: domain)
        t.append(UInt64(dealer))
        t.append(UInt64(recipient))
        return t.digest()
    }
}
