import Foundation

/// The Normalization Form C check, with a fast path that avoids Foundation for common text.
public enum UnicodeNormalization {
    /// Whether `scalar` alone settles nothing about NFC: it is NFC_Quick_Check=Yes with canonical
    /// combining class 0, so per UAX #15's quick check a string made only of such scalars is NFC.
    ///
    /// The ranges are deliberately few and coarse (verified exhaustively against Foundation by
    /// the tests): everything below U+0300, where combining marks begin; general punctuation
    /// dashes and quotes; currency signs; kana except the combining sound marks U+3099/U+309A;
    /// CJK unified ideographs; precomposed Hangul syllables.
    @inline(__always)
    static func isQuickNFC(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0..<0x300, 0x2010...0x2027, 0x20A0...0x20C0, 0x3041...0x3096, 0x309B...0x30FF,
            0x4E00...0x9FFF, 0xAC00...0xD7A3:
            return true
        default:
            return false
        }
    }

    /// Whether `string` is in NFC (the only form the canonical JSON profile admits). Cheap when
    /// every scalar passes `isQuickNFC`.
    public static func isNFC(_ string: String) -> Bool {
        var string = string
        if string.withUTF8(allQuickNFC) { return true }
        // Compare bytes: `==` on String is canonical equivalence and would always hold.
        return string.precomposedStringWithCanonicalMapping.utf8.elementsEqual(string.utf8)
    }

    /// Whether every scalar of `utf8` (valid UTF-8, as a `String`'s) passes `isQuickNFC`. ASCII,
    /// all of which passes, is skipped a word at a time; only the other scalars are decoded.
    static func allQuickNFC(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var position = 0
        while position < utf8.count {
            position = ASCII.endOfASCIIRun(utf8, from: position)
            guard position < utf8.count else { return true }
            let lead = UInt32(utf8[position])
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard position + length <= utf8.count else { return false }
            var scalar = lead & (0x7F >> UInt32(length))
            for offset in 1..<length { scalar = scalar << 6 | UInt32(utf8[position + offset] & 0x3F) }
            if !isQuickNFC(scalar) { return false }
            position += length
        }
        return true
    }
}
