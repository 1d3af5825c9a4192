import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

/// What FuzzRules checks on one input, shared with `HostileInputCorpusTests` (this file is
/// linked into the fuzz target too): a structure-aware mutation of a valid entry, **re-signed**
/// with the scene's keys (correct sequence and chain), so the fuzzer reaches the rules behind the
/// signature check (the scene has a resolution and a ranked election open, one vote cast).
/// Input: byte 0 picks a template, byte 1 the author (an officer, a member, a
/// supporter), byte 2 the body field to replace (or a new one), the rest the new value as JSON
/// text (a string of those bytes when they are not JSON; none: the template as it is). The entry
/// must be refused with a `LedgerError`, or applied with a state whose snapshot reads back to the
/// same digest and whose equity reconciles (Σ capital accounts + reserve = member equity).
final class RulesFuzzing: @unchecked Sendable {
    let ledger: Ledger
    let state: LedgerState
    let time: Timestamp
    let authors: [(id: MemberID, key: Ed25519.PrivateKey)]
    let templates: [(type: EntryType, body: [String: JSONValue])]
    private let folder: String

    init() throws {
        guard let bylawsFolder = Self.shippedBylaws(), let t0 = Timestamp("2026-02-02T10:00:00Z"), let id = LedgerID(String(repeating: "ab", count: 16)),
            let m1 = MemberID(number: 1), let m2 = MemberID(number: 2), let m3 = MemberID(number: 3)
        else { throw CocoaError(.fileNoSuchFile) }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("coop-fuzz-rules-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let keys = try (1...4).map { n -> Ed25519.PrivateKey in
            var seed = [UInt8](repeating: UInt8(n), count: 32)
            return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
        }
        let bylaws = try BylawsFiles.load(folder: bylawsFolder)
        time = t0
        let ledger = try Ledger.create(
            at: folder + "/rules.ledger", name: "Fuzz Cooperative", bylawsHash: try bylaws.digest, bylawsFiles: bylaws,
            founders: [Founder(name: "Ada", key: keys[0].publicKey, roles: [.secretary, .treasurer, .board], memberClass: "therapist")],
            founderKey: keys[0], ledgerKey: keys[3].publicKey, ledgerID: id, clock: FixedClock(t0))
        try ledger.append(AdmitBody(name: "Ben", key: keys[1].publicKey, memberClass: "therapist"), by: m1, key: keys[0])
        try ledger.append(AdmitBody(name: "Sam", key: keys[2].publicKey, memberClass: "supporter"), by: m1, key: keys[0])
        for (type, body) in [
            (EntryType.duesPay, ["member": JSONValue.string("m2"), "amount": .integer(12_000), "ref": .string("ACH-1")]),
            (.equityShare, ["member": .string("m2"), "amount": .integer(50_000)]),
        ] {
            _ = try ledger.append([Ledger.Draft(type: type, body: .object(body), author: m1, key: keys[0])])
        }
        // Two motions open for votes: a resolution (yes/no) and a ranked election for two seats.
        let resolution = try ledger.state().governance.nextID
        func post(_ type: EntryType, _ body: [String: JSONValue], by author: MemberID = m1, key: Ed25519.PrivateKey? = nil) throws {
            _ = try ledger.append([Ledger.Draft(type: type, body: .object(body), author: author, key: key ?? keys[0])])
        }
        try post(.motionPropose, ["kind": .string("resolution"), "title": .string("Adopt the budget"), "text": .string("Resolved.")])
        _ = try ledger.append(try ledger.state().openBody(for: resolution, openDate: t0.date), by: m1, key: keys[0])
        let election = try ledger.state().governance.nextID
        try post(
            .motionPropose,
            [
                "kind": .string("election"), "title": .string("The board"), "text": .string("Elect two."),
                "method": .string("meek-stv"), "seats": .integer(2), "candidates": .array([.string("Ana"), .string("Ben"), .string("Cho")]),
            ])
        _ = try ledger.append(try ledger.state().openBody(for: election, openDate: t0.date), by: m1, key: keys[0])
        try post(.ballotCast, ["motion": .string(resolution.description), "choice": .string("yes")], by: m2, key: keys[1])
        self.ledger = ledger
        state = try ledger.state()
        let close = try CanonicalJSON.decode(try CanonicalJSONEncoder().encode(try state.closeBody(for: try state.motion(resolution)).body))
        authors = [(m1, keys[0]), (m2, keys[1]), (m3, keys[2])]
        templates = [
            (.note, ["text": .string("Minutes of the meeting.")]),
            (.duesPay, ["member": .string("m2"), "amount": .integer(12_000), "ref": .string("ACH-2"), "method": .string("ach")]),
            (.duesWaive, ["member": .string("m3"), "amount": .integer(1_700), "reason": .string("hardship")]),
            (.duesRefund, ["member": .string("m2"), "amount": .integer(1_000), "reason": .string("overpaid")]),
            (.equityShare, ["member": .string("m1"), "amount": .integer(50_000)]),
            // Refused as it stands (a share is redeemed only after the member leaves): the
            // fuzzer mutates it towards and around that rule.
            (.equityRedeem, ["member": .string("m2"), "amount": .integer(10_000), "component": .string("share")]),
            (.memberAdmit, ["name": .string("Cho"), "key": .string(keys[3].publicKey.text), "class": .string("staff")]),
            (.roleGrant, ["member": .string("m2"), "role": .string("treasurer")]),
            (.memberSuspend, ["member": .string("m3"), "reason": .string("unpaid")]),
            (.motionPropose, ["kind": .string("resolution"), "title": .string("Buy a printer"), "text": .string("Resolved.")]),
            (.ballotCast, ["motion": .string(resolution.description), "choice": .string("no")]),
            (.ballotCast, ["motion": .string(election.description), "choice": .object(["rank": .array([.string("Ben"), .string("Ana")])])]),
            (.motionClose, close.objectValue ?? [:]),
        ]
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The shipped bylaws, found upward from this file (it is compiled both in the tests and,
    /// through a link, in the fuzz package).
    static func shippedBylaws() -> String? {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Bylaws/rules.yaml").path) {
                return url.appendingPathComponent("Bylaws").path
            }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// The entry an input describes, signed by its author; nil when it is not one.
    func entry(_ bytes: [UInt8]) -> SignedEntry? {
        guard bytes.count >= 3 else { return nil }
        let template = templates[Int(bytes[0]) % templates.count]
        let author = authors[Int(bytes[1]) % authors.count]
        var body = template.body
        if bytes.count > 3 {
            let keys = body.keys.sorted() + ["extra"]
            let rest = Array(bytes.dropFirst(3))
            body[keys[Int(bytes[2]) % keys.count]] = (try? CanonicalJSON.decode(rest)) ?? .string(String(decoding: rest, as: UTF8.self))
        }
        return try? ledger.prepare([Ledger.Draft(type: template.type, body: .object(body), author: author.id, key: author.key)]).first
    }

    /// The problem found, or nil.
    func check(_ bytes: [UInt8]) -> (applied: Bool, problem: String?) {
        guard let signed = entry(bytes) else { return (false, nil) }
        var next = state
        do {
            try next.apply(try LogEntry(ledgerTime: time, signed: signed).decode(), index: next.size, catalog: .cooperative)
        } catch is LedgerError {
            return (false, nil)
        } catch {
            return (false, "an entry was refused with \(type(of: error)), not a LedgerError: \(error)")
        }
        do {
            // Equal bytes, equal digests: the state is encoded twice, not three times.
            let bytes = try next.canonicalBytes()
            guard try LedgerState(snapshotBytes: bytes).canonicalBytes() == bytes else {
                return (true, "the state's snapshot does not read back to the same digest")
            }
        } catch {
            return (true, "the state after an applied entry cannot be written or read back: \(error)")
        }
        guard next.registers.totalEquity == next.registers.memberEquity else {
            return (true, "equity does not reconcile: Σ capital accounts + reserve \(next.registers.totalEquity) ≠ \(next.registers.memberEquity)")
        }
        return (true, nil)
    }

    /// One seed per template, as its author would sign it (the officer, or Ben for a note).
    func seeds() -> [(name: String, bytes: [UInt8])] {
        let author: [EntryType: UInt8] = [.note: 1]
        // A type with several templates (votes on two motions) names its later seeds by position.
        return templates.enumerated().map { i, t in
            let first = templates.firstIndex { $0.type == t.type } == i
            return ("seed-\(t.type.rawValue)" + (first ? "" : "-\(i)"), [UInt8(i), author[t.type] ?? 0, 0])
        }
    }

    /// The templates the rules refuse as they stand (the seeds of all others apply).
    static let refusedAsTheyStand: Set<EntryType> = [.equityRedeem]
}
