import CoopCrypto
import CoopModel
import Testing

@testable import CoopSecretBallot

@Suite("Secret tally: partial decryptions, combination, audit")
struct TallyTests {
    /// A 2-of-3 election with five voters on a 3-choice single-selection ballot.
    struct Election {
        let trustees: Ceremony
        let context: ElectionContext
        let ballots: [CastBallot]
        let tally: EncryptedTally
        let selections: [[Bool]]

        init(seed: UInt64 = 21) throws {
            trustees = try Ceremony(trustees: 3, threshold: 2, seed: seed)
            context = try trustees.context(choices: 3, minimum: 1, maximum: 1)
            let random = SeededRandom(seed: seed + 1)
            selections = [[true, false, false], [false, true, false], [true, false, false], [false, false, true], [true, false, false]]
            let context = self.context
            ballots = try selections.enumerated().map { i, s in
                CastBallot(
                    voter: member(Int64(i + 1)),
                    ballot: try EncryptedBallot.encrypt(selections: s, context: context, voter: member(Int64(i + 1)), random: random))
            }
            tally = try SecretTallyAudit.verifiedTally(context: context, ballots: ballots)
        }

        func partial(_ trustee: Int) throws -> PartialDecryption {
            PartialDecryption.make(tally: tally, context: context, share: try trustees.share(trustee), random: SeededRandom(seed: 500 + UInt64(trustee)))
        }
    }

    @Test func anyTwoOfThreeTrusteesDecryptTheCounts() throws {
        let e = try Election()
        #expect(e.tally.ballots == 5)
        for pair in [[1, 2], [1, 3], [2, 3], [3, 1, 2]] {
            let result = try e.tally.decrypt(partials: try pair.map(e.partial), setup: e.trustees.setup, context: e.context).counts()
            #expect(result.counts == [3, 1, 1])
            #expect(result.trustees == Array(pair.sorted().prefix(2)))
            #expect(result.rejected.isEmpty)
        }
    }

    @Test func aWrongPartialDecryptionIsNamedAndSkippedWhileEnoughHonestOnesRemain() throws {
        let e = try Election()
        var wrong = try e.partial(1)
        wrong.factors[1] = wrong.factors[1] + .generator  // would shift choice 1's count by one
        let result = try e.tally.decrypt(partials: [wrong, try e.partial(2), try e.partial(3)], setup: e.trustees.setup, context: e.context)
        let tally = try result.counts()
        #expect(tally.counts == [3, 1, 1])
        #expect(tally.trustees == [2, 3])
        #expect(tally.rejected == [RejectedPartial(trustee: 1, reason: .proofFails(choice: 1))])
    }

    @Test func withFewerHonestTrusteesThanTheThresholdItWaitsAndSaysSo() throws {
        let e = try Election()
        var wrong = try e.partial(3)
        wrong.proofs[0].response = wrong.proofs[0].response + .one
        let result = try e.tally.decrypt(partials: [try e.partial(1), wrong], setup: e.trustees.setup, context: e.context)
        #expect(result == .waiting(valid: [1], threshold: 2, rejected: [RejectedPartial(trustee: 3, reason: .proofFails(choice: 0))]))
        do {
            _ = try result.counts()
            Issue.record("an incomplete tally gave counts")
        } catch let error as SecretBallotError {
            #expect(
                error.description == "1 valid partial decryptions of the 2 needed (trustees 1); "
                    + "rejected: trustee 3: the proof of correct decryption fails for choice 0; waiting for 1 more trustee")
        }
        #expect(
            try e.tally.decrypt(partials: [], setup: e.trustees.setup, context: e.context)
                == .waiting(valid: [], threshold: 2, rejected: []))
    }

    @Test func partialDecryptionsAreBoundToTrusteeTallyAndElection() throws {
        let e = try Election()
        let p2 = try e.partial(2)
        var claimedByOther = p2
        claimedByOther.trustee = 1  // trustee 2's work posted as trustee 1's
        var unknown = p2
        unknown.trustee = 9
        var short = p2
        short.factors.removeLast()
        let result = try e.tally.decrypt(partials: [claimedByOther, unknown, short, p2, p2], setup: e.trustees.setup, context: e.context)
        #expect(
            result
                == .waiting(
                    valid: [2], threshold: 2,
                    rejected: [
                        RejectedPartial(trustee: 1, reason: .proofFails(choice: 0)),
                        RejectedPartial(trustee: 9, reason: .unknownTrustee),
                        RejectedPartial(trustee: 2, reason: .wrongShape(factors: 2, proofs: 3, choices: 3)),
                        RejectedPartial(trustee: 2, reason: .duplicate),
                    ]))
        // A partial decryption of another tally (one ballot fewer) does not verify for this one.
        let smaller = try SecretTallyAudit.verifiedTally(context: e.context, ballots: Array(e.ballots.dropLast()))
        let forSmaller = PartialDecryption.make(tally: smaller, context: e.context, share: try e.trustees.share(3))
        let mixed = try e.tally.decrypt(partials: [try e.partial(1), forSmaller], setup: e.trustees.setup, context: e.context)
        #expect(mixed == .waiting(valid: [1], threshold: 2, rejected: [RejectedPartial(trustee: 3, reason: .proofFails(choice: 0))]))
    }

    @Test func theAuditRechecksEverythingAndComparesTheCounts() throws {
        let e = try Election()
        let partials = [try e.partial(3), try e.partial(1)]
        let audited = try SecretTallyAudit.verify(
            context: e.context, setup: e.trustees.setup, ballots: e.ballots, partials: partials, claimedCounts: [3, 1, 1])
        #expect(audited.counts == [3, 1, 1] && audited.ballots == 5)
        #expect(throws: SecretBallotError.countsDiffer(claimed: [2, 2, 1], proven: [3, 1, 1])) {
            try SecretTallyAudit.verify(context: e.context, setup: e.trustees.setup, ballots: e.ballots, partials: partials, claimedCounts: [2, 2, 1])
        }
        // A ballot altered after casting is named by its voter. Every proof of a ballot hashes all
        // its ciphertexts, so the first proof checked (choice 0's) already fails.
        var ballots = e.ballots
        ballots[3].ballot.choices[2].beta = ballots[3].ballot.choices[2].beta + .generator
        do {
            _ = try SecretTallyAudit.verify(context: e.context, setup: e.trustees.setup, ballots: ballots, partials: partials)
            Issue.record("an altered ballot passed the audit")
        } catch let SecretBallotError.ballotRefused(voter, reason) {
            #expect(voter == member(4))
            #expect(reason.contains("choice 0"))
        }
        // Partial decryptions of the honest tally do not decrypt a tally with a ballot left out.
        #expect(throws: SecretBallotError.self) {
            try SecretTallyAudit.verify(context: e.context, setup: e.trustees.setup, ballots: Array(e.ballots.dropFirst()), partials: partials)
        }
    }

    @Test func discreteLogsWithinTheBound() {
        for bound in [0, 1, 2, 10, 99, 100] {
            let log = DiscreteLog(bound: bound)
            var point = Element.identity
            for m in 0...bound + 3 {
                #expect(log.solve(point) == (m <= bound ? m : nil), "m = \(m), bound \(bound)")
                point = point + .generator
            }
            #expect(log.solve(Element.generatorMultiple(Scalar(123_456))) == nil)
            #expect(log.solve(-Element.generator) == nil)
        }
    }
}
