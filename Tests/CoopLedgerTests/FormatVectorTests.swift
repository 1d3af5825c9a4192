import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopPatronage
import CoopTlog
import Foundation
import Testing

/// The test vectors in docs/FORMAT.md §13 are regenerated here and must match the document
/// byte for byte. After an intended format change: COOP_WRITE_VECTORS=1 swift test --filter FormatVectorTests
@Suite("docs/FORMAT.md test vectors")
struct FormatVectorTests {
    static let formatPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/FORMAT.md").path
    static let begin = "<!-- vectors:begin -->\n"
    static let end = "<!-- vectors:end -->"

    /// Builds the documented ledger and renders its bytes, hashes and checkpoint. The ledger's
    /// clock moves a minute before each entry from 12:00; m2's note was signed offline at 11:30.
    static func render() throws -> String {
        let clock = SettableClock("2026-11-23T12:00:00Z")
        var minute = 0
        func tick() {
            minute += 1
            clock.set("2026-11-23T12:\(minute < 10 ? "0" : "")\(minute):00Z")
        }
        let coop = try TestCoop(members: 2, clock: clock)
        let m3 = coop.id(3)
        tick()
        let head = try coop.ledger.state().heads[coop.id(2)]
        let offline = Statement(
            ledger: testLedgerID!, author: coop.id(2), key: coop.members[0].publicKey, seq: (head?.seq ?? 0) + 1,
            prev: head?.hash, time: try #require(Timestamp("2026-11-23T11:30:00Z")), type: .note,
            body: .object(["text": "Minutes approved."]))
        try coop.ledger.submit(try SignedEntry.sign(offline, with: coop.members[0]))
        tick()
        try coop.ledger.append(type: .roleGrant, body: .object(["member": "m2", "role": "treasurer"]), author: coop.m1, key: coop.founder)
        tick()
        let rotated = try testKey(12)
        try coop.ledger.append(type: .keyRotate, body: .object(["new_key": .string(rotated.publicKey.text)]), author: m3, key: coop.members[1])
        tick()
        try coop.ledger.append(type: .note, body: .object(["text": "Signed with my new key."]), author: m3, key: rotated)
        tick()
        // m3's key is recovered (dual control: m2 countersigns); the key of seed 0x0d comes into
        // force seven days later.
        try coop.countersigned(
            .keyRevoke, ["member": "m3", "new_key": .string(try testKey(13).publicKey.text), "reason": "lost laptop"],
            by: 2, key: coop.members[0])
        let cp = try coop.ledger.checkpoint(ledgerKey: coop.ledgerKey)
        let state = try coop.ledger.state()

        var out = "```text\n"
        out += "ledger key: \(state.ledgerKey)\n"
        for (name, seed) in [
            ("founder m1", 1), ("member m2", 10), ("member m3", 11), ("m3 rotated", 12), ("m3 recovered", 13),
            ("ledger key", 200),
        ] {
            out += "public key (\(name), seed 0x\(Hex.encode([UInt8(seed)]))): \(try testKey(UInt8(seed)).publicKey.text)\n"
        }
        out += "```\n\nEntries (`index`, entry line, then the entry hash):\n\n```text\n"
        let size = try coop.ledger.store.size()
        for i in 0..<size {
            let e = try coop.ledger.store.entry(at: i)
            out += "\(i) \(String(decoding: e.lineBytes, as: UTF8.self))\n"
            out += "  hash \(e.hash.hex)\n"
        }
        out += "```\n\nTree roots by size:\n\n```text\n"
        for n in 1...size { out += "\(n) \(try coop.ledger.root(size: n).hex)\n" }
        out += "```\n\nInclusion proof of entry 3 in the tree of size \(size) (hex, in order):\n\n```text\n"
        for h in try coop.ledger.inclusionProof(index: 3, size: size).proof { out += h.hex + "\n" }
        out += "```\n\nConsistency proof from size 3 to \(size):\n\n```text\n"
        for h in try coop.ledger.consistencyProof(from: 3, to: size).proof { out += h.hex + "\n" }
        out += "```\n\nState snapshot at size \(size) (its SHA-256 is the checkpoint's state line):\n\n```json\n"
        out += String(decoding: try state.canonicalBytes(), as: UTF8.self) + "\n"
        out += "```\n\nThe signed checkpoint:\n\n```text\n" + cp.note + "```\n\nThe receipt for entry 4:\n\n```text\n"
        out += try Receipt.make(coop.ledger, index: 4) + "```\n"
        out += try patronageVector()
        out += try secretBallotVector()
        return out
    }

