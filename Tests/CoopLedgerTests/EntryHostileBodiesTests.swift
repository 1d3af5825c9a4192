import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Testing

/// Random and hostile bodies for every membership, dues, equity, governance and core entry type
/// (patronage has its own suite): plausible bodies from `HostileScene`, half of them mutated.
/// `check` and `append` must give each item the same verdict, every refusal must be an entry
/// error naming the position, nothing may trap, and the ledger that results must verify.
@Suite("Every entry type: hostile bodies")
struct EntryHostileBodiesTests {
    /// Every body field some entry type reads, so mutations also move fields between types.
    static let fields = [
        "id", "name", "key", "class", "tier", "dues_amount", "member", "role", "new_key", "reason", "text", "subject", "from",
        "amount", "period", "method", "ref", "component", "motion", "kind", "title", "opens", "closes", "choice", "for", "holder",
        "electorate", "ballots", "passed", "yes", "no", "abstain", "votes", "winners", "seats", "candidates", "year",
        "result_hash", "tiers", "effective", "bylaws_files",
    ]

    /// A value of any JSON kind, biased toward ones that nearly make sense; `keys` are public
    /// key texts (fresh, in use, malformed).
    static func value(_ rng: inout SplitMix64, keys: [String]) -> JSONValue {
        func one(_ xs: [String]) -> JSONValue { .string(xs[Int(rng.next() % UInt64(xs.count))]) }
        func nested(_ depth: Int) -> JSONValue { (0..<depth).reduce(JSONValue.integer(1)) { inner, _ in .object(["a": inner]) } }
        switch rng.next() % 20 {
        case 0: return .integer(0)
        case 1: return .integer(-1)
        case 2: return .integer(9_007_199_254_740_991)
        case 3: return .integer(-9_007_199_254_740_991)
        case 4: return .integer(rng.next() % 2 == 0 ? 9_007_199_254_740_992 : Int64.min)  // outside the JSON profile
        case 5: return .integer(Int64(rng.next() % 200_000) - 50_000)
        case 6: return one(["m1", "m2", "m3", "m6", "m7", "m12", "m999", "m0", "m-1", "m01", "M1", "m1 "])
        case 7: return one(["M1", "M2", "M3", "M4", "M9", "M0", "m1", "M01", "M-1"])
        case 8:
            return one([
                "therapist", "staff", "supporter", "surgeon", "sliding", "clinician", "gold", "secretary", "treasurer",
                "board", "auditor", "king", "yes", "no", "abstain", "maybe", "share", "patronage:2026:qualified",
                "patronage:99999:x", "resolution", "election", "bylaws-amendment", "dues-change", "written",
            ])
        case 9:
            return one([
                "2026-02", "2026-13", "2025-12", "2026-02-30", "2026-03-01", "2026-01-20T12:00:00Z",
                "2036-01-20T12:00:00Z", "2026-01-20T12:00:00.5Z", "yesterday",
            ])
        case 10: return one(keys)
        case 11: return one(["", " ", "e\u{301}", "\u{0}", "\u{202E}gnp", "🗳️", "YES", "yes ", "M1\n", "\\", "\"", "null"])
        case 12: return .string(String(repeating: "x", count: [200, 65_536, 65_537][Int(rng.next() % 3)]))
        case 13: return .bool(rng.next() % 2 == 0)
        case 14: return .null
        case 15: return [[], [.integer(1), "m1"], ["Ben", "Ben"], ["Ben", "Cho", "Dev", "Nobody"], [[1]]][Int(rng.next() % 5)]
        case 16: return nested(rng.next() % 2 == 0 ? 3 : 70)  // 70 is past the depth limit
        case 17: return [["monthly": "20.00", "classes": ["staff"]], ["name": "Ben", "votes": 1], [:]][Int(rng.next() % 3)]
        case 18: return .integer(Int64(rng.next() % 3000))
        default: return .integer(Int64(rng.next() % 200_000))
        }
    }

