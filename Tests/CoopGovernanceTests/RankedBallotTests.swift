import CoopGovernance
import Foundation
import Testing

@Suite("Ranked ballots, methods and values")
struct RankedBallotTests {
    let names = ["Ann", "Bob", "Cy"]

    @Test func ballotsRankingUnknownOrRepeatedCandidatesAreRefused() throws {
        #expect(try RankedBallot(names: ["Cy", "Ann"], candidates: names).ranking == [2, 0])
        #expect(throws: RankedBallotError.unknownCandidateName(ballot: 4, name: "Eve")) {
            try RankedBallot(names: ["Ann", "Eve"], candidates: names, ballot: 4)
        }
        #expect(throws: RankedBallotError.duplicateCandidate(ballot: 0, name: "Bob")) {
            try RankedBallot(names: ["Bob", "Ann", "Bob"], candidates: names)
        }
        let ballots = [RankedBallot([0]), RankedBallot([]), RankedBallot([1, 3])]
        #expect(throws: RankedBallotError.unknownCandidate(ballot: 2, position: 3, candidates: 3)) {
            try RankedCount.count(candidates: names, ballots: ballots, method: .instantRunoff, seed: drawSeed())
        }
        #expect(throws: RankedBallotError.duplicateCandidate(ballot: 1, name: "Ann")) {
            try RankedCount.count(candidates: names, ballots: [RankedBallot([0]), RankedBallot([0, 2, 0])], method: .instantRunoff, seed: drawSeed())
        }
        #expect(throws: RankedBallotError.unknownCandidate(ballot: 0, position: -1, candidates: 3)) {
            try RankedBallot([-1]).validate(candidates: names)
        }
        #expect(
            RankedBallotError.duplicateCandidate(ballot: 1, name: "Ann").description
                == "ballot 2 ranks \"Ann\" more than once; rank each candidate at most once")
    }

    @Test func unusableElectionsAreRefused() {
        func refused(_ candidates: [String], method: RankedMethod = .scottishSTV(seats: 2), seed: [UInt8] = drawSeed(), error: RankedBallotError) {
            #expect(throws: error) { try RankedCount.count(candidates: candidates, ballots: [], method: method, seed: seed) }
        }
        refused([], error: .noCandidates)
        refused(["Ann", ""], error: .emptyCandidateName(index: 1))
        refused(["Ann", "Ann"], error: .duplicateCandidateName("Ann"))
        refused(["Ann", "Bob\n"], error: .unusableCandidateName("Bob\n"))
        // "Zoë" with its diaeresis as a separate mark (not NFC): no canonical JSON result could
        // hold it (FuzzRanked found a BLT file naming one). Composed, it is counted.
        refused(["Ann", "Zoe\u{0308}"], error: .unnormalizedCandidateName("Zoe\u{0308}"))
        #expect(throws: Never.self) { try RankedCount.count(candidates: ["Ann", "Zo\u{00EB}"], ballots: [], method: .scottishSTV(seats: 2), seed: drawSeed()) }
        refused(names, method: .meekSTV(seats: 0), error: .invalidSeats(0))
        refused(names, seed: [1, 2, 3], error: .invalidSeed(length: 3))
        #expect(RankedBallotError.invalidSeed(length: 3).description.contains("pass the SHA-256 of the motion's open entry"))
    }

    /// Abstentions are ballots but not valid votes: 3 ballots, 1 abstention, quota from 2.
    @Test func abstentionsAreCountedApart() throws {
        let r = try rankedCount(names, [(1, "Ann"), (1, "Bob Ann"), (1, "")], .scottishSTV(seats: 1))
        #expect(r.ballots == 3 && r.abstentions == 1 && r.validBallots == 2 && r.quota.description == "2.00000")
        #expect(RankedBallot([]).isAbstention && !RankedBallot([1]).isAbstention)
    }

    @Test func methodsEncodeAsSmallObjectsWithStableNames() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            String(decoding: try encoder.encode(RankedMethod.scottishSTV(seats: 3)), as: UTF8.self)
                == #"{"method":"scottish-stv","seats":3}"#)
        #expect(String(decoding: try encoder.encode(RankedMethod.meekSTV(seats: 5)), as: UTF8.self) == #"{"method":"meek-stv","seats":5}"#)
        #expect(String(decoding: try encoder.encode(RankedMethod.instantRunoff), as: UTF8.self) == #"{"method":"irv","seats":1}"#)
        let decoder = JSONDecoder()
        #expect(try decoder.decode(RankedMethod.self, from: Data(#"{"method":"irv"}"#.utf8)) == .instantRunoff)
        #expect(try decoder.decode(RankedMethod.self, from: Data(#"{"method":"meek-stv","seats":2}"#.utf8)) == .meekSTV(seats: 2))
        for bad in [
            #"{"method":"irv","seats":2}"#, #"{"method":"scottish-stv","seats":0}"#, #"{"method":"scottish-stv"}"#,
            #"{"method":"stv","seats":2}"#,
        ] {
            #expect(throws: DecodingError.self) { try decoder.decode(RankedMethod.self, from: Data(bad.utf8)) }
        }
    }

    @Test func voteValuesHaveOneLosslessTextForm() throws {
        #expect(VoteValue(units: 1_968_180, places: 5).description == "19.68180")
        #expect(VoteValue(units: 500_000_001, places: 9).description == "0.500000001")
        #expect(VoteValue(units: -150, places: 2).description == "-1.50")
        #expect(VoteValue(units: 7, places: 0).description == "7")
        for text in ["19.68180", "0.500000001", "0.00000", "12", "-3.25"] {
            #expect(VoteValue(text)?.description == text)
        }
        for bad in ["", ".5", "1.", "1.2.3", "1e5", "+1", "1,5", "0.1234567890123456789", "99999999999999999999"] {
            #expect(VoteValue(bad) == nil, "\(bad)")
        }
        #expect(VoteValue("3.99996")! < VoteValue("4.00000")! && VoteValue("4.0")! < VoteValue("4.00")!)
        #expect(VoteValue(whole: 19, places: 5).description == "19.00000")
        let json = try JSONEncoder().encode([VoteValue("0.42424")!])
        #expect(String(decoding: json, as: UTF8.self) == #"["0.42424"]"#)
        #expect(try JSONDecoder().decode([VoteValue].self, from: json) == [VoteValue("0.42424")!])
    }
}
