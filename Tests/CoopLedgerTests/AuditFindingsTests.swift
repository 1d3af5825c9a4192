import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import Testing

/// The rules an outside auditor found missing or loose, each provoked on a small ledger.
@Suite("Audit findings: ballots, nested fields, nulls, secretaries, recoveries, keys")
struct AuditFindingsTests {
    static func refused(_ body: () throws -> Void) -> EntryRefusal? { GovernanceLedgerTests.refused(body) }
    func id(_ m: MemberID) -> JSONValue { .string(m.description) }

    static func withProxies() throws -> BylawsFiles {
        try Assembly.bylaws(editing: [
            (
                "    proxies: none\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:",
                "    proxies:\n      per_holder_limit: 1\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:"
            )
        ])
    }

    @Test func onlyActiveMembersVoteGrantOrHoldProxiesAfterOpening() throws {
        var a = try Assembly(bylaws: try Self.withProxies())
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let eve = try a.admit("Eve", class: "therapist"), fay = try a.admit("Fay", class: "therapist")
        let m = try a.propose(.resolution)
        try a.open(m)
        let motion: JSONValue = .string(m.description)
        try a.sign(eve, .proxyGrant, ["motion": motion, "holder": id(cho)])
        try a.sign(a.m1, .memberSuspend, ["member": id(ben), "reason": "unpaid dues"])
        try a.sign(eve, .memberWithdraw, ["member": id(eve)])

        let suspendedVoter = Self.refused { try a.vote(ben, m, "yes") }
        #expect(suspendedVoter?.code == .status && suspendedVoter?.field == nil, "\(String(describing: suspendedVoter))")
        let toSuspended = Self.refused { try a.sign(fay, .proxyGrant, ["motion": motion, "holder": id(ben)]) }
        #expect(toSuspended?.code == .status && toSuspended?.field == "holder")
        let bySuspended = Self.refused { try a.sign(ben, .proxyGrant, ["motion": motion, "holder": id(fay)]) }
        #expect(bySuspended?.code == .status && bySuspended?.field == nil)
        let forWithdrawn = Self.refused { try a.vote(cho, m, "yes", for: eve) }
        #expect(forWithdrawn?.code == .status && forWithdrawn?.field == "for")

        try a.vote(cho, m, "yes")
        try a.sign(a.m1, .memberReinstate, ["member": id(ben), "reason": "paid up"])
        try a.vote(ben, m, "no")  // reinstated: the vote is back
        #expect(try a.verify().ok)
    }

