import CoopCanonicalJSON
import CoopLedger
import Testing

/// Hostile sizes cost bounded memory: limits are checked before the work that grows with input.
@Suite("Hostile input: bounded memory", .serialized)
struct HostileInputMemoryTests {
    static let budget = 64 << 20

    @Test("a 2 MiB statement is refused by submit with its size; peak RSS grows < 64 MiB")
    func twoMiBString() throws {
        let coop = try HostileLedger()
        let size = try coop.ledger.store.size()
        let (prefix, suffix) = try coop.noteTemplate()
        Hostile.resetPeakRSS()
        let before = try Hostile.peakRSS()
        let bytes = prefix + Array(("\"" + String(repeating: "z", count: 2 << 20) + "\"").utf8) + suffix
        let entry = coop.signedByFounder(bytes)
        let line = entry.lineBytes
        let cause = CanonicalJSONError.tooLarge(size: bytes.count, limit: CanonicalJSONOptions.default.maxInputSize)
        #expect(throws: cause) { try CanonicalJSON.decodeCanonical(bytes) }
        #expect(throws: LedgerError.malformedEntry(index: nil, reason: "statement bytes are not canonical JSON: \(cause)")) {
            try SignedEntry(lineBytes: line).decode()
        }
        #expect(throws: LedgerError.malformedEntry(index: size, reason: "statement bytes are not canonical JSON: \(cause)")) {
            try coop.ledger.submit(entry)
        }
        let grew = try Hostile.peakRSS() - before
        #expect(grew < Self.budget, "peak RSS grew by \(grew >> 20) MiB")
        try expectUnchanged(coop, size: size)
    }

    @Test("10^5 nested '[' throws tooDeep at the 65th level without deep recursion")
    func deepNesting() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        Hostile.resetPeakRSS()
        let before = try Hostile.peakRSS()
        #expect(throws: CanonicalJSONError.tooDeep(offset: 64, limit: 64)) { try CanonicalJSON.decodeCanonical(bytes) }
        #expect(throws: CanonicalJSONError.tooDeep(offset: 64, limit: 64)) { try CanonicalJSON.decode(bytes) }
        // Balanced, within the size limit, still too deep.
        let balanced = bytes + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        #expect(throws: CanonicalJSONError.tooDeep(offset: 64, limit: 64)) { try CanonicalJSON.decodeCanonical(balanced) }
        let grew = try Hostile.peakRSS() - before
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
        Hostile.resetPeakRSS()
        let before = try Hostile.peakRSS()
        let value = try CanonicalJSON.decodeCanonical(bytes)
        guard case let .array(items) = value else {
            Issue.record("not an array")
            return
        }
        #expect(items.count == 100_000)
        let grew = try Hostile.peakRSS() - before
        #expect(grew < Self.budget, "peak RSS grew by \(grew >> 20) MiB")
    }
}
