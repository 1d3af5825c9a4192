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
        if string.unicodeScalars.allSatisfy({ isQuickNFC($0.value) }) { return true }
        // Compare bytes: `==` on String is canonical equivalence and would always hold.
        return string.precomposedStringWithCanonicalMapping.utf8.elementsEqual(string.utf8)
    }
}
