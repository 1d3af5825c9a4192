import CoopCrypto
import CoopModel
import Foundation
import Testing

@testable import CoopSecretBallot

@Suite("Secret ballots: encryption and proofs")
struct BallotTests {
    let random = SeededRandom(seed: 7)

    @Test(arguments: [[true, false, false], [false, true, false], [false, false, true]])
    func honestBallotsVerify(_ selections: [Bool]) throws {
        let context = try soloContext()
        let ballot = try EncryptedBallot.encrypt(selections: selections, context: context, voter: member(3), random: random)
        #expect(ballot.choices.count == 3)
        #expect(ballot.choices.allSatisfy { $0.proof.count == 2 })
        #expect(ballot.sumProof.count == 1)
        try ballot.verify(context: context, voter: member(3))
    }

    @Test func approvalBallotsWithARange() throws {
        let context = try soloContext(choices: 5, minimum: 0, maximum: 3)
        for selected: Set<Int> in [[], [4], [0, 2], [1, 2, 3]] {
            let ballot = try EncryptedBallot.encrypt(selected: selected, context: context, voter: member(9), random: random)
            #expect(ballot.sumProof.count == 4)
            try ballot.verify(context: context, voter: member(9))
        }
    }

    @Test func theCiphertextsDecryptToTheSelections() throws {
        // With the solo key 424242 the test can decrypt: m·B = β − x·α.
        let context = try soloContext(choices: 4, minimum: 0, maximum: 4)
        let selections = [true, false, true, true]
        let ballot = try EncryptedBallot.encrypt(selections: selections, context: context, voter: member(1), random: random)
        for (choice, selected) in zip(ballot.choices, selections) {
            #expect(choice.beta - Scalar(424_242) * choice.alpha == (selected ? Element.generator : .identity))
        }
        #expect(Set(ballot.choices.map(\.alpha)).count == 4, "fresh randomness for every choice")
    }

    @Test func selectionsOutsideTheRulesAreRefusedBeforeEncrypting() throws {
        let context = try soloContext()
        #expect(throws: SecretBallotError.selectionCountOutOfRange(selected: 2, minimum: 1, maximum: 1)) {
            try EncryptedBallot.encrypt(selections: [true, true, false], context: context, voter: member(1))
        }
        #expect(throws: SecretBallotError.selectionCountOutOfRange(selected: 0, minimum: 1, maximum: 1)) {
            try EncryptedBallot.encrypt(selections: [false, false, false], context: context, voter: member(1))
        }
        #expect(throws: SecretBallotError.wrongNumberOfSelections(expected: 3, actual: 2)) {
            try EncryptedBallot.encrypt(selections: [true, false], context: context, voter: member(1))
        }
        #expect(throws: SecretBallotError.selectionOutOfRange(index: 3, choices: 3)) {
            try EncryptedBallot.encrypt(selected: [3], context: context, voter: member(1))
        }
    }

    @Test func contextsAreChecked() throws {
        #expect(throws: SecretBallotError.self) { try soloContext(choices: 0, minimum: 0, maximum: 0) }
        #expect(throws: SecretBallotError.self) { try soloContext(choices: 3, minimum: 2, maximum: 1) }
        #expect(throws: SecretBallotError.self) { try soloContext(choices: 3, minimum: 0, maximum: 4) }
        #expect(throws: SecretBallotError.self) { try soloContext(choices: 65, minimum: 0, maximum: 1) }
        #expect(throws: SecretBallotError.invalidContext("the election key is the identity element")) {
            try ElectionContext(ledgerID: "l", motionID: "m", electorateHash: "e", choices: 1, minimum: 0, maximum: 1, publicKey: .identity)
        }
    }
}
