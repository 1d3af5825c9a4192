/// Skipping the bytes of a string that need no look of their own, eight at a time.
///
/// Bylaws texts and notes run to kilobytes inside one JSON string, and a snapshot carries every
/// bylaws version: looking at such strings byte by byte (four comparisons each) was the largest
/// part of writing and reading a small snapshot. A word of eight plain bytes is recognised with
/// a few integer operations instead (the standard "has a byte less than n" and "has a zero
/// byte" word tests, which are exact about whether any byte matches).
extension ASCII {
    /// Whether `byte` may stand in a JSON string as it is and needs no further look: 0x20–0x7F
    /// except `"` and `\` (0x7F is plain in values; keys check it themselves).
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != quote && byte != backslash
    }

    /// The index of the first byte at or after `start` that is not plain (`isPlain`), or
    /// `bytes.count` when there is none.
    @inline(__always)
    static func endOfPlainRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while position + 8 <= bytes.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                if mayHoldNonPlain(word) { break }
                position += 8
            }
        }
        while position < bytes.count, isPlain(bytes[position]) { position += 1 }
        return position
    }

    private static var ones: UInt64 { 0x0101_0101_0101_0101 }
    private static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// Whether any of the eight bytes of `word` is not plain; false means all eight are.
    @inline(__always)
    static func mayHoldNonPlain(_ word: UInt64) -> Bool {
        let nonASCII = word & highBits
        let control = (word &- ones &* 0x20) & ~word & highBits
        return nonASCII | control | hasZeroByte(word ^ (ones &* UInt64(quote)))
            | hasZeroByte(word ^ (ones &* UInt64(backslash))) != 0
    }

    /// The high bit of some byte set when any byte of `word` is zero, else 0.
    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }
}

extension ASCII {
    /// The index of the first byte at or after `start` that is not ASCII (0x80 and up), or
    /// `bytes.count` when there is none.
    @inline(__always)
    static func endOfASCIIRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while position + 8 <= bytes.count,
                raw.loadUnaligned(fromByteOffset: position, as: UInt64.self) & highBits == 0
            {
                position += 8
            }
        }
        while position < bytes.count, bytes[position] < 0x80 { position += 1 }
        return position
    }
}