    /// Drops, adds, retypes or replaces one to three fields (mostly the template's own).
    static func mutate(_ fields: inout [String: JSONValue], _ rng: inout SplitMix64, keys: [String]) {
        for _ in 0..<(1 + rng.next() % 3) {
            let own = fields.keys.sorted()
            let field =
                rng.next() % 10 < 7 && !own.isEmpty
                ? own[Int(rng.next() % UInt64(own.count))]
                : Self.fields[Int(rng.next() % UInt64(Self.fields.count))]
            switch rng.next() % 5 {
            case 0: fields[field] = nil
            case 1: fields[["unexpected", "Member", "member ", "é", "x"][Int(rng.next() % 5)]] = value(&rng, keys: keys)
            default: fields[field] = value(&rng, keys: keys)
            }
        }
    }

    /// The entry errors a body can earn; anything else (storage, proofs) is a bug.
    static func isEntryRefusal(_ e: LedgerError, at position: UInt64) -> Bool {
        guard let refusal = e.refusal else { return false }
        switch refusal.code {
        case .malformed: return true  // outside the JSON profile: caught before a position
        case .unauthorized, .unknownAuthor, .keyNotInForce: return refusal.index == position
        default: return bodyCodes.contains(refusal.code) && refusal.index == position
        }
    }

    /// The codes a body's own rule gives; not `invalid`, which only a corrupted state earns.
    static let bodyCodes: Set<EntryRefusal.Code> = [
        .field, .label, .text, .notFound, .status, .duplicate, .amount, .balance, .keyReused, .tooEarly, .tooLate,
        .effectiveDate, .closedPeriod, .bylaws, .notEligible, .electorate, .recount, .notAuthorized, .lastSecretary,
        .nothingPending, .patronage,
    ]

    typealias Item = (type: EntryType, body: JSONValue, author: MemberID, key: Ed25519.PrivateKey)

    /// How many items of each type were accepted and refused.
    struct Tally {
        var accepted: [EntryType: Int] = [:]
        var refused: [EntryType: Int] = [:]
    }

