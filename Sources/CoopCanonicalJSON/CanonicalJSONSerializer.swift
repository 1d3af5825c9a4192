/// Writes the RFC 8785 canonical form of a `JSONValue`, checking the profile as it goes.
struct CanonicalJSONSerializer {
    /// The bytes written so far.
    private(set) var output: [UInt8] = []
    private let options: CanonicalJSONOptions
    /// When false (only for `description`), values outside the profile are written instead of
    /// rejected, and keys are sorted by UTF-16 code units as RFC 8785 specifies for any key.
    private let validating: Bool

    init(options: CanonicalJSONOptions, capacity: Int, validating: Bool = true) {
        self.options = options
        self.validating = validating
        output.reserveCapacity(capacity)
    }

    /// A profile violation on its way up, collecting the path from the inside out.
    struct Failure: Error {
        let violation: CanonicalJSONError.ValueViolation
        var reversedPath: [JSONPath.Component] = []

        init(_ violation: CanonicalJSONError.ValueViolation) { self.violation = violation }

        func adding(_ component: JSONPath.Component) -> Failure {
            var copy = self
            copy.reversedPath.append(component)
            return copy
        }
    }

    /// Appends the canonical form of `value`, or throws where it leaves the profile.
    mutating func serialize(_ value: JSONValue) throws(CanonicalJSONError) {
        do {
            try write(value, depth: 0)
        } catch {
            throw .invalidValue(path: JSONPath.render(error.reversedPath.reversed()), violation: error.violation)
        }
        guard output.count <= options.maxInputSize else {
            throw .tooLarge(size: output.count, limit: options.maxInputSize)
        }
    }

    /// Appends `value` without profile checks (requires `validating == false`).
    mutating func writeUnchecked(_ value: JSONValue) {
        try? write(value, depth: 0)
    }

    private mutating func write(_ value: JSONValue, depth: Int) throws(Failure) {
        switch value {
        case .null:
            output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
        case .bool(true):
            output.append(contentsOf: [0x74, 0x72, 0x75, 0x65])  // true
        case .bool(false):
            output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])  // false
        case let .integer(number):
            guard !validating || CanonicalJSON.integerRange.contains(number) else {
                throw Failure(.integerOutOfRange)
            }
            writeInteger(number)
        case let .string(string):
            try writeString(string)
        case let .array(elements):
            guard !validating || depth < options.maxDepth else { throw Failure(.tooDeep(limit: options.maxDepth)) }
            output.append(ASCII.openBracket)
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(ASCII.comma) }
                do { try write(element, depth: depth + 1) } catch { throw error.adding(.index(position)) }
            }
            output.append(ASCII.closeBracket)
        case let .object(members):
            guard !validating || depth < options.maxDepth else { throw Failure(.tooDeep(limit: options.maxDepth)) }
            output.append(ASCII.openBrace)
            var first = true
            for (key, member) in sortedMembers(members) {
                if !first { output.append(ASCII.comma) }
                first = false
                try writeKey(key)
                output.append(ASCII.colon)
                do { try write(member, depth: depth + 1) } catch { throw error.adding(.key(key)) }
            }
            output.append(ASCII.closeBrace)
        }
    }

    /// Members in RFC 8785 order (by UTF-16 code units).
    ///
    /// For ASCII keys, all the profile admits, `String.<` is that order (it compares scalar
    /// values, which for ASCII are the bytes) and takes a memcmp fast path. Non-ASCII keys are
    /// rejected after sorting, so their order only matters when not validating.
    private func sortedMembers(_ members: [String: JSONValue]) -> [(key: String, value: JSONValue)] {
        if members.count < 2 { return Array(members) }
        if validating { return members.sorted { $0.key < $1.key } }
        return members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
    }

    /// Writes a key: printable ASCII only, with `"` and `\` escaped.
    private mutating func writeKey(_ key: String) throws(Failure) {
        if validating {
            guard key.utf8.allSatisfy({ ASCII.printable.contains($0) }) else { throw Failure(.nonASCIIKey(key)) }
        }
        try writeString(key)
    }

    /// Writes a string with exactly the escapes of ECMAScript's `JSON.stringify`.
    private mutating func writeString(_ string: String) throws(Failure) {
        var string = string
        if validating, string.utf8.count > options.maxStringLength {
            throw Failure(.stringTooLong(limit: options.maxStringLength))
        }
        let sawNonASCII = string.withUTF8 { bytes in appendEscaped(bytes) }
        if validating, sawNonASCII, !UnicodeNormalization.isNFC(string) { throw Failure(.notNFC) }
    }

    /// Appends `bytes` (valid UTF-8) as a quoted JSON string; returns whether any was non-ASCII.
    /// Runs of plain bytes are found a word at a time and copied whole.
    private mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        output.append(ASCII.quote)
        var sawNonASCII = false
        var runStart = 0
        var position = ASCII.endOfPlainRun(bytes, from: 0)
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= 0x80 {
                sawNonASCII = true
            } else {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                appendEscape(for: byte)
                runStart = position + 1
            }
            position = ASCII.endOfPlainRun(bytes, from: position + 1)
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        output.append(ASCII.quote)
        return sawNonASCII
    }

    private mutating func appendEscape(for byte: UInt8) {
        output.append(ASCII.backslash)
        switch byte {
        case ASCII.quote, ASCII.backslash: output.append(byte)
        case 0x08: output.append(ASCII.lowerB)
        case 0x0C: output.append(ASCII.lowerF)
        case 0x0A: output.append(ASCII.lowerN)
        case 0x0D: output.append(ASCII.lowerR)
        case 0x09: output.append(ASCII.lowerT)
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            output.append(contentsOf: [ASCII.lowerU, ASCII.zero, ASCII.zero])
            output.append(hexDigits.utf8Start[Int(byte >> 4)])
            output.append(hexDigits.utf8Start[Int(byte & 0xF)])
        }
    }

    /// Plain decimal: optional `-`, no leading zeros (Int64 has no negative zero).
    private mutating func writeInteger(_ number: Int64) {
        if number < 0 { output.append(ASCII.minus) }
        var magnitude = number.magnitude
        if magnitude < 10 {
            output.append(ASCII.zero + UInt8(magnitude))
            return
        }
        let start = output.count
        while magnitude > 0 {
            output.append(ASCII.zero + UInt8(magnitude % 10))
            magnitude /= 10
        }
        output[start...].reverse()
    }
}
