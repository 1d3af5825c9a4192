/// String parsing: escapes, UTF-8 validation, the key alphabet and the NFC check.
extension CanonicalJSONParser {
    /// Parses the string whose opening quote is at `index`.
    ///
    /// Keys (`isKey`) must decode to printable ASCII. The common case, a string without escapes,
    /// is validated in place and turned into a `String` with one copy.
    mutating func parseString(isKey: Bool) throws(CanonicalJSONError) -> String {
        let open = index
        let contentStart = open + 1
        var position = contentStart
        var quickNFC = true
        while true {
            let runStart = position
            position = ASCII.endOfPlainRun(input, from: position)
            if isKey { try refuseDelete(in: runStart..<position) }
            guard position < input.count else { throw unterminated(open) }
            let byte = input[position]
            if byte == ASCII.quote { break }
            if byte == ASCII.backslash {
                return try parseEscapedString(open: open, firstEscape: position, quickNFC: quickNFC, isKey: isKey)
            }
            guard byte >= 0x80 else { throw unescapedControl(byte, at: position) }
            if isKey { throw .nonASCIIKey(offset: position) }
            let (scalar, next) = try decodeUTF8(at: position)
            if quickNFC, !UnicodeNormalization.isQuickNFC(scalar) { quickNFC = false }
            position = next
        }
        guard position - contentStart <= options.maxStringLength else {
            throw .stringTooLong(offset: open, limit: options.maxStringLength)
        }
        let string = String(decoding: UnsafeBufferPointer(rebasing: input[contentStart..<position]), as: UTF8.self)
        index = position + 1
        if !quickNFC, !UnicodeNormalization.isNFC(string) { throw .notNFC(offset: open) }
        return string
    }