    /// Judges `items` with `check`, then appends every one of them in the same order (a refused
    /// append changes nothing, so both judge each item against the same state), and holds the
    /// two verdicts to each other and every refusal to being an entry error at its position.
    static func judge(_ items: [Item], on ledger: Ledger, _ tally: inout Tally, _ where: String) throws {
        let verdicts = try ledger.check(items)
        var position = try ledger.state().size
        for (item, verdict) in zip(items, verdicts) {
            var appendError: (any Error)?
            do {
                _ = try ledger.append(type: item.type, body: item.body, author: item.author, key: item.key)
            } catch {
                appendError = error
            }
            let context = "\(`where`): \(item.type) by \(item.author): " + "\(item.body)".prefix(300)
            #expect(
                (verdict == nil) == (appendError == nil),
                "check: \(String(describing: verdict)); append: \(String(describing: appendError)); \(context)")
            guard let verdict else {
                tally.accepted[item.type, default: 0] += 1
                position += 1
                continue
            }
            tally.refused[item.type, default: 0] += 1
            let error = verdict as? LedgerError
            #expect(error.map { isEntryRefusal($0, at: position) } == true, "\(verdict); \(context)")
            #expect(error == appendError as? LedgerError, "check: \(verdict); append: \(String(describing: appendError)); \(context)")
        }
    }

    /// Public key texts for mutations: a fresh one, one in use, two malformed.
    static func keyTexts(_ scene: inout HostileScene) throws -> [String] {
        [
            try scene.freshKey().publicKey.text, scene.a.keys[scene.a.m1]!.publicKey.text, "ed25519:AAAA",
            "ed25519:" + String(repeating: "A", count: 43) + "=",
        ]
    }

    /// Checks the ledger a run left: it verifies and its equity control total holds.
    static func expectSound(_ scene: HostileScene, _ where: String) throws {
        let report = try scene.a.verify()
        #expect(report.ok, "\(`where`): \(report.summary)")
        let s = try scene.a.state
        #expect(s.registers.memberEquity == s.registers.totalEquity, "\(`where`)")
    }

    @Test func theTemplatesCoverEveryNonPatronageType() {
        // Patronage types have their own suite; so do the secret-ballot types (SecretBallotHostileTests).
        let secret: Set<EntryType> = [.trusteeKey, .trusteeDeal, .trusteeCheck, .trusteeSetup, .ballotSecret, .motionSeal, .trusteeDecrypt]
        let judged = Set(EntryCatalog.cooperative.types).subtracting([.genesis]).subtracting(secret)
            .filter { !$0.rawValue.hasPrefix("patronage.") }
        #expect(Set(HostileScene.types) == judged, "every entry type needs a template in HostileScene")
    }

    @Test func randomBodiesOfEveryTypeGetOneVerdictAndTheLedgerVerifies() throws {
        var rng = SplitMix64(seed: 20_261_124)
        var tally = Tally()
        // Five cooperatives of 18 days each: long enough for state to build up, short enough
        // that officers lost to revocations and suspensions do not starve the later rounds.
        for epoch in 0..<5 {
            var scene = try HostileScene()
            let start = CivilDate(year: 2026, month: 2, day: 1).daysSinceEpoch
            for round in 0..<18 {
                scene.a.clock.set(CivilDate(daysSinceEpoch: start + Int64(round)).description)
                let s = try scene.a.state
                let keys = try Self.keyTexts(&scene)
                let signers = scene.a.keys.keys.sorted()
                var items: [Item] = []
                for _ in 0..<10 {
                    let type = HostileScene.types[Int(rng.next() % UInt64(HostileScene.types.count))]
                    var (author, fields) = try scene.template(type, s, &rng)
                    var body = JSONValue.object(fields)
                    switch rng.next() % 40 {
                    case 0: body = Self.value(&rng, keys: keys)  // a whole body of any kind
                    case 1...19:
                        Self.mutate(&fields, &rng, keys: keys)
                        body = .object(fields)
                    default: break
                    }
                    if rng.next() % 6 == 0 { author = scene.pick(signers, &rng) ?? author }
                    items.append((type, body, author, scene.a.keys[author]!))
                }
                try Self.judge(items, on: scene.a.ledger, &tally, "epoch \(epoch) round \(round)")
                try scene.learnKeys()
            }
            try Self.expectSound(scene, "epoch \(epoch)")
        }
        // Every type was both accepted (its template still fits the rules) and refused.
        for type in HostileScene.types {
            #expect(tally.accepted[type, default: 0] > 0, "no \(type) was accepted: its template in HostileScene no longer fits")
            #expect(tally.refused[type, default: 0] > 0, "no \(type) was refused")
        }
    }

    /// The values at the edges, each put in every field of every type.
    static let edges: [JSONValue] = [
        .integer(9_007_199_254_740_991), .integer(-9_007_199_254_740_991), .integer(9_007_199_254_740_992), .integer(-1), .integer(0),
        .string(""), .string("e\u{301}"), .string(String(repeating: "x", count: 65_536)), .string(String(repeating: "x", count: 65_537)),
        .bool(true), .null, .array([]), .object(["a": .object(["b": .integer(1)])]),
    ]

    @Test func everyFieldOfEveryTypeTakesEveryEdgeValue() throws {
        var rng = SplitMix64(seed: 20_261_125)
        var scene = try HostileScene()
        var tally = Tally()
        for type in HostileScene.types {
            let (author, fields) = try scene.template(type, try scene.a.state, &rng)
            // The template itself first (so later types find what it made: a grant to revoke, a
            // suspension to lift), then one unknown field, each field dropped, each edge value.
            var items: [Item] = [
                (type, .object(fields), author, scene.a.keys[author]!),
                (type, .object(fields.merging(["unexpected": .integer(1)]) { $1 }), author, scene.a.keys[author]!),
            ]
            for field in fields.keys.sorted() {
                var dropped = fields
                dropped[field] = nil
                items.append((type, .object(dropped), author, scene.a.keys[author]!))
                for edge in Self.edges {
                    items.append((type, .object(fields.merging([field: edge]) { $1 }), author, scene.a.keys[author]!))
                }
            }
            try Self.judge(items, on: scene.a.ledger, &tally, "edges")
            try scene.learnKeys()
        }
        try Self.expectSound(scene, "edges")
        for type in HostileScene.types {
            #expect(tally.accepted[type, default: 0] > 0, "the \(type) template was refused: it no longer fits HostileScene")
        }
    }
}
