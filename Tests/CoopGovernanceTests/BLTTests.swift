import CoopGovernance
import Testing

@Suite("BLT export and reader")
struct BLTTests {
    let names = ["Ann", "Bob", "Cy"]

    /// Identical rankings become one weighted line, lines sorted by ranking, candidates numbered
    /// from 1, no abstention and nothing of the order ballots were given in.
    @Test func writesTheERSFormat() throws {
        let ballots = [RankedBallot([0, 1]), RankedBallot([2]), RankedBallot([0, 1]), RankedBallot([]), RankedBallot([1, 0, 2])]
        let text = try BLT.write(title: "Board 2026", candidates: names, ballots: ballots, seats: 2)
        #expect(
            text == """
                3 2
                2 1 2 0
                1 2 1 3 0
                1 3 0
                0
                "Ann"
                "Bob"
                "Cy"
                "Board 2026"

                """)
        #expect(try BLT.write(title: "Board 2026", candidates: names, ballots: ballots.reversed(), seats: 2) == text)
    }

    @Test func roundTripRecountsTheSame() throws {
        let e = try BLT.read(GPUS2005.blt)
        let text = try BLT.write(title: e.title, candidates: e.candidates, ballots: e.ballots, seats: e.seats)
        let again = try BLT.read(text)
        #expect(again.title == e.title && again.candidates == e.candidates && again.seats == 4 && again.withdrawn.isEmpty)
        #expect(
            again.ballots.map(\.ranking).sorted { $0.lexicographicallyPrecedes($1) }
                == e.ballots.map(\.ranking).sorted { $0.lexicographicallyPrecedes($1) })
        // 94 ballots, 67 distinct rankings (counted with sort | uniq -c): "7 8 9 11 12" is on 19 of them.
        #expect(text.split(separator: "\n").count == 1 + 67 + 1 + 13 + 1)
        #expect(text.contains("\n19 7 8 9 11 12 0\n"))
        for method in [RankedMethod.scottishSTV(seats: 4), .meekSTV(seats: 4)] {
            let a = try RankedCount.count(candidates: e.candidates, ballots: e.ballots, method: method, seed: drawSeed())
            let b = try RankedCount.count(candidates: again.candidates, ballots: again.ballots, method: method, seed: drawSeed())
            #expect(a == b)
        }
    }

    @Test func readsCommentsWithdrawnCandidatesAndEmptyBallots() throws {
        let e = try BLT.read(
            """
            # a comment
            4 2
            -2
            3 1 3 4 0   # three voters
            1 0
            0
            "Adam" "Basil"
            "Charlotte"
            "Donald"
            "Title"
            """)
        #expect(e.seats == 2 && e.withdrawn == [1] && e.candidates == ["Adam", "Basil", "Charlotte", "Donald"])
        #expect(e.ballots == Array(repeating: RankedBallot([0, 2, 3]), count: 3) + [RankedBallot([])])
    }

    @Test func refusesWhatItCannotReadFaithfully() {
        func fails(_ text: String, _ error: BLTError) {
            #expect(throws: error) { try BLT.read(text) }
        }
        fails("2 1\n1 3 0\n0\n\"A\"\n\"B\"\n\"T\"\n", .candidateOutOfRange(line: 2, number: 3, candidates: 2))
        fails("2 1\n1 1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n", .repeatedCandidate(line: 2, number: 1))
        fails("2 1\n1 1=2 0\n0\n\"A\"\n\"B\"\n\"T\"\n", .unsupported(line: 2, found: "1=2", feature: "equal rankings"))
        fails("2 1\n1 1 2 0\n0\n\"A\"\n\"B\"\n", .unexpectedEnd(expected: "the quoted title"))
        fails("2 1\n1 1 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n5\n", .trailing(line: 7, found: "5"))
        fails("2 1\n1 1 2 0\n0\nA\n", .invalid(line: 4, found: "A", expected: "the quoted name of candidate 1"))
        #expect(BLTError.repeatedCandidate(line: 2, number: 1).description.contains("rank each candidate at most once"))
    }

    @Test func refusesNamesBLTCannotCarry() {
        #expect(throws: RankedBallotError.unusableCandidateName("Ann \"the Axe\"")) {
            try BLT.write(title: "T", candidates: ["Ann \"the Axe\"", "Bob"], ballots: [], seats: 1)
        }
        #expect(throws: RankedBallotError.unusableTitle("two\nlines")) {
            try BLT.write(title: "two\nlines", candidates: names, ballots: [], seats: 1)
        }
        #expect(throws: RankedBallotError.unknownCandidate(ballot: 0, position: 3, candidates: 3)) {
            try BLT.write(title: "T", candidates: names, ballots: [RankedBallot([3])], seats: 1)
        }
    }
}
