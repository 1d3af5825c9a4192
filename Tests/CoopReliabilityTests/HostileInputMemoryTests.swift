import CoopCanonicalJSON
import CoopLedger
import Foundation
import Testing

/// Hostile sizes cost bounded memory: limits are checked before the work that grows with input.
@Suite("Hostile input: bounded memory", .serialized)
struct HostileInputMemoryTests {
    static let budget = 16 << 20

    /// Submits `bytes` (signed by the founder) with `coop submit` in a child process and
    /// returns how much more peak memory it needed than submitting a small malformed statement.
    /// The ledger must be left as it was and the child must fail, naming `expected`.
    static func submitGrowth(_ coop: HostileLedger, _ bytes: [UInt8], expected: String) throws -> Int {
        let size = try coop.ledger.store.size()
        func submit(_ statement: [UInt8], name: String) throws -> (errors: String, peak: Int) {
            let file = coop.dir + "/\(name).line"
            try Data(coop.signedByFounder(statement).lineBytes).write(to: URL(fileURLWithPath: file))
            let child = try CoopProcess.Child(["submit", file], in: coop.dir, name: name, environment: ["COOP_REPORT_PEAK_MEMORY": "1"])
            #expect(!child.wait(), "coop submit accepted \(name)")
            guard let peak = child.peakMemory else {
                Issue.record("coop did not report its peak memory: \(child.errors)")
                throw CocoaError(.fileReadCorruptFile)
            }
            return (child.errors, peak)
        }
        let small = try submit(Array("[1,2]".utf8), name: "small")
        let large = try submit(bytes, name: "hostile")
        #expect(large.errors.contains(expected), "stderr: \(large.errors)")
        try expectUnchanged(coop, size: size)
        return large.peak - small.peak
    }

    @Test("a 2 MiB statement is refused by submit with its size; coop's peak RSS grows < 16 MiB")
    func twoMiBString() throws {
        let coop = try HostileLedger()
        let size = try coop.ledger.store.size()
        let (prefix, suffix) = try coop.noteTemplate()
        let bytes = prefix + Array(("\"" + String(repeating: "z", count: 2 << 20) + "\"").utf8) + suffix
        let entry = coop.signedByFounder(bytes)
        let cause = CanonicalJSONError.tooLarge(size: bytes.count, limit: CanonicalJSONOptions.default.maxInputSize)
        #expect(throws: cause) { try CanonicalJSON.decodeCanonical(bytes) }
        #expect(throws: LedgerError.malformedEntry(index: nil, reason: "statement bytes are not canonical JSON: \(cause)")) {
            try SignedEntry(lineBytes: entry.lineBytes).verifiedStatement()
        }
        #expect(throws: LedgerError.malformedEntry(index: size, reason: "statement bytes are not canonical JSON: \(cause)")) {
            try coop.ledger.submit(entry)
        }
        let grew = try Self.submitGrowth(coop, bytes, expected: "\(cause)")
        #expect(grew < Self.budget, "peak RSS grew by \(grew >> 20) MiB")
    }

    @Test("10^5 nested '[' throws tooDeep at the 65th level without deep recursion")
    func deepNesting() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let cause = CanonicalJSONError.tooDeep(offset: 64, limit: 64)
        #expect(throws: cause) { try CanonicalJSON.decodeCanonical(bytes) }
        #expect(throws: cause) { try CanonicalJSON.decode(bytes) }
        // Balanced, within the size limit, still too deep.
        let balanced = bytes + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        #expect(throws: cause) { try CanonicalJSON.decodeCanonical(balanced) }
        let grew = try Self.submitGrowth(try HostileLedger(), balanced, expected: "\(cause)")
        #expect(grew < Self.budget, "peak RSS grew by \(grew >> 20) MiB")
    }

    @Test("64 levels are accepted, 65 are not")
    func depthBoundary() throws {
        func nested(_ n: Int) -> [UInt8] {
            [UInt8](repeating: UInt8(ascii: "["), count: n) + [UInt8](repeating: UInt8(ascii: "]"), count: n)
        }
        _ = try CanonicalJSON.decodeCanonical(nested(64))
        #expect(throws: CanonicalJSONError.tooDeep(offset: 64, limit: 64)) { try CanonicalJSON.decodeCanonical(nested(65)) }
    }

    @Test("an array of 10^5 elements inside the size limit decodes in bounded memory")
    func wideArray() throws {
        let bytes = Array(("[" + String(repeating: "0,", count: 99_999) + "0]").utf8)
        let value = try CanonicalJSON.decodeCanonical(bytes)
        guard case let .array(items) = value else {
            Issue.record("not an array")
            return
        }
        #expect(items.count == 100_000)
        // Through the whole submit path: decoded, then refused as not a statement.
        let grew = try Self.submitGrowth(try HostileLedger(), bytes, expected: "malformed")
        #expect(grew < Self.budget, "peak RSS grew by \(grew >> 20) MiB")
    }
}
