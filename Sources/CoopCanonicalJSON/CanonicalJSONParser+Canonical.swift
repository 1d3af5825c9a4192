/// The inline checks of canonical mode: what the serializer would have written differently.
///
/// Whitespace is checked in `skipWhitespace`. Strings without escapes are always canonical
/// (the parser already rejects raw control characters, and the serializer writes everything
/// else literally), so only escapes and key order need a look here.
extension CanonicalJSONParser {
    /// Whether `byte` is RFC 8259 whitespace.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab || byte == ASCII.lineFeed || byte == ASCII.carriageReturn
    }

    /// Requires `key` to sort strictly after `previous`, as the serializer orders members.
    ///
    /// Keys are printable ASCII, so `String.<` (the serializer's sort) is byte order and RFC
    /// 8785's UTF-16 order. An equal key is reported here too; `decodeCanonical` turns it into
    /// the parser's `duplicateKey`.
    @inline(__always)
    func checkKeyOrder(_ key: String, after previous: String?, at offset: Int) throws(CanonicalJSONError) {
        if let previous, !(previous < key) { throw .notCanonical(offset: offset) }
    }

    /// Requires the escape at `start` (a backslash, already decoded to `scalar`) to be spelled
    /// exactly as the serializer spells `scalar`; throws at the first byte that differs.
    ///
    /// The serializer escapes only `"`, `\` and U+0000–U+001F: the two-character forms where
    /// JSON has them, else `\u00xx` in lowercase hex. Every other scalar is written literally,
    /// so its escape differs at the backslash.
    func checkCanonicalEscape(_ scalar: UInt32, at start: Int) throws(CanonicalJSONError) {
        let short: UInt8
        switch scalar {
        case 0x22: short = ASCII.quote
        case 0x5C: short = ASCII.backslash
        case 0x08: short = ASCII.lowerB
        case 0x0C: short = ASCII.lowerF
        case 0x0A: short = ASCII.lowerN
        case 0x0D: short = ASCII.lowerR
        case 0x09: short = ASCII.lowerT
        case 0..<0x20: short = ASCII.lowerU
        default: throw .notCanonical(offset: start)
        }
        try expect(short, at: start + 1)
        guard short == ASCII.lowerU else { return }
        let hexDigits: StaticString = "0123456789abcdef"
        try expect(ASCII.zero, at: start + 2)
        try expect(ASCII.zero, at: start + 3)
        try expect(hexDigits.utf8Start[Int(scalar >> 4)], at: start + 4)
        try expect(hexDigits.utf8Start[Int(scalar & 0xF)], at: start + 5)
    }

    /// Throws `.notCanonical` at `offset` unless the input holds `byte` there.
    @inline(__always)
    private func expect(_ byte: UInt8, at offset: Int) throws(CanonicalJSONError) {
        guard offset < input.count, input[offset] == byte else { throw .notCanonical(offset: offset) }
    }
}