    /// The slow path once a backslash appears: decode into a byte buffer.
    private mutating func parseEscapedString(
        open: Int, firstEscape: Int, quickNFC initialQuickNFC: Bool, isKey: Bool
    ) throws(CanonicalJSONError) -> String {
        var quickNFC = initialQuickNFC
        var buffer: [UInt8] = []
        buffer.reserveCapacity(firstEscape - open + 16)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: input[(open + 1)..<firstEscape]))
        var position = firstEscape
        while true {
            let runStart = position
            position = ASCII.endOfPlainRun(input, from: position)
            if runStart < position {
                if isKey { try refuseDelete(in: runStart..<position) }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                if buffer.count > options.maxStringLength {
                    throw .stringTooLong(offset: open, limit: options.maxStringLength)
                }
            }
            guard position < input.count else { throw unterminated(open) }
            let byte = input[position]
            if byte == ASCII.quote { break }
            if byte == ASCII.backslash {
                let (scalar, next) = try decodeEscape(at: position)
                if canonical { try checkCanonicalEscape(scalar, at: position) }
                if isKey, !(0x20...0x7E).contains(scalar) { throw .nonASCIIKey(offset: position) }
                if quickNFC, !UnicodeNormalization.isQuickNFC(scalar) { quickNFC = false }
                Self.appendUTF8(scalar, to: &buffer)
                position = next
            } else if byte < 0x80 {
                throw unescapedControl(byte, at: position)
            } else {
                if isKey { throw .nonASCIIKey(offset: position) }
                let (scalar, next) = try decodeUTF8(at: position)
                if quickNFC, !UnicodeNormalization.isQuickNFC(scalar) { quickNFC = false }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: input[position..<next]))
                position = next
            }
            if buffer.count > options.maxStringLength {
                throw .stringTooLong(offset: open, limit: options.maxStringLength)
            }
        }
        index = position + 1
        let string = String(decoding: buffer, as: UTF8.self)
        if !quickNFC, !UnicodeNormalization.isNFC(string) { throw .notNFC(offset: open) }
        return string
    }

    /// Decodes the escape whose backslash is at `start`: the scalar and the offset after it.
    private func decodeEscape(at start: Int) throws(CanonicalJSONError) -> (scalar: UInt32, next: Int) {
        guard start + 1 < input.count else { throw .unexpectedEnd(offset: input.count, expected: "an escape sequence") }
        switch input[start + 1] {
        case ASCII.quote: return (0x22, start + 2)
        case ASCII.backslash: return (0x5C, start + 2)
        case ASCII.slash: return (0x2F, start + 2)
        case ASCII.lowerB: return (0x08, start + 2)
        case ASCII.lowerF: return (0x0C, start + 2)
        case ASCII.lowerN: return (0x0A, start + 2)
        case ASCII.lowerR: return (0x0D, start + 2)
        case ASCII.lowerT: return (0x09, start + 2)
        case ASCII.lowerU: break
        default: throw .invalidEscape(offset: start)
        }
        let unit = try hex4(at: start + 2)
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate counts only as the first half of an escaped pair.
            guard start + 7 < input.count, input[start + 6] == ASCII.backslash, input[start + 7] == ASCII.lowerU else {
                throw .loneSurrogate(offset: start)
            }
            let low = try hex4(at: start + 8)
            guard (0xDC00...0xDFFF).contains(low) else { throw .loneSurrogate(offset: start) }
            return (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), start + 12)
        case 0xDC00...0xDFFF:
            throw .loneSurrogate(offset: start)
        default:
            return (unit, start + 6)
        }
    }

    /// The value of the four hex digits (either case) at `start`.
    private func hex4(at start: Int) throws(CanonicalJSONError) -> UInt32 {
        guard start + 4 <= input.count else {
            throw .unexpectedEnd(offset: input.count, expected: "four hexadecimal digits")
        }
        var value: UInt32 = 0
        for position in start..<(start + 4) {
            let byte = input[position]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw .unexpectedByte(offset: position, found: byte, expected: "a hexadecimal digit")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Decodes the multi-byte UTF-8 sequence whose lead byte is at `start`.
    ///
    /// Accepts exactly the well-formed sequences of Unicode Table 3-7, so overlong forms, encoded
    /// surrogates (ED A0–BF ..), code points above U+10FFFF and truncated sequences all fail.
    private func decodeUTF8(at start: Int) throws(CanonicalJSONError) -> (scalar: UInt32, next: Int) {
        let lead = input[start]
        let length: Int
        var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF  // the allowed range of the second byte
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            highest = 0x9F
        case 0xF0:
            length = 4
            lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            highest = 0x8F
        default: throw .invalidUTF8(offset: start)
        }
        guard start + length <= input.count else { throw .invalidUTF8(offset: start) }
        let second = input[start + 1]
        guard second >= lowest, second <= highest else { throw .invalidUTF8(offset: start) }
        var scalar = UInt32(lead) & (0x7F >> UInt32(length))  // the lead's payload bits
        scalar = scalar << 6 | UInt32(second & 0x3F)
        for position in (start + 2)..<(start + length) {
            let byte = input[position]
            guard byte & 0xC0 == 0x80 else { throw .invalidUTF8(offset: start) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        return (scalar, start + length)
    }

    /// Appends `scalar` (a valid Unicode scalar value) as UTF-8.
    private static func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            buffer.append(UInt8(scalar))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | scalar >> 6))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | scalar >> 12))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | scalar >> 18))
            buffer.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Keys are printable ASCII: the one byte a plain run may hold that a key may not is DEL.
    private func refuseDelete(in run: Range<Int>) throws(CanonicalJSONError) {
        if let delete = input[run].firstIndex(of: 0x7F) { throw .nonASCIIKey(offset: delete) }
    }

    private func unterminated(_ open: Int) -> CanonicalJSONError {
        .unexpectedEnd(offset: input.count, expected: "'\"' to close the string that starts at offset \(open)")
    }

    private func unescapedControl(_ byte: UInt8, at position: Int) -> CanonicalJSONError {
        .unexpectedByte(offset: position, found: byte, expected: "a string character (control characters must be escaped)")
    }
}
