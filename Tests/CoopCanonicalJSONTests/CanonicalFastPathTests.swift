import CoopModel
import Testing

@testable import CoopCanonicalJSON

/// Byte-level ways to spoil a canonical encoding, for comparing the inline canonical check with
/// the reference (parse, serialize, compare).
private struct Mutator {
    var rng: SplitMix64

    /// One random mutation of `bytes`, the canonical encoding of some value.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return [UInt8.random(in: 0...255, using: &rng)] }
        let position = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            bytes.insert([0x20, 0x09, 0x0A, 0x0D].randomElement(using: &rng) ?? 0x20, at: position)
        case 1:
            bytes.insert([0x20, 0x09, 0x0A, 0x0D].randomElement(using: &rng) ?? 0x20, at: bytes.count)
        case 2:
            bytes[position] = UInt8.random(in: 0...255, using: &rng)
        case 3:
            bytes.remove(at: position)
        case 4:
            // An ASCII byte (inside a string or not) spelled as a `\u` escape, `/` also as `\/`.
            let byte = bytes[position]
            guard byte >= 0x20, byte < 0x80 else { break }
            if byte == ASCII.slash, Bool.random(using: &rng) {
                bytes.replaceSubrange(position...position, with: [ASCII.backslash, ASCII.slash])
            } else {
                bytes.replaceSubrange(position...position, with: uEscape(UInt32(byte)))
            }
        default:
            // A two-character escape (`\n`, `\"`, …) or `\u00xx` respelled as another `\u` form.
            guard let slash = bytes[position...].firstIndex(of: ASCII.backslash), slash + 1 < bytes.count else { break }
            let length = bytes[slash + 1] == ASCII.lowerU ? 6 : 2
            guard slash + length <= bytes.count,
                let scalar = (try? CanonicalJSON.decode([ASCII.quote] + bytes[slash..<(slash + length)] + [ASCII.quote]))?
                    .stringValue?.unicodeScalars.first?.value
            else { break }
            bytes.replaceSubrange(slash..<(slash + length), with: uEscape(scalar))
        }
        return bytes
    }

    /// `\uXXXX` for a BMP scalar, each hex digit in a random case.
    private mutating func uEscape(_ scalar: UInt32) -> [UInt8] {
        let hex = String(scalar, radix: 16)
        let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return [ASCII.backslash, ASCII.lowerU]
            + padded.utf8.map { digit in
                digit >= 0x61 && Bool.random(using: &rng) ? digit - 0x20 : digit
            }
    }
}

/// The one-pass canonical check agrees with the reference definition of `decodeCanonical`.
@Suite("decodeCanonical inline check")
struct CanonicalFastPathTests {
    /// The outcome of a decode: the value, or the error.
    private static func outcome(
        _ decode: () throws(CanonicalJSONError) -> JSONValue
    ) -> Result<JSONValue, CanonicalJSONError> {
        Result { () throws(CanonicalJSONError) in try decode() }
    }

    /// Checks `bytes`: the inline parse accepts exactly what the reference accepts (with the
    /// same value), and `decodeCanonical` returns exactly the reference's result or error.
    private static func checkAgreement(_ bytes: [UInt8]) -> Bool {
        let reference = outcome { () throws(CanonicalJSONError) in try CanonicalJSON.decodeCanonicalReference(bytes) }
        let inline = outcome { () throws(CanonicalJSONError) in try CanonicalJSON.decodeCanonicalInline(bytes) }
        let full = outcome { () throws(CanonicalJSONError) in try CanonicalJSON.decodeCanonical(bytes) }
        #expect(full == reference, "\(text(bytes))")
        switch (inline, reference) {
        case let (.success(fast), .success(slow)):
            #expect(fast == slow, "\(text(bytes))")
        case (.failure, .failure):
            break
        default:
            Issue.record("inline \(inline) but reference \(reference) for \(text(bytes))")
        }
        if case .success = reference { return true }
        return false
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func agreesOnCanonicalAndMutatedEncodings(seed: UInt64) throws {
        var generator = ValueGenerator(rng: SplitMix64(seed: seed))
        var mutator = Mutator(rng: SplitMix64(seed: seed &+ 100))
        var accepted = 0, rejected = 0
        for _ in 0..<1500 {
            let value = generator.value()
            let canonical = try CanonicalJSON.encode(value)
            #expect(Self.checkAgreement(canonical))
            let relaxed = utf8(generator.relaxedText(value))
            for candidate in [relaxed, mutator.mutate(canonical), mutator.mutate(mutator.mutate(canonical))] {
                if Self.checkAgreement(candidate) { accepted += 1 } else { rejected += 1 }
            }
        }
        // Guards the mutations themselves: they must exercise both outcomes.
        #expect(rejected > 2000)
        #expect(accepted > 100)
    }

    /// Where the inline check finds the problem, it names the reference's offset.
    @Test(arguments: DecodeCanonicalTests.nonCanonical.filter { if case .notCanonical = $0.1 { true } else { false } })
    func inlineOffsetsOfSingleProblems(input: String, error: CanonicalJSONError) {
        let inline = Self.outcome { () throws(CanonicalJSONError) in try CanonicalJSON.decodeCanonicalInline(utf8(input)) }
        guard case let .failure(.notCanonical(offset)) = inline, case let .notCanonical(expected) = error else {
            Issue.record("inline \(inline) for \(input)")
            return
        }
        #expect(offset >= expected)
    }
}
