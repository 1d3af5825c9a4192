import CoopCrypto

/// RFC 8941 §4.1 serialization. Values built through this module's types are valid by
/// construction except strings, tokens and keys, which are checked here.
extension StructuredField.BareItem {
    /// The canonical text of the item.
    /// - Throws: `HTTPSignatureError.invalidStructuredValue` for an out-of-range integer or
    ///   decimal, a string with a non-printable character, or a malformed token.
    public func serialized() throws -> String {
        switch self {
        case let .integer(value):
            guard abs(value) <= 999_999_999_999_999 else { throw invalid("integer \(value) has more than 15 digits") }
            return String(value)
        case let .decimal(thousandths):
            guard abs(thousandths) <= 999_999_999_999_999 else { throw invalid("decimal has more than 12 integer digits") }
            let magnitude = thousandths.magnitude
            var fraction = String(magnitude % 1000)
            fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
            while fraction.count > 1, fraction.hasSuffix("0") { fraction.removeLast() }
            return (thousandths < 0 ? "-" : "") + String(magnitude / 1000) + "." + fraction
        case let .string(text):
            var out = "\""
            for byte in text.utf8 {
                guard (0x20...0x7E).contains(byte) else { throw invalid("strings hold printable ASCII only") }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out += "\\" }
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
            return out + "\""
        case let .token(text):
            let bytes = Array(text.utf8)
            guard let first = bytes.first, first.isLetter || first == UInt8(ascii: "*"),
                bytes.allSatisfy({ $0.isTokenCharacter || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") })
            else { throw invalid("'\(text.prefix(40))' is not a token") }
            return text
        case let .byteSequence(bytes):
            return ":" + Base64.encode(bytes) + ":"
        case let .boolean(value):
            return value ? "?1" : "?0"
        }
    }

    private func invalid(_ reason: String) -> HTTPSignatureError {
        .invalidStructuredValue(reason)
    }
}

extension StructuredField.Parameters {
    /// `;key=value…`, with `;key` alone for `true`.
    public func serialized() throws -> String {
        try entries.map { entry in
            guard StructuredField.isValidKey(entry.key) else {
                throw HTTPSignatureError.invalidStructuredValue("'\(entry.key.prefix(40))' is not a parameter key")
            }
            return entry.value == .boolean(true) ? ";" + entry.key : ";\(entry.key)=" + (try entry.value.serialized())
        }.joined()
    }
}

extension StructuredField.Item {
    public func serialized() throws -> String {
        try value.serialized() + parameters.serialized()
    }
}

extension StructuredField.InnerList {
    /// `(item item …)` and the parameters.
    public func serialized() throws -> String {
        "(" + (try items.map { try $0.serialized() }.joined(separator: " ")) + ")" + (try parameters.serialized())
    }
}

extension StructuredField.Member {
    public func serialized() throws -> String {
        switch self {
        case let .item(item): return try item.serialized()
        case let .innerList(list): return try list.serialized()
        }
    }
}

extension StructuredField.Dictionary {
    /// `key=member, key=member` (a `true` item without parameters' value is left out).
    public func serialized() throws -> String {
        try members.map { key, member in
            guard StructuredField.isValidKey(key) else {
                throw HTTPSignatureError.invalidStructuredValue("'\(key.prefix(40))' is not a dictionary key")
            }
            if case let .item(item) = member, item.value == .boolean(true) {
                return key + (try item.parameters.serialized())
            }
            return key + "=" + (try member.serialized())
        }.joined(separator: ", ")
    }
}
