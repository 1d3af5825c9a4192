/// Everything that can go wrong reading or writing canonical JSON, with where it went wrong.
///
/// Errors found in bytes carry a 0-based byte `offset` into the input. Errors found in a value
/// (encoding a `JSONValue`, or the Codable bridge) carry a `path` such as `$.body.founders[0].name`.
public enum CanonicalJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Input limits and framing

    /// The input (or the canonical output) is longer than the configured limit.
    case tooLarge(size: Int, limit: Int)
    /// The input starts with a UTF-8 byte order mark (EF BB BF).
    case byteOrderMark
    /// A byte that cannot appear here; `expected` says what could.
    case unexpectedByte(offset: Int, found: UInt8, expected: String)
    /// The input ended in the middle of a value.
    case unexpectedEnd(offset: Int, expected: String)
    /// More bytes follow the one top-level value.
    case trailingData(offset: Int)
    /// Objects and arrays are nested deeper than the limit; `offset` is the opening bracket.
    case tooDeep(offset: Int, limit: Int)

    // MARK: Numbers (`offset` is where the number starts)

    /// A number with a fraction or an exponent: the profile has integers only.
    case floatNotAllowed(offset: Int)
    /// An integer outside −(2^53−1) … 2^53−1.
    case integerOutOfRange(offset: Int)
    /// An integer with a superfluous leading zero, such as `01` (RFC 8259 forbids it).
    case leadingZero(offset: Int)
    /// `-0`, which has no distinct integer value and so no canonical form.
    case negativeZero(offset: Int)

    // MARK: Strings and keys

    /// A backslash escape that RFC 8259 does not define, such as `\x` or `\'`.
    case invalidEscape(offset: Int)
    /// Bytes that are not well-formed UTF-8 (including overlong forms and encoded surrogates).
    case invalidUTF8(offset: Int)
    /// A `\uD800`–`\uDFFF` escape that is not half of a high-low surrogate pair.
    case loneSurrogate(offset: Int)
    /// A string that is not in Unicode Normalization Form C; `offset` is its opening quote.
    case notNFC(offset: Int)
    /// A string (or key) whose decoded UTF-8 is longer than the limit; `offset` is its opening quote.
    case stringTooLong(offset: Int, limit: Int)
    /// An object key with a character outside printable ASCII (0x20–0x7E).
    case nonASCIIKey(offset: Int)
    /// An object with the same key twice; `offset` is the second occurrence.
    case duplicateKey(String, offset: Int)

    // MARK: Canonical form

    /// Valid profile JSON, but not byte-for-byte its canonical form; `offset` is the first byte
    /// where the input differs from the canonical encoding of the value it holds.
    case notCanonical(offset: Int)

    // MARK: Values and the Codable bridge

    /// A value outside the profile (found while encoding, or while decoding a float type).
    case invalidValue(path: String, violation: ValueViolation)
    /// The JSON at `path` is not of the kind the Swift type needs.
    case typeMismatch(path: String, expected: String)
    /// The object at `path` lacks a key that the Swift type requires.
    case missingKey(path: String, key: String)
    /// The object at `path` has a key the Swift type does not know (see
    /// `CanonicalJSONDecoder.refusesUnknownNestedKeys`).
    case unknownKey(path: String, key: String)
    /// The integer at `path` does not fit the Swift integer type `type`.
    case integerOverflow(path: String, type: String)
    /// An unkeyed (array) decode at `path` needed more elements than the array has.
    case arrayTooShort(path: String, count: Int)

    /// Why a value is outside the canonical JSON profile.
    public enum ValueViolation: Equatable, Sendable, CustomStringConvertible {
        /// An integer outside −(2^53−1) … 2^53−1.
        case integerOutOfRange
        /// A `Double` or `Float`: the profile has no floating point.
        case floatNotAllowed
        /// An object key with a character outside printable ASCII (0x20–0x7E).
        case nonASCIIKey(String)
        /// A string that is not in Unicode Normalization Form C.
        case notNFC
        /// A string or key whose UTF-8 is longer than the limit.
        case stringTooLong(limit: Int)
        /// Objects and arrays nested deeper than the limit.
        case tooDeep(limit: Int)

        public var description: String {
            switch self {
            case .integerOutOfRange:
                return "the integer is outside -(2^53-1) ... 2^53-1"
            case .floatNotAllowed:
                return "floating-point numbers are not allowed (use integers)"
            case let .nonASCIIKey(key):
                return "the object key \(JSONPath.quoted(key)) has a character outside printable ASCII (0x20-0x7E)"
            case .notNFC:
                return "the string is not in Unicode Normalization Form C"
            case let .stringTooLong(limit):
                return "the string is longer than \(limit) UTF-8 bytes"
            case let .tooDeep(limit):
                return "objects and arrays are nested more than \(limit) deep"
            }
        }
    }

    public var description: String {
        switch self {
        case let .tooLarge(size, limit):
            return "the JSON is \(size) bytes, more than the limit of \(limit)"
        case .byteOrderMark:
            return "the input starts with a byte order mark (EF BB BF), which is not allowed"
        case let .unexpectedByte(offset, found, expected):
            return "unexpected byte \(Self.describe(found)) at offset \(offset); expected \(expected)"
        case let .unexpectedEnd(offset, expected):
            return "the input ends at offset \(offset); expected \(expected)"
        case let .trailingData(offset):
            return "unexpected data after the JSON value at offset \(offset)"
        case let .tooDeep(offset, limit):
            return "nesting deeper than \(limit) levels at offset \(offset)"
        case let .floatNotAllowed(offset):
            return "the number at offset \(offset) has a fraction or exponent; only integers are allowed"
        case let .integerOutOfRange(offset):
            return "the integer at offset \(offset) is outside -(2^53-1) ... 2^53-1"
        case let .leadingZero(offset):
            return "the integer at offset \(offset) has a leading zero"
        case let .negativeZero(offset):
            return "-0 at offset \(offset) is not allowed (write 0)"
        case let .invalidEscape(offset):
            return "invalid escape sequence at offset \(offset)"
        case let .invalidUTF8(offset):
            return "invalid UTF-8 at offset \(offset)"
        case let .loneSurrogate(offset):
            return "the \\u escape at offset \(offset) is an unpaired UTF-16 surrogate"
        case let .notNFC(offset):
            return "the string at offset \(offset) is not in Unicode Normalization Form C"
        case let .stringTooLong(offset, limit):
            return "the string at offset \(offset) is longer than \(limit) UTF-8 bytes"
        case let .nonASCIIKey(offset):
            return "the object key has a character outside printable ASCII (0x20-0x7E) at offset \(offset)"
        case let .duplicateKey(key, offset):
            return "duplicate object key \(JSONPath.quoted(key)) at offset \(offset)"
        case let .notCanonical(offset):
            return "the JSON is not in canonical form: it differs from the canonical encoding at offset \(offset)"
        case let .invalidValue(path, violation):
            return "the value at \(path) is outside the canonical JSON profile: \(violation)"
        case let .typeMismatch(path, expected):
            return "the value at \(path) is not \(expected)"
        case let .missingKey(path, key):
            return "the object at \(path) has no key \(JSONPath.quoted(key))"
        case let .unknownKey(path, key):
            return "the object at \(path) has an unknown key \(JSONPath.quoted(key))"
        case let .integerOverflow(path, type):
            return "the integer at \(path) does not fit in \(type)"
        case let .arrayTooShort(path, count):
            return "the array at \(path) has only \(count) elements; more were expected"
        }
    }

    /// A byte as hex, plus the character when it is printable ASCII.
    private static func describe(_ byte: UInt8) -> String {
        let hexDigits = Array("0123456789ABCDEF")
        let hex = "0x" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0xF)])
        guard byte >= 0x20, byte < 0x7F else { return hex }
        return hex + " ('" + String(UnicodeScalar(byte)) + "')"
    }
}
