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

    /// The text is written digit by digit into one buffer: held to the date's own text and to
    /// the parser, over every second of a day and days from 1970 to 9999.
    @Test func timestampTextsAreTheirDateAndTimeOfDay() throws {
        let lastSecond = try #require(Timestamp("9999-12-31T23:59:59Z")).secondsSinceEpoch
        var seconds: [Int64] = Array(0..<86_400) + [lastSecond, lastSecond - 86_399, 951_782_400, 4_107_542_399]
        var day: Int64 = 0
        while day * 86_400 < lastSecond {
            seconds.append(day * 86_400 + (day * 7_919) % 86_400)
            day += 997
        }
        func padded(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: width - String(n).count) + String(n) }
        for second in seconds {
            let t = Timestamp(secondsSinceEpoch: second)
            let (date, rest) = (t.date, Int(second % 86_400))
            let dateText = padded(date.year, 4) + "-" + padded(date.month, 2) + "-" + padded(date.day, 2)
            #expect(date.description == dateText && CivilDate(dateText) == date, "\(second)")
            let clock = padded(rest / 3600, 2) + ":" + padded(rest % 3600 / 60, 2) + ":" + padded(rest % 60, 2)
            #expect(t.description == dateText + "T" + clock + "Z", "\(second)")
            #expect(Timestamp(t.description) == t, "\(second)")
        }
        // Before 1970 (never parsed, still printed the one way): the date's text, then the time.
        #expect(Timestamp(secondsSinceEpoch: -1).description == "1969-12-31T23:59:59Z")
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
