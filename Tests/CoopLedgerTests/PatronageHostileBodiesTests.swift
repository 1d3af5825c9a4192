import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Testing

/// Random and hostile bodies for every patronage entry type, judged against a ledger in the
/// middle of a year end: each is refused with a specific entry error or accepted, nothing traps,
/// whatever is accepted keeps the equity invariant, and the ledger that results verifies.
@Suite("Patronage entries: hostile bodies")
struct PatronageHostileBodiesTests {
    static let fields = [
        "member", "measure", "quantity", "year", "period", "method", "date", "bylaws_version", "revoke",
        "surplus", "nonpatronage", "result_hash", "amount", "withheld", "ref", "digest", "total",
    ]

    /// A plausible body of each type (valid at some point of the run), which the test mutates.
    static func templates(approved: String) -> [(EntryType, [String: JSONValue])] {
        [
            (.patronageRecord, ["member": "m2", "measure": "hours", "quantity": 5, "year": 2027]),
            (.patronageConsent, ["member": "m2", "method": "written"]),
            (.patronageCloseYear, ["year": 2026, "surplus": 1_000_000]),
            (.patronageCommit, ["year": 2026, "result_hash": .string(approved)]),
            (.patronagePay, ["member": "m1", "year": 2026, "amount": 10_000]),
            (.patronageNotify, ["year": 2026]),
            (.patronageRevolve, ["year": 2026, "total": 720_000]),
        ]
    }

    /// A value of any JSON kind, biased toward ones that nearly make sense.
    static func value(_ rng: inout SplitMix64) -> JSONValue {
        let hex = String(repeating: "ab", count: 32)
        switch rng.next() % 14 {
        case 0: return .integer(0)
        case 1: return .integer(-1)
        case 2: return .integer(9_007_199_254_740_991)
        case 3: return .integer(-9_007_199_254_740_991)
        case 4: return .integer(Int64(rng.next() % 3000))
        case 5: return .integer(Int64(rng.next() % 2_000_000) - 100_000)
        case 6: return .string(["m1", "m2", "m3", "m999", "M1", ""][Int(rng.next() % 6)])
        case 7: return .string(["revenue", "hours", "sessions", "written", "bylaw", "qualified-check", "nope"][Int(rng.next() % 7)])
        case 8: return .string(["2026-12-01", "2027-01-20", "2026-02-30", "2026-13", "2026-06", "yesterday"][Int(rng.next() % 6)])
        case 9: return .string([hex, String(hex.dropLast()), hex.uppercased()][Int(rng.next() % 3)])
        case 10: return .bool(rng.next() % 2 == 0)
        case 11: return .null
        case 12: return .array([.integer(1), .string("m1")])
        default: return .object(["a": .integer(1)])
        }
    }

    @Test func randomBodiesAreRefusedCleanlyOrKeepTheInvariant() throws {
        let (a, ben) = try PatronageLedgerTests().year2026()
        try a.closeYear(surplus: "10000.00")
        let approved = try a.approve(voters: [a.m1, ben])
        let templates = Self.templates(approved: approved.hex)
        var rng = SplitMix64(seed: 20_261_123)
        var accepted = 0
        for round in 0..<40 {
            var items: [(type: EntryType, body: JSONValue, author: MemberID, key: Ed25519.PrivateKey)] = []
            for _ in 0..<25 {
                var (type, body) = templates[Int(rng.next() % UInt64(templates.count))]
                // Half stay as they are; the rest lose, change or gain fields.
                for _ in 0..<(rng.next() % 2 == 0 ? 0 : 1 + rng.next() % 3) {
                    let field = Self.fields[Int(rng.next() % UInt64(Self.fields.count))]
                    switch rng.next() % 4 {
                    case 0: body[field] = nil
                    case 1: body["unexpected"] = .integer(1)
                    default: body[field] = Self.value(&rng)
                    }
                }
                let author = rng.next() % 5 == 0 ? ben : a.m1
                items.append((type, .object(body), author, a.keys[author]!))
            }
            let refusals = try a.ledger.check(items)
            for refusal in refusals.compactMap({ $0 }) {
                #expect(refusal is LedgerError, "round \(round): \(refusal)")
            }
            // Append what the dry run accepted, one by one, as the real write path judges it.
            for (item, refusal) in zip(items, refusals) where refusal == nil {
                if (try? a.ledger.append(type: item.type, body: item.body, author: item.author, key: item.key)) != nil { accepted += 1 }
            }
            let s = try a.state
            #expect(s.registers.memberEquity == s.registers.totalEquity, "round \(round)")
        }
        #expect(accepted >= 20)  // the run exercised acceptance too
        #expect(try a.state.patronage[2026].commit != nil)
        #expect(try a.verify().ok)
    }
}
