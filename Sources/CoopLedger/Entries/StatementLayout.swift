import CoopCanonicalJSON
import CoopCrypto
import CoopModel

/// Reads a statement laid out as coop writes every statement without countersigners, with
/// its fields in place instead of through a parsed top-level object (a dictionary of nine
/// values, hashed in and looked up again, was about a tenth of a signature worker's time in
/// `coop verify`):
///
///     {"author":"m7","body":{…},"key":"ed25519:…","ledger":"…","prev":"…","seq":8,
///      "time":"2026-01-01T00:00:00Z","type":"note","v":2}
///
/// (`prev` absent at seq 1). Every string but the body is printable ASCII with nothing to
/// escape, the body is read by the canonical parser, and each field is checked as
/// `Statement.init(json:)` checks it. Anything else (countersigners, an escape, a fault of any
/// kind) is nil, and the caller reads the bytes the general way, which names the fault: so a
/// statement read here is exactly the one `Statement(json: decodeCanonical(bytes))` gives
/// (public so that FuzzEntry and the corpus tests can hold the two readers to that).
public enum StatementLayout {
    /// The statement in `bytes`, or nil when they are not in the common layout.
    public static func read(_ bytes: [UInt8]) -> Statement? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(input: buffer)
            return reader.statement()
        }
    }

    private struct Reader {
        let input: UnsafeBufferPointer<UInt8>
        var index = 0

        /// The longest string field read here; longer ones (never valid) go the general way.
        static let longestString = 256

        mutating func statement() -> Statement? {
            guard input.count <= CanonicalJSONOptions.default.maxInputSize,
                literal("{\"author\":"), let authorText = string(), let author = MemberID(authorText),
                literal(",\"body\":"),
                let (body, end) = CanonicalJSON.canonicalValue(in: input, at: index, depth: 1), case .object = body
            else { return nil }
            index = end
            guard literal(",\"key\":"), let keyText = stringBytes(), let key = Ed25519.PublicKey(textUTF8: keyText),
                literal(",\"ledger\":"), let ledgerText = string(), let ledger = LedgerID(ledgerText)
            else { return nil }
            var prev: SHA256Digest?
            if literal(",\"prev\":") {
                guard let prevText = stringBytes(), let digest = SHA256Digest(hexUTF8: prevText) else { return nil }
                prev = digest
            }
            guard literal(",\"seq\":"), let seq = positiveInteger(), (seq == 1) == (prev == nil),
                literal(",\"time\":"), let timeText = stringBytes(), let time = Timestamp(utf8: timeText),
                literal(",\"type\":"), let type = string(), Statement.isTypeName(type),
                literal(",\"v\":"), positiveInteger() == Statement.formatVersion, literal("}"), index == input.count
            else { return nil }
            return Statement(ledger: ledger, author: author, key: key, seq: seq, prev: prev, time: time, type: EntryType(type), body: body)
        }

        /// Consumes `text` if the input continues with it.
        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard input.count - index >= count else { return false }
            let bytes = text.utf8Start
            for k in 0..<count where input[index + k] != bytes[k] { return false }
            index += count
            return true
        }

        /// A string of printable ASCII other than `"` and `\` (its canonical form is its bytes).
        mutating func string() -> String? {
            stringBytes().map { String(decoding: $0, as: UTF8.self) }
        }

        /// `string()`'s bytes, for fields parsed from them (a key, a hash) with no `String` made.
        mutating func stringBytes() -> UnsafeBufferPointer<UInt8>? {
            guard index < input.count, input[index] == UInt8(ascii: "\"") else { return nil }
            let start = index + 1
            var end = start
            while end < input.count, end - start <= Self.longestString {
                switch input[end] {
                case UInt8(ascii: "\""):
                    index = end + 1
                    return UnsafeBufferPointer(rebasing: input[start..<end])
                case 0x20...0x7E where input[end] != UInt8(ascii: "\\"):
                    end += 1
                default:
                    return nil
                }
            }
            return nil
        }

        /// An integer from 1 to 2^53−1 in canonical form (no sign, no leading zero).
        mutating func positiveInteger() -> Int64? {
            var value: Int64 = 0
            var digits = 0
            while index < input.count, case let byte = input[index], byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if digits == 0, byte == UInt8(ascii: "0") { return nil }
                digits += 1
                guard digits <= 16 else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                index += 1
            }
            guard digits > 0, value <= CanonicalJSON.maxSafeInteger else { return nil }
            return value
        }
    }
}
