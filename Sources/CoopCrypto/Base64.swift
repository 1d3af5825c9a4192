/// Standard base64 (RFC 4648 §4, with padding). Decoding is strict: it rejects whitespace,
/// missing padding and non-zero trailing bits, so every byte string has exactly one text form.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let input = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = input.count - i
        if rest == 1 {
            let n = UInt32(input[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        } else if rest == 2 {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes canonical padded base64; nil for anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        text.utf8.withContiguousStorageIfAvailable { decode(utf8: $0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { decode(utf8: $0) }
    }

    /// Decodes canonical padded base64 from its UTF-8 bytes (no `String` made on the way).
    public static func decode(utf8 s: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard s.count % 4 == 0 else { return nil }
        var valid = false
        let out = [UInt8](unsafeUninitializedCapacity: s.count / 4 * 3) { buffer, count in
            count = decode(utf8: s, into: UnsafeMutableRawBufferPointer(buffer)) ?? 0
            valid = count > 0 || s.isEmpty
        }
        return valid ? out : nil
    }

    /// Decodes canonical padded base64 into `out`, which must hold `s.count / 4 * 3` bytes;
    /// the number written, or nil for anything but canonical padded base64. A verifier reads a
    /// key from every statement: this decodes it on the stack.
    static func decode(utf8 s: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) -> Int? {
        guard s.count % 4 == 0, out.count >= s.count / 4 * 3 else { return nil }
        var n = 0
        var i = 0
        while i < s.count {
            let last = i + 4 == s.count
            let c0 = reverse[Int(s[i])], c1 = reverse[Int(s[i + 1])]
            guard c0 >= 0, c1 >= 0 else { return nil }
            if last && s[i + 2] == UInt8(ascii: "=") {
                guard s[i + 3] == UInt8(ascii: "="), c1 & 0x0f == 0 else { return nil }
                out[n] = UInt8(c0) << 2 | UInt8(c1) >> 4
                n += 1
            } else if last && s[i + 3] == UInt8(ascii: "=") {
                let c2 = reverse[Int(s[i + 2])]
                guard c2 >= 0, c2 & 0x03 == 0 else { return nil }
                out[n] = UInt8(c0) << 2 | UInt8(c1) >> 4
                out[n + 1] = UInt8(c1 & 0x0f) << 4 | UInt8(c2) >> 2
                n += 2
            } else {
                let c2 = reverse[Int(s[i + 2])], c3 = reverse[Int(s[i + 3])]
                guard c2 >= 0, c3 >= 0 else { return nil }
                out[n] = UInt8(c0) << 2 | UInt8(c1) >> 4
                out[n + 1] = UInt8(c1 & 0x0f) << 4 | UInt8(c2) >> 2
                out[n + 2] = UInt8(c2 & 0x03) << 6 | UInt8(c3)
                n += 3
            }
            i += 4
        }
        return n
    }
}
