import CoopCrypto

/// RFC 8941 §4.2 parsing of dictionaries and items, strict as the RFC requires: any deviation
/// fails the whole field. Byte sequences must be canonical padded base64 (RFC 8941 lets parsers
/// be lenient there; coop is not).
public struct StructuredFieldParser {
    private let bytes: [UInt8]
    private var position = 0

    private init(_ text: String) {
        // Leading and trailing spaces are discarded before parsing (§4.2 steps 2 and 5).
        var bytes = Array(text.utf8)[...]
        while bytes.first == 0x20 { bytes.removeFirst() }
        while bytes.last == 0x20 { bytes.removeLast() }
        self.bytes = Array(bytes)
    }

    /// Parses a field value as a dictionary (§4.2.2).
    /// - Throws: `HTTPSignatureError.malformedStructuredField`.
    public static func parseDictionary(_ text: String) throws -> StructuredField.Dictionary {
        var parser = StructuredFieldParser(text)
        var dictionary = StructuredField.Dictionary()
        while !parser.atEnd {
            let key = try parser.parseKey()
            let member: StructuredField.Member
            if parser.peek == UInt8(ascii: "=") {
                parser.position += 1
                member = try parser.parseItemOrInnerList()
            } else {
                member = .item(StructuredField.Item(.boolean(true), parameters: try parser.parseParameters()))
            }
            dictionary[key] = member
            parser.skipOWS()
            if parser.atEnd { break }
            try parser.expect(UInt8(ascii: ","))
            parser.skipOWS()
            if parser.atEnd { throw parser.failure("a trailing comma") }
        }
        return dictionary
    }

    /// Parses a field value as a single item (§4.2.3).
    public static func parseItem(_ text: String) throws -> StructuredField.Item {
        var parser = StructuredFieldParser(text)
        let item = try parser.parseItem()
        guard parser.atEnd else { throw parser.failure("characters after the item") }
        return item
    }

    // MARK: - Grammar

    private var atEnd: Bool { position >= bytes.count }
    private var peek: UInt8? { atEnd ? nil : bytes[position] }

    private func failure(_ reason: String) -> HTTPSignatureError {
        .malformedStructuredField(reason: reason, offset: position)
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func skipOWS() {
        while let byte = peek, byte == 0x20 || byte == 0x09 { position += 1 }
    }

    private mutating func parseItemOrInnerList() throws -> StructuredField.Member {
        peek == UInt8(ascii: "(") ? .innerList(try parseInnerList()) : .item(try parseItem())
    }

    private mutating func parseInnerList() throws -> StructuredField.InnerList {
        try expect(UInt8(ascii: "("))
        var items: [StructuredField.Item] = []
        while !atEnd {
            while peek == 0x20 { position += 1 }
            if peek == UInt8(ascii: ")") {
                position += 1
                return StructuredField.InnerList(items, parameters: try parseParameters())
            }
            items.append(try parseItem())
            guard peek == 0x20 || peek == UInt8(ascii: ")") else { throw failure("items of an inner list are separated by spaces") }
        }
        throw failure("an inner list without its closing ')'")
    }

    private mutating func parseItem() throws -> StructuredField.Item {
        let value = try parseBareItem()
        return StructuredField.Item(value, parameters: try parseParameters())
    }

    private mutating func parseParameters() throws -> StructuredField.Parameters {
        var parameters = StructuredField.Parameters()
        while peek == UInt8(ascii: ";") {
            position += 1
            while peek == 0x20 { position += 1 }
            let key = try parseKey()
            var value = StructuredField.BareItem.boolean(true)
            if peek == UInt8(ascii: "=") {
                position += 1
                value = try parseBareItem()
            }
            parameters[key] = value
        }
        return parameters
    }

    private mutating func parseKey() throws -> String {
        guard let first = peek, first.isLowercaseLetter || first == UInt8(ascii: "*") else {
            throw failure("a key must start with a lowercase letter or '*'")
        }
        let start = position
        while let byte = peek, byte.isLowercaseLetter || byte.isDigit || "_-.*".utf8.contains(byte) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func parseBareItem() throws -> StructuredField.BareItem {
        guard let first = peek else { throw failure("a value is missing") }
        switch first {
        case UInt8(ascii: "-"), 0x30...0x39: return try parseNumber()
        case UInt8(ascii: "\""): return try parseString()
        case UInt8(ascii: ":"): return try parseByteSequence()
        case UInt8(ascii: "?"): return try parseBoolean()
        case _ where first.isLetter || first == UInt8(ascii: "*"): return parseToken()
        default: throw failure("'\(Character(Unicode.Scalar(first)))' cannot start a value")
        }
    }

    private mutating func parseNumber() throws -> StructuredField.BareItem {
        var negative = false
        if peek == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8]?
        while let byte = peek {
            if byte.isDigit {
                if fractionDigits == nil { integerDigits.append(byte) } else { fractionDigits?.append(byte) }
            } else if byte == UInt8(ascii: "."), fractionDigits == nil {
                guard integerDigits.count <= 12 else { throw failure("a decimal has at most 12 integer digits") }
                fractionDigits = []
            } else {
                break
            }
            position += 1
            guard integerDigits.count <= 15 else { throw failure("an integer has at most 15 digits") }
        }
        guard !integerDigits.isEmpty else { throw failure("a number needs digits") }
        let integer = integerDigits.reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) }
        guard let fraction = fractionDigits else { return .integer(negative ? -integer : integer) }
        guard (1...3).contains(fraction.count) else { throw failure("a decimal has 1 to 3 fraction digits") }
        let scaled = fraction.reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) } * [1, 100, 10, 1][fraction.count]
        let thousandths = integer * 1000 + scaled
        return .decimal(thousandths: negative ? -thousandths : thousandths)
    }

    private mutating func parseString() throws -> StructuredField.BareItem {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while let byte = peek {
            position += 1
            switch byte {
            case UInt8(ascii: "\\"):
                guard let next = peek, next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") else {
                    throw failure("only \\\" and \\\\ are escapes in a string")
                }
                out.append(next)
                position += 1
            case UInt8(ascii: "\""):
                return .string(String(decoding: out, as: UTF8.self))
            case 0x20...0x7E:
                out.append(byte)
            default:
                throw failure("strings hold printable ASCII only")
            }
        }
        throw failure("a string without its closing quote")
    }

    private mutating func parseToken() -> StructuredField.BareItem {
        let start = position
        while let byte = peek, byte.isTokenCharacter || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/") { position += 1 }
        return .token(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    private mutating func parseByteSequence() throws -> StructuredField.BareItem {
        try expect(UInt8(ascii: ":"))
        guard let end = bytes[position...].firstIndex(of: UInt8(ascii: ":")) else {
            throw failure("a byte sequence without its closing ':'")
        }
        guard let decoded = Base64.decode(String(decoding: bytes[position..<end], as: UTF8.self)) else {
            throw failure("a byte sequence must be canonical padded base64")
        }
        position = end + 1
        return .byteSequence(decoded)
    }

    private mutating func parseBoolean() throws -> StructuredField.BareItem {
        try expect(UInt8(ascii: "?"))
        switch peek {
        case UInt8(ascii: "1"):
            position += 1
            return .boolean(true)
        case UInt8(ascii: "0"):
            position += 1
            return .boolean(false)
        default: throw failure("a boolean is ?1 or ?0")
        }
    }
}
