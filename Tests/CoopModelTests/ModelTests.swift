import CoopModel
import Foundation
import Testing

@Suite("Identifiers, times and dates")
struct ModelTests {
    @Test(arguments: ["m1", "m27", "m9000000000"])
    func memberIDsRoundTrip(_ text: String) throws {
        let id = try #require(MemberID(text))
        #expect(id.description == text)
    }

    @Test(arguments: ["", "m", "m0", "m01", "M1", "m-1", "m1 ", "x7", "m1.5", "m99999999999999999999"])
    func badMemberIDsAreRefused(_ text: String) {
        #expect(MemberID(text) == nil)
    }

    @Test func timestampsHaveOneTextForm() throws {
        let t = try #require(Timestamp("2024-02-29T23:59:59Z"))
        #expect(t.description == "2024-02-29T23:59:59Z")
        #expect(t.date == CivilDate(year: 2024, month: 2, day: 29))
        #expect(Timestamp(secondsSinceEpoch: 0).description == "1970-01-01T00:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: 1_700_000_000).description == "2023-11-14T22:13:20Z")
        for bad in [
            "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00.5Z", "1969-12-31T23:59:59Z",
        ] {
            #expect(Timestamp(bad) == nil, "\(bad)")
        }
    }

    @Test func civilDatesMatchDayCounts() throws {
        #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate("1900-02-29") == nil)
        #expect(CivilDate("2000-02-29") != nil)
    }

    @Test func textCodableValuesEncodeAsTheirText() throws {
        struct Box: Codable, Equatable {
            var member: MemberID
            var at: Timestamp
            var on: CivilDate
            var ledger: LedgerID
        }
        let box = Box(
            member: try #require(MemberID("m3")), at: try #require(Timestamp("2026-11-23T12:00:00Z")),
            on: try #require(CivilDate("2026-11-23")), ledger: try #require(LedgerID("00112233445566778899aabbccddeeff")))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(box), as: UTF8.self)
        #expect(json == #"{"at":"2026-11-23T12:00:00Z","ledger":"00112233445566778899aabbccddeeff","member":"m3","on":"2026-11-23"}"#)
        #expect(try JSONDecoder().decode(Box.self, from: Data(json.utf8)) == box)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Box.self, from: Data(json.replacingOccurrences(of: "m3", with: "m03").utf8))
        }
    }

    @Test func rolesSortInDeclarationOrder() {
        #expect(Role.allCases.sorted() == [.secretary, .treasurer, .board, .auditor])
        #expect([Role.auditor, .secretary].sorted() == [.secretary, .auditor])
    }
}
