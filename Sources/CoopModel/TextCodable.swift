/// A value with exactly one text form, encoded as that string (ids, times, dates).
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Parses the one accepted text form; nil for anything else.
    init?(_ text: String)
    /// What the text form looks like, for error messages.
    static var textFormHint: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "not \(Self.textFormHint): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
