import Foundation
import Testing

@testable import CoopCanonicalJSON

/// The word-at-a-time string scanning must agree with the byte-at-a-time rules it replaced, for
/// every byte value at every position within and across eight-byte words.
@Suite("Plain runs in strings")
struct PlainRunTests {
    /// The byte-by-byte definition: 0x20–0x7F except `"` and `\`.
    static func referencePlain(_ byte: UInt8) -> Bool { (0x20...0x7F).contains(byte) && byte != 0x22 && byte != 0x5C }

    /// The byte-by-byte escaping of ECMAScript's `JSON.stringify`, for valid UTF-8.
    static func referenceEscaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in bytes {
            switch byte {
            case 0x22: out += utf8("\\\"")
            case 0x5C: out += utf8("\\\\")
            case 0x08: out += utf8("\\b")
            case 0x0C: out += utf8("\\f")
            case 0x0A: out += utf8("\\n")
            case 0x0D: out += utf8("\\r")
            case 0x09: out += utf8("\\t")
            case 0..<0x20: out += utf8(String(format: "\\u%04x", byte))
            default: out.append(byte)
            }
        }
        return out + [0x22]
    }

    @Test func everyByteAtEveryPositionEndsARunWhereTheByteRuleSays() {
        var mismatches: [String] = []
        for byte in UInt8.min...UInt8.max {
            for length in 1...19 {
                for position in 0..<length {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    bytes[position] = byte
                    for start in 0...min(position + 1, length) {
                        let expected = bytes[start...].firstIndex { !Self.referencePlain($0) } ?? length
                        let found = bytes.withUnsafeBufferPointer { ASCII.endOfPlainRun($0, from: start) }
                        let ascii = bytes.withUnsafeBufferPointer { ASCII.endOfASCIIRun($0, from: start) }
                        if found != expected || ascii != (bytes[start...].firstIndex { $0 >= 0x80 } ?? length) {
                            mismatches.append("byte \(byte) at \(position) of \(length), from \(start)")
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func wordsOfPlainBytesNextToEveryBoundaryValue() {
        // Each byte value next to the edges of the plain range, eight times over, as a word.
        for byte in UInt8.min...UInt8.max {
            let word = [UInt8](repeating: byte, count: 8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(ASCII.mayHoldNonPlain(word) == !Self.referencePlain(byte), "byte \(byte)")
        }
    }

    @Test func everyASCIIByteIsEscapedAsTheByteRuleSaysAtEveryOffset() throws {
        for byte in UInt8(0)..<0x80 {
            for offset in 0..<17 {
                let bytes = [UInt8](repeating: 0x61, count: offset) + [byte] + [UInt8](repeating: 0x62, count: 16 - offset)
                let string = String(decoding: bytes, as: UTF8.self)
                let encoded = try CanonicalJSON.encode(.string(string))
                #expect(encoded == Self.referenceEscaped(bytes), "byte \(byte) at \(offset)")
                #expect(try CanonicalJSON.decodeCanonical(encoded) == .string(string))
            }
        }
    }

    @Test func longTextWithEscapesAndNonASCIIReadsBackExactly() throws {
        let line = "§ 4. Dues — $17 a month, \"tiered\"\\sliding; café\tnaïve\n"
        let text = String(repeating: line, count: 300)
        let encoded = try CanonicalJSON.encode(["text": .string(text)])
        #expect(try CanonicalJSON.decodeCanonical(encoded) == ["text": .string(text)])
        #expect(encoded == utf8("{\"text\":") + Self.referenceEscaped(Array(text.utf8)) + utf8("}"))
    }

    @Test func rawControlBytesAreRefusedAtTheirOffsetInEitherPath() {
        for offset in 0..<17 {
            let plain = utf8("\"") + [UInt8](repeating: 0x61, count: offset) + [0x01] + utf8("\"")
            #expect(decodeError(plain) == .unexpectedByte(offset: 1 + offset, found: 0x01, expected: "a string character (control characters must be escaped)"))
            let escaped = utf8("\"\\n") + [UInt8](repeating: 0x61, count: offset) + [0x1F] + utf8("\"")
            #expect(
                decodeError(escaped) == .unexpectedByte(offset: 3 + offset, found: 0x1F, expected: "a string character (control characters must be escaped)"))
        }
    }

    @Test func deleteIsRefusedInKeysAtItsOffsetAndKeptInValues() throws {
        for offset in 0..<17 {
            let name = [UInt8](repeating: 0x6B, count: offset) + [0x7F] + [UInt8](repeating: 0x6B, count: 3)
            #expect(decodeError(utf8("{\"") + name + utf8("\":1}")) == .nonASCIIKey(offset: 2 + offset))
            #expect(decodeError(utf8("{\"\\\\") + name + utf8("\":1}")) == .nonASCIIKey(offset: 4 + offset))
            let value = try CanonicalJSON.decode(utf8("\"") + name + utf8("\""))
            #expect(value.stringValue.map { Array($0.utf8) } == name)
        }
    }

    @Test func escapedStringsStillKeepTheirLengthLimit() {
        var options = CanonicalJSONOptions.default
        options.maxStringLength = 20
        let fits = utf8("\"\\n") + [UInt8](repeating: 0x61, count: 19) + utf8("\"")
        #expect(decodeError(fits, options: options) == nil)
        let long = utf8("\"\\n") + [UInt8](repeating: 0x61, count: 20) + utf8("\"")
        #expect(decodeError(long, options: options) == .stringTooLong(offset: 0, limit: 20))
    }

    @Test func quickNFCScanDecodesOnlyTheNonASCIIScalars() {
        for offset in 0..<17 {
            let pad = String(repeating: "a", count: offset)
            for (text, isNFC) in [("é", true), ("e\u{301}", false), ("€", true), ("😀", true), ("\u{1E0A}\u{323}", false)] {
                #expect(UnicodeNormalization.isNFC(pad + text + "zz") == isNFC, "\(text) after \(offset)")
                var string = pad + text
                let quick = string.withUTF8(UnicodeNormalization.allQuickNFC)
                #expect(quick == (pad + text).unicodeScalars.allSatisfy { UnicodeNormalization.isQuickNFC($0.value) })
            }
        }
    }
}
