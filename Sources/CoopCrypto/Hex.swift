/// Lowercase hexadecimal, strict on input (even length, 0-9 a-f only).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes lowercase hex; nil on odd length or any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        // In place where the string is contiguous UTF-8 (native strings are): every entry
        // verified decodes its ledger id and previous hash here.
        text.utf8.withContiguousStorageIfAvailable { decode(bytes: $0) } ?? decode(bytes: Array(text.utf8))
    }

    private static func decode(bytes utf8: some RandomAccessCollection<UInt8>) -> [UInt8]? {
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let next = utf8.index(after: i)
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[next]) else { return nil }
            out.append(hi << 4 | lo)
            i = utf8.index(after: next)
        }
        return out
    }

    /// Decodes lowercase hex into `out`, which must be exactly half as long; false (and `out`
    /// partly written) for anything else.
    static func decode(utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) -> Bool {
        guard utf8.count == out.count * 2 else { return false }
        // A table and one test for the whole input (a verifier decodes every statement's
        // previous hash: branch by branch, a character at a time, it was 0.4% of a verify).
        var invalid: UInt8 = 0
        nibbles.withUnsafeBufferPointer { table in
            for k in 0..<out.count {
                let hi = table[Int(utf8[2 * k])], lo = table[Int(utf8[2 * k + 1])]
                invalid |= hi | lo
                out[k] = hi << 4 | (lo & 0x0f)
            }
        }
        return invalid & 0xf0 == 0
    }

    /// Each byte's value as a lowercase hex digit, or 0xff.
    private static let nibbles: [UInt8] = (0...255).map { nibble(UInt8($0)) ?? 0xff }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