    /// A year's patronage result document (§4.2) and its hash: revenue 60% / hours 40%, reserve
    /// 10%, cash 20%; m1 600,000¢ and 300 h (weight 0.66, qualified), m2 400,000¢ and 100 h
    /// (0.34, non-qualified); net surplus 10,000.00, non-patronage income 750.00.
    static func patronageVector() throws -> String {
        let rules = PatronageRules(
            measures: [
                PatronageMeasureRule(name: "revenue", weight: Ratio("60%")!, unit: "cents"),
                PatronageMeasureRule(name: "hours", weight: Ratio("40%")!, unit: "hours"),
            ],
            reserve: Ratio("10%")!, cashPercent: Ratio("20%")!)
        let allocation = try PatronageAllocator.allocate(
            rules: rules, surplus: Money("10000.00")!, nonPatronage: Money("750.00")!,
            members: [
                PatronageInput(member: MemberID(number: 1)!, quantities: ["revenue": 600_000, "hours": 300], qualified: true),
                PatronageInput(member: MemberID(number: 2)!, quantities: ["revenue": 400_000, "hours": 100], qualified: false),
            ])
        let result = try PatronageComputation(
            fiscal: FiscalYear(year: 2026, end: MonthDay("12-31")!),
            rulesVersion: SHA256.hash(Array("example bylaws".utf8)), allocation: allocation)
        return "\nA patronage result document (§4.2) for fiscal year 2026, rules version SHA-256(\"example bylaws\"):\n\n```json\n"
            + String(decoding: result.document, as: UTF8.self) + "\n```\n\nIts result hash:\n\n```text\n" + result.resultHash.hex + "\n```\n"
    }

    @Test func formatDocumentVectorsMatchTheCode() throws {
        let doc = try String(contentsOfFile: Self.formatPath, encoding: .utf8)
        let start = try #require(doc.range(of: Self.begin))
        let stop = try #require(doc.range(of: Self.end))
        let rendered = try Self.render()
        if ProcessInfo.processInfo.environment["COOP_WRITE_VECTORS"] == "1" {
            let updated = String(doc[..<start.upperBound]) + rendered + String(doc[stop.lowerBound...])
            try updated.write(toFile: Self.formatPath, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            String(doc[start.upperBound..<stop.lowerBound]) == rendered,
            "docs/FORMAT.md vectors differ from the code; regenerate with COOP_WRITE_VECTORS=1 if the change is intended")
    }

    @Test func vectorsAreDeterministic() throws {
        #expect(try Self.render() == (try Self.render()))
    }

    @Test func documentedEntriesVerifyIndependently() throws {
        // Re-check the documented entry lines with nothing but the rules of FORMAT.md §3:
        // canonical bytes, signature over the context string, leaf hash.
        let rendered = try Self.render()
        let lines = rendered.split(separator: "\n").filter { $0.first?.isNumber == true && $0.contains(" ") && $0.contains("{") }
        #expect(lines.count == 8)
        for line in lines {
            let entryLine = line.drop(while: { $0 != " " }).dropFirst()
            let entry = try LogEntry(lineBytes: Array(entryLine.utf8))
            let json = try CanonicalJSON.decodeCanonical(entry.statementBytes)
            let key = try Ed25519.PublicKey(text: try #require(json["key"]?.stringValue))
            let signature = try #require(entry.signed.signatures.first)
            let message = Array("coop-entry-v2\n".utf8) + entry.statementBytes
            #expect(key.isValidSignature(signature, for: message))
            let countersigners = json["countersigners"]?.arrayValue ?? []
            #expect(entry.signed.signatures.count == 1 + countersigners.count)
            for (c, sig) in zip(countersigners, entry.signed.signatures.dropFirst()) {
                let ckey = try Ed25519.PublicKey(text: try #require(c["key"]?.stringValue))
                #expect(ckey.isValidSignature(sig, for: message))
            }
            // leaf = uint64 big-endian seconds ‖ signature count ‖ signatures ‖ statement (§3.3).
            let seconds = UInt64(entry.ledgerTime.secondsSinceEpoch)
            let prefix = (0..<8).map { UInt8(truncatingIfNeeded: seconds >> (56 - 8 * $0)) } + [UInt8(entry.signed.signatures.count)]
            #expect(entry.hash == Merkle.leafHash(prefix + entry.signed.signatures.flatMap(\.bytes) + entry.statementBytes))
        }
    }
}
