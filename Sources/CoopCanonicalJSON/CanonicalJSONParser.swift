/// A strict RFC 8259 parser for the coop profile, reading bytes in place.
///
/// It never builds intermediate strings for structure: it walks an `UnsafeBufferPointer` with an
/// index, checking bounds itself, and only allocates for the values it returns.
///
/// In canonical mode it also checks, inline, that the bytes are exactly the canonical form
/// (see `CanonicalJSONParser+Canonical.swift`), so signed bytes are verified in one pass.
struct CanonicalJSONParser {
    let input: UnsafeBufferPointer<UInt8>
    let options: CanonicalJSONOptions
    /// Whether to reject anything but the canonical form with `.notCanonical(offset:)`.
    let canonical: Bool
    /// The offset of the next byte to read.
    var index = 0

    private init(input: UnsafeBufferPointer<UInt8>, options: CanonicalJSONOptions, canonical: Bool) {
        self.input = input
        self.options = options
        self.canonical = canonical
    }

    /// Parses exactly one JSON value, optionally surrounded by whitespace.
    ///
    /// With `canonical`, whitespace, unsorted keys and escapes the serializer would not write
    /// throw `.notCanonical(offset:)` where they are found. Such an offset can be later than the
    /// first byte that differs from the canonical form (a key out of order is reported where
    /// the order breaks), and the check can fire before an error the parse would find further
    /// on; `CanonicalJSON.decodeCanonical` settles both by asking the reference check.
    static func parse(
        _ input: UnsafeBufferPointer<UInt8>, options: CanonicalJSONOptions, canonical: Bool = false
    ) throws(CanonicalJSONError) -> JSONValue {
        guard input.count <= options.maxInputSize else {
            throw .tooLarge(size: input.count, limit: options.maxInputSize)
        }
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            throw .byteOrderMark
        }
        var parser = CanonicalJSONParser(input: input, options: options, canonical: canonical)
        try parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        try parser.skipWhitespace()
        guard parser.index == input.count else { throw .trailingData(offset: parser.index) }
        return value
    }

    /// Parses, in canonical mode, the one value that starts at `offset` (nothing around it is
    /// read) at nesting depth `depth`; returns it with the offset just after it.
    static func parseCanonicalValue(
        _ input: UnsafeBufferPointer<UInt8>, at offset: Int, depth: Int, options: CanonicalJSONOptions
    ) throws(CanonicalJSONError) -> (value: JSONValue, end: Int) {
        var parser = CanonicalJSONParser(input: input, options: options, canonical: true)
        parser.index = offset
        let value = try parser.parseValue(depth: depth)
        return (value, parser.index)
    }

    /// Skips RFC 8259 whitespace: space, tab, line feed, carriage return.
    ///
    /// In canonical mode there is none to skip: whitespace here is `.notCanonical`.
    @inline(__always)
    mutating func skipWhitespace() throws(CanonicalJSONError) {
        if canonical {
            if index < input.count, Self.isWhitespace(input[index]) { throw .notCanonical(offset: index) }
            return
        }
        while index < input.count {
            switch input[index] {
            case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn: index += 1
            default: return
            }
        }
    }

    /// Parses the value starting at `index`; `depth` counts the containers around it.
    mutating func parseValue(depth: Int) throws(CanonicalJSONError) -> JSONValue {
        guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "a JSON value") }
        switch input[index] {
        case ASCII.quote:
            return .string(try parseString(isKey: false))
        case ASCII.openBrace:
            return try parseObject(depth: depth)
        case ASCII.openBracket:
            return try parseArray(depth: depth)
        case ASCII.minus, ASCII.zero...ASCII.nine:
            return .integer(try parseInteger())
        case ASCII.lowerT:
            try consume("true")
            return .bool(true)
        case ASCII.lowerF:
            try consume("false")
            return .bool(false)
        case ASCII.lowerN:
            try consume("null")
            return .null
        case let byte:
            throw .unexpectedByte(offset: index, found: byte, expected: "a JSON value")
        }
    }

    /// Consumes the literal `word` (`true`, `false` or `null`).
    private mutating func consume(_ word: StaticString) throws(CanonicalJSONError) {
        let expected = word.utf8Start
        for position in 0..<word.utf8CodeUnitCount {
            guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "'\(word)'") }
            guard input[index] == expected[position] else {
                throw .unexpectedByte(offset: index, found: input[index], expected: "'\(word)'")
            }
            index += 1
        }
    }

    private mutating func parseArray(depth: Int) throws(CanonicalJSONError) -> JSONValue {
        guard depth < options.maxDepth else { throw .tooDeep(offset: index, limit: options.maxDepth) }
        index += 1
        try skipWhitespace()
        var elements: [JSONValue] = []
        guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "a JSON value or ']'") }
        if input[index] == ASCII.closeBracket {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth + 1))
            try skipWhitespace()
            guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "',' or ']'") }
            let byte = input[index]
            index += 1
            switch byte {
            case ASCII.comma: try skipWhitespace()
            case ASCII.closeBracket: return .array(elements)
            default: throw .unexpectedByte(offset: index - 1, found: byte, expected: "',' or ']'")
            }
        }
    }

    private mutating func parseObject(depth: Int) throws(CanonicalJSONError) -> JSONValue {
        guard depth < options.maxDepth else { throw .tooDeep(offset: index, limit: options.maxDepth) }
        index += 1
        try skipWhitespace()
        guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "a string key or '}'") }
        if input[index] == ASCII.closeBrace {
            index += 1
            return .object([:])
        }
        // Room for a typical statement object up front saves rehashing as it grows.
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(8)
        // The previous key, for the canonical check that keys strictly increase.
        var previousKey: String?
        while true {
            guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "a string key") }
            guard input[index] == ASCII.quote else {
                throw .unexpectedByte(offset: index, found: input[index], expected: "a string key")
            }
            let keyOffset = index
            let key = try parseString(isKey: true)
            if canonical {
                try checkKeyOrder(key, after: previousKey, at: keyOffset)
                previousKey = key
            }
            try skipWhitespace()
            guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "':'") }
            guard input[index] == ASCII.colon else {
                throw .unexpectedByte(offset: index, found: input[index], expected: "':'")
            }
            index += 1
            try skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            if members.updateValue(value, forKey: key) != nil {
                throw .duplicateKey(key, offset: keyOffset)
            }
            try skipWhitespace()
            guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "',' or '}'") }
            let byte = input[index]
            index += 1
            switch byte {
            case ASCII.comma: try skipWhitespace()
            case ASCII.closeBrace: return .object(members)
            default: throw .unexpectedByte(offset: index - 1, found: byte, expected: "',' or '}'")
            }
        }
    }

    /// Parses an integer: `-`? (`0` | [1-9][0-9]*), with the profile's range and no fraction or
    /// exponent. A fraction or exponent is reported as such even where RFC 8259 would also
    /// reject its form (`1.`), since either way the cause is a non-integer.
    private mutating func parseInteger() throws(CanonicalJSONError) -> Int64 {
        let start = index
        let negative = input[index] == ASCII.minus
        if negative { index += 1 }
        guard index < input.count else { throw .unexpectedEnd(offset: index, expected: "a digit") }
        guard (ASCII.zero...ASCII.nine).contains(input[index]) else {
            throw .unexpectedByte(offset: index, found: input[index], expected: "a digit")
        }
        let digitsStart = index
        var magnitude: Int64 = 0
        while index < input.count, case let byte = input[index], byte >= ASCII.zero, byte <= ASCII.nine {
            // 16 digits cannot overflow Int64; longer numbers are out of range anyway.
            if index - digitsStart < 16 { magnitude = magnitude &* 10 &+ Int64(byte &- ASCII.zero) }
            index += 1
        }
        let digitCount = index - digitsStart
        if index < input.count {
            switch input[index] {
            case ASCII.period, ASCII.lowerE, ASCII.upperE: throw .floatNotAllowed(offset: start)
            default: break
            }
        }
        if digitCount > 1, input[digitsStart] == ASCII.zero { throw .leadingZero(offset: start) }
        guard digitCount <= 16, magnitude <= CanonicalJSON.maxSafeInteger else {
            throw .integerOutOfRange(offset: start)
        }
        if negative, magnitude == 0 { throw .negativeZero(offset: start) }
        return negative ? -magnitude : magnitude
    }
}
