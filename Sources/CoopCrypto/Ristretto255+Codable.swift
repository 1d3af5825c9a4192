/// Elements and public scalars are encoded in JSON as standard base64 (RFC 4648 §4, padded) of
/// their 32-byte canonical encodings: 44 characters. Decoding is strict: the base64 must be
/// canonical and the bytes a canonical element or scalar, else a `DecodingError` says why.
/// `SecretScalar` has no `Codable` conformance on purpose.
extension Ristretto255.Element: Codable {
    /// Decodes standard base64 of a canonical encoding.
    /// - Throws: `Ristretto255Error.invalidText`, `.elementLength` or `.invalidElement`.
    public init(base64 text: String) throws {
        guard let raw = Base64.decode(text) else { throw Ristretto255Error.invalidText(text) }
        try self.init(encoding: raw)
    }

    /// Standard base64 of the encoding.
    public var base64: String { Base64.encode(bytes) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(base64: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base64)
    }
}

extension Ristretto255.Scalar: Codable {
    /// Decodes standard base64 of a canonical scalar.
    /// - Throws: `Ristretto255Error.invalidText`, `.scalarLength` or `.nonCanonicalScalar`.
    public init(base64 text: String) throws {
        guard let raw = Base64.decode(text) else { throw Ristretto255Error.invalidText(text) }
        try self.init(canonicalBytes: raw)
    }

    /// Standard base64 of the encoding.
    public var base64: String { Base64.encode(bytes) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(base64: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base64)
    }
}
