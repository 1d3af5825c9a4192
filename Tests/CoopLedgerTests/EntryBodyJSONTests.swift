import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Testing

/// `EntryBody.json()` returns the encoder's tree without parsing its bytes back: the tree must be
/// what those bytes read back as, and a body outside the profile must still be refused.
@Suite("Entry bodies as JSON")
struct EntryBodyJSONTests {
    func readsBackAsItself(_ body: some EntryBody, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tree = try body.json()
        #expect(tree == (try CanonicalJSON.decode(try CanonicalJSON.encode(tree))), sourceLocation: sourceLocation)
        #expect(tree == (try CanonicalJSON.decode(try CanonicalJSONEncoder().encode(body))), sourceLocation: sourceLocation)
    }

    @Test func theTreeIsWhatItsBytesReadBackAs() throws {
        try readsBackAsItself(NoteBody(text: "Minutes — naïve café, 12 \"quoted\" lines\n\tand a tab ✓", subject: "Board"))
        var proposal = MotionProposeBody(kind: .patronageApproval, title: "Patronage 2026", text: "Resolved: approve.")
        proposal.year = 2026
        proposal.resultHash = SHA256.hash(Array("allocation".utf8))
        try readsBackAsItself(proposal)
        try readsBackAsItself(PatronageRecordBody(member: MemberID(number: 7)!, measure: "revenue", quantity: (1 << 53) - 1, year: 2026))
        try readsBackAsItself(AdmitBody(name: "Zoë Ångström", key: try testKey(3).publicKey))
    }

    @Test func aBodyOutsideTheProfileIsStillRefused() throws {
        // "é" as e + U+0301 (not NFC): the profile refuses it, as it did when the bytes were parsed.
        #expect(throws: CanonicalJSONError.self) { try NoteBody(text: "cafe\u{0301}").json() }
        // An integer beyond ±(2^53 − 1).
        #expect(throws: CanonicalJSONError.self) {
            try PatronageRecordBody(member: MemberID(number: 7)!, measure: "revenue", quantity: 1 << 53, year: 2026).json()
        }
    }
}
