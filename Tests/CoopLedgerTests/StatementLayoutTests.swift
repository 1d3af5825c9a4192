import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Testing

/// `StatementLayout` (verify's fast path) reads exactly the statements coop writes without
/// countersigners, and whatever it reads is what the general reader gives; everything else it
/// leaves to the general reader.
@Suite struct StatementLayoutTests {
    /// The general reader: parse the canonical bytes, then read the fields.
    func general(_ bytes: [UInt8]) -> Statement? {
        try? Statement(json: CanonicalJSON.decodeCanonical(bytes))
    }

    /// Statements of a small cooperative: admissions (seq 1 and on), notes with text to escape,
    /// a role granted, and a countersigned entry.
    func statements() throws -> (plain: [[UInt8]], countersigned: [[UInt8]]) {
        let coop = try TestCoop(members: 2)
        try coop.note("Minutes — naïve café, \"quoted\"\n\tand a tab", by: 2, key: coop.members[0])
        try coop.note("second", by: 2, key: coop.members[0])
        try coop.ledger.append(
            type: .roleGrant, body: .object(["member": .string("m3"), "role": .string("board")]), author: coop.m1,
            key: coop.founder)
        try coop.countersigned(.note, ["text": .string("dual control")], by: 2, key: coop.members[0])
        let all = try (0..<coop.ledger.store.size()).map { try coop.ledger.store.entry(at: $0).signed }
        return (all.filter { $0.signatures.count == 1 }.map(\.statementBytes), all.filter { $0.signatures.count > 1 }.map(\.statementBytes))
    }

    @Test func everyStatementWithoutCountersignersIsReadTheSameBothWays() throws {
        let (plain, countersigned) = try statements()
        #expect(plain.count == 6 && countersigned.count == 1)
        for bytes in plain {
            let fast = StatementLayout.read(bytes)
            #expect(fast != nil, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(fast == general(bytes))
        }
        // Countersigned statements go the general way.
        for bytes in countersigned { #expect(StatementLayout.read(bytes) == nil && general(bytes) != nil) }
    }

    @Test func aStatementChangedAnywhereIsReadAsTheGeneralReaderReadsItOrLeftToIt() throws {
        let replacements: [UInt8] = [0x00, 0x20, 0x22, 0x2C, 0x30, 0x31, 0x39, 0x3A, 0x5C, 0x61, 0x6D, 0x7B, 0x7D, 0x80, 0xC3]
        var readFast = 0
        for bytes in try statements().plain {
            var variants: [[UInt8]] = (0...bytes.count).map { Array(bytes.prefix($0)) }
            for i in bytes.indices {
                variants.append(Array(bytes[..<i] + bytes[(i + 1)...]))
                for r in replacements where r != bytes[i] {
                    var changed = bytes
                    changed[i] = r
                    variants.append(changed)
                }
            }
            for variant in variants {
                let expected = general(variant)
                if let fast = StatementLayout.read(variant) {
                    readFast += 1
                    #expect(fast == expected, "\(String(decoding: variant, as: UTF8.self))")
                }
            }
        }
        // Some changes keep a valid statement (another digit of seq, another hex digit): read fast.
        #expect(readFast > 0)
    }
}
