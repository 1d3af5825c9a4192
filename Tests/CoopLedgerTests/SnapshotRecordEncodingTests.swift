import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Testing

/// A member record and a chain head are encoded by hand (one `JSONValue` each, not through
/// keyed containers): their snapshot form must stay the one FORMAT.md §5 gives (roles in the
/// order secretary, treasurer, board, auditor), every optional field present or left out, and
/// read back as the same value.
@Suite struct SnapshotRecordEncodingTests {
    static let key = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="

    func text(_ value: some Encodable) throws -> String {
        String(decoding: try CanonicalJSONEncoder().encode(value), as: UTF8.self)
    }

    @Test func aRecordWithEveryFieldHasItsDocumentedForm() throws {
        var record = MemberRecord(
            id: try #require(MemberID("m12")), name: "Ana", key: try Ed25519.PublicKey(text: Self.key), roles: [.treasurer, .board],
            status: .suspended, admittedAt: 7, admittedOn: CivilDate(year: 2026, month: 2, day: 3), memberClass: "therapist", tier: "clinician")
        record.recoveredAt = 40
        record.history = [
            StatusChange(index: 30, date: CivilDate(year: 2026, month: 5, day: 1), status: .suspended),
            StatusChange(index: 31, date: CivilDate(year: 2026, month: 6, day: 1), status: .active),
        ]
        let expected =
            #"{"admitted_at":7,"admitted_on":"2026-02-03","class":"therapist","history":[{"date":"2026-05-01","index":30,"status":"suspended"},"#
            + #"{"date":"2026-06-01","index":31,"status":"active"}],"id":"m12","key":"\#(Self.key)","name":"Ana","recovered_at":40,"#
            + #""roles":["treasurer","board"],"status":"suspended","tier":"clinician"}"#
        #expect(try text(record) == expected)
        #expect(try CanonicalJSONDecoder().decode(MemberRecord.self, from: Array(expected.utf8)) == record)
    }

    @Test func aRecordLeavesAbsentFieldsOut() throws {
        let record = MemberRecord(
            id: try #require(MemberID("m3")), name: "Ben", key: nil, roles: [], admittedAt: 0, admittedOn: CivilDate(year: 2026, month: 1, day: 1))
        let expected = #"{"admitted_at":0,"admitted_on":"2026-01-01","history":[],"id":"m3","name":"Ben","roles":[],"status":"active"}"#
        #expect(try text(record) == expected)
        #expect(try CanonicalJSONDecoder().decode(MemberRecord.self, from: Array(expected.utf8)) == record)
    }

    @Test func aChainHeadHasItsDocumentedForm() throws {
        let digest = SHA256.hash(Array("abc".utf8))
        let head = AuthorHead(seq: 9, hash: digest)
        let expected = #"{"hash":"\#(digest.hex)","seq":9}"#
        #expect(try text(head) == expected)
        #expect(try CanonicalJSONDecoder().decode(AuthorHead.self, from: Array(expected.utf8)) == head)
    }

    @Test func anIndexOutsideTheCanonicalRangeIsAnError() throws {
        let record = MemberRecord(
            id: try #require(MemberID("m3")), name: "Ben", key: nil, roles: [], admittedAt: UInt64(CanonicalJSON.maxSafeInteger) + 1,
            admittedOn: CivilDate(year: 2026, month: 1, day: 1))
        #expect(throws: EncodingError.self) { try text(record) }
    }
}