    @Test func aRepeatedElectionBallotIsADuplicateHoweverItIsWritten() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        let m = try a.propose(.election, "Director", extra: ["seats": 1, "candidates": ["Ben", "Cho"]])
        try a.open(m)
        try a.vote(ben, m, "abstain")
        let same = Self.refused { try a.vote(ben, m, []) }  // abstaining, written as no candidates
        #expect(same?.code == .duplicate && same?.field == "choice")
        try a.vote(ben, m, ["Cho"])
        #expect(Self.refused { try a.vote(ben, m, ["Cho"]) }?.code == .duplicate)
        try a.vote(ben, m, [])
        #expect(Self.refused { try a.vote(ben, m, "abstain") }?.code == .duplicate)
    }

    @Test func unknownKeysAreRefusedAtEveryDepth() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        let redemption: JSONValue = ["member": id(ben), "component": "patronage:2025:qualified", "amount": 1000, "extra": 1]
        let r = Self.refused { try a.propose(.resolution, extra: ["redemption": redemption]) }
        #expect(r?.code == .field && r?.field == "redemption.extra", "\(String(describing: r))")
        let tiers: JSONValue = ["supporter": ["monthly": 2000, "classes": ["supporter"], "monthy": 2100]]
        let t = Self.refused { try a.propose(.duesChange, extra: ["tiers": tiers, "effective": "2026-03"]) }
        #expect(t?.code == .field && t?.field == "tiers.supporter.monthy", "\(String(describing: t))")
    }

    @Test func nullIsRefusedInEveryBody() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        let key = try testKey(90).publicKey.text
        let admit = Self.refused { try a.sign(a.m1, .memberAdmit, ["name": "Cy", "key": .string(key), "class": "staff", "tier": nil]) }
        #expect(admit?.code == .field && admit?.field == "tier", "\(String(describing: admit))")
        let note = Self.refused { try a.sign(ben, .note, ["text": "hello", "subject": nil]) }
        #expect(note?.code == .field && note?.field == "subject")
        let redemption: JSONValue = ["member": id(ben), "component": "patronage:2025:qualified", "amount": nil]
        let nested = Self.refused { try a.propose(.resolution, extra: ["redemption": redemption]) }
        #expect(nested?.code == .field && nested?.field == "redemption.amount")
    }

    @Test func onlyAnActiveSecretaryCountsAsTheLastOne() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        for m in [ben, cho] { try a.sign(a.m1, .roleGrant, ["member": id(m), "role": "secretary"]) }
        try a.sign(a.m1, .memberSuspend, ["member": id(ben), "reason": "leave of absence"])
        try a.sign(a.m1, .memberSuspend, ["member": id(cho), "reason": "leave of absence"])
        // m1 is the only active secretary; the suspended holders' roles may still be taken away.
        try a.sign(a.m1, .roleRevoke, ["member": id(ben), "role": "secretary"])
        try a.sign(a.m1, .memberExpel, ["member": id(cho), "reason": "misconduct"])
        let last = Self.refused { try a.sign(a.m1, .roleRevoke, ["member": id(a.m1), "role": "secretary"]) }
        #expect(last?.code == .lastSecretary)
        #expect(try a.verify().ok)
    }

    @Test func aRevocationWithoutANewKeyEndsAPendingRecovery() throws {
        let clock = SettableClock("2026-11-23T12:00:00Z")
        let coop = try TestCoop(members: 3, clock: clock)
        try coop.ledger.append(type: .roleGrant, body: .object(["member": "m2", "role": "treasurer"]), author: coop.m1, key: coop.founder)
        let replacement = try testKey(71)
        try coop.countersigned(.keyRevoke, ["member": "m3", "new_key": .string(replacement.publicKey.text)], by: 2, key: coop.members[0])
        #expect(try coop.ledger.state().pendingRecoveries[coop.id(3)] != nil)
        try coop.countersigned(.keyRevoke, ["member": "m3", "reason": "compromised"], by: 2, key: coop.members[0])
        #expect(try coop.ledger.state().pendingRecoveries[coop.id(3)] == nil)
        clock.set("2026-12-31")
        #expect(throws: LedgerError.self) { try coop.note("never", by: 3, key: replacement) }
        #expect(try coop.ledger.state().members[coop.id(3)]?.key == nil)
        #expect(try coop.verify().ok)
    }

    /// The identity point (small order) and an encoding of y ≥ p (non-canonical).
    static let unusableKeys = [
        "ed25519:" + Base64.encode([1] + [UInt8](repeating: 0, count: 31)),
        "ed25519:" + Base64.encode([UInt8](repeating: 0xFF, count: 31) + [0x7F]),
    ]

    @Test func keysNoOneCanSignForAreRefused() throws {
        var a = try Assembly()
        let ben = try a.admit("Ben", class: "therapist")
        for bad in Self.unusableKeys {
            let admit = Self.refused { try a.sign(a.m1, .memberAdmit, ["name": "Cy", "key": .string(bad), "class": "staff"]) }
            #expect(admit?.code == .field && admit?.field == "key", "\(String(describing: admit))")
            let rotate = Self.refused { try a.sign(ben, .keyRotate, ["new_key": .string(bad)]) }
            #expect(rotate?.code == .field && rotate?.field == "new_key")
        }
        // A recovery's new key (countersigned by a second officer, as the default controls ask).
        let coop = try TestCoop(members: 2)
        try coop.ledger.append(type: .roleGrant, body: .object(["member": "m2", "role": "treasurer"]), author: coop.m1, key: coop.founder)
        let revoke = try #require(throws: LedgerError.self) {
            try coop.countersigned(.keyRevoke, ["member": "m3", "new_key": .string(Self.unusableKeys[1])], by: 2, key: coop.members[0])
        }
        #expect(revoke.refusal?.code == .field && revoke.refusal?.field == "new_key", "\(revoke)")
        // A founder's key, in the genesis.
        let files = try BylawsFilesFixture.shipped()
        let ada = try testKey(1), dir = TempDir()
        let error = try #require(throws: LedgerError.self) {
            try Ledger.create(
                at: dir.file("coop.ledger"), name: "Riverbend", bylawsHash: try files.digest, bylawsFiles: files,
                founders: [
                    Founder(name: "Ada", key: ada.publicKey, roles: [.secretary], memberClass: "therapist"),
                    Founder(name: "Ben", key: try Ed25519.PublicKey(text: Self.unusableKeys[0]), roles: [], memberClass: "staff"),
                ],
                founderKey: ada, ledgerKey: try testKey(200).publicKey, ledgerID: testLedgerID, clock: FixedClock(testTime))
        }
        #expect(error.refusal?.code == .field && error.refusal?.field == "founders[1].key", "\(error)")
    }
}
