import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import Foundation
import Testing

@testable import CoopSecretBallot

/// Ballots a dishonest voter or an attacker could submit. Every one must be refused.
@Suite("Secret ballots: hostile ballots are refused")
struct HostileBallotTests {
    let random = SeededRandom(seed: 11)
    let voter = member(5)

    /// A ballot whose choice 0 encrypts `message` (any integer, even negative), made by running the
    /// honest prover as if the message were `claimed`: the best a cheating voter's software can do.
    func cheatingBallot(message: Int, claimed: Int, context: ElectionContext) throws -> EncryptedBallot {
        let r = random.secretScalar()
        let magnitude = Element.generatorMultiple(Scalar(UInt64(abs(message))))
        let ciphertext = Ciphertext(
            alpha: Element.generatorMultiple(r), beta: r * context.publicKey + (message < 0 ? -magnitude : magnitude))
        let others = try EncryptedBallot.encrypt(selections: [false, false, true], context: context, voter: voter, random: random)
        let ciphertexts = [ciphertext] + others.choices.dropFirst().map(\.ciphertext)
        let prefix = BallotTranscript.prefix(context: context, voter: voter, ciphertexts: ciphertexts)
        let proof = DisjunctiveProof.prove(
            ciphertext, message: claimed, randomness: r, range: 0...1, key: context.publicKey,
            transcript: BallotTranscript.choice(prefix, index: 0, ciphertext: ciphertext), random: random)
        var choices = others.choices
        choices[0] = EncryptedChoice(ciphertext: ciphertext, proof: proof)
        return EncryptedBallot(choices: choices, sumProof: others.sumProof)
    }

    @Test(arguments: [(2, 1), (2, 0), (-1, 0), (-1, 1), (3, 1)])
    func aChoiceEncryptingAnythingButZeroOrOneIsRefused(message: Int, claimed: Int) throws {
        let context = try soloContext(choices: 3, minimum: 0, maximum: 3)
        let ballot = try cheatingBallot(message: message, claimed: claimed, context: context)
        #expect(throws: SecretBallotError.choiceProofFails(choice: 0)) { try ballot.verify(context: context, voter: voter) }
    }

    @Test func moreChoicesThanMaxIsRefused() throws {
        // Each choice honestly 0 or 1, but three selected where max is 1: the sum proof cannot hold.
        let context = try soloContext(choices: 3, minimum: 0, maximum: 1)
        let wide = try soloContext(choices: 3, minimum: 0, maximum: 3)
        let r = (0..<3).map { _ in random.secretScalar() }
        let ciphertexts = r.map { Ciphertext.encrypt(1, key: context.publicKey, randomness: $0) }
        let prefix = BallotTranscript.prefix(context: context, voter: voter, ciphertexts: ciphertexts)
        let choices = ciphertexts.enumerated().map { i, c in
            EncryptedChoice(
                ciphertext: c,
                proof: DisjunctiveProof.prove(
                    c, message: 1, randomness: r[i], range: 0...1, key: context.publicKey,
                    transcript: BallotTranscript.choice(prefix, index: i, ciphertext: c), random: random))
        }
        let total = r[0] + r[1] + r[2]
        let sum = ciphertexts[0] + ciphertexts[1] + ciphertexts[2]
        // The honest prover, lying that the sum is 1.
        let lyingSum = DisjunctiveProof.prove(
            sum, message: 1, randomness: total, range: 0...1, key: context.publicKey,
            transcript: BallotTranscript.sum(prefix, context: context, ciphertext: sum), random: random)
        let ballot = EncryptedBallot(choices: choices, sumProof: lyingSum)
        #expect(throws: SecretBallotError.sumProofFails) { try ballot.verify(context: context, voter: voter) }

        // A true proof that the sum is 3, made for the range 0...3, has too many branches for max 1.
        let honestWide = DisjunctiveProof.prove(
            sum, message: 3, randomness: total, range: 0...3, key: context.publicKey,
            transcript: BallotTranscript.sum(prefix, context: wide, ciphertext: sum), random: random)
        #expect(throws: SecretBallotError.malformedBallot("its sum proof has 4 branches, not 2")) {
            try EncryptedBallot(choices: choices, sumProof: honestWide).verify(context: context, voter: voter)
        }
        // Cut down to two branches it is just a wrong proof.
        #expect(throws: SecretBallotError.sumProofFails) {
            try EncryptedBallot(choices: choices, sumProof: Array(honestWide.prefix(2))).verify(context: context, voter: voter)
        }
    }

    @Test func aProofForAnotherMotionVoterElectorateOrKeyIsRefused() throws {
        let context = try soloContext()
        let ballot = try EncryptedBallot.encrypt(selections: [false, true, false], context: context, voter: voter, random: random)
        try ballot.verify(context: context, voter: voter)

        let otherMotion = try soloContext(motion: "motion-8")
        let otherElectorate = try ElectionContext(
            ledgerID: context.ledgerID, motionID: context.motionID, electorateHash: String(repeating: "cd", count: 32),
            choices: 3, minimum: 1, maximum: 1, publicKey: context.publicKey)
        let otherLedger = try ElectionContext(
            ledgerID: "fedcba9876543210fedcba9876543210", motionID: context.motionID, electorateHash: context.electorateHash,
            choices: 3, minimum: 1, maximum: 1, publicKey: context.publicKey)
        let otherKey = try ElectionContext(
            ledgerID: context.ledgerID, motionID: context.motionID, electorateHash: context.electorateHash,
            choices: 3, minimum: 1, maximum: 1, publicKey: Element.generatorMultiple(Scalar(5)))
        let rangeChanged = try soloContext(choices: 3, minimum: 0, maximum: 0)
        for other in [otherMotion, otherElectorate, otherLedger, otherKey] {
            #expect(throws: SecretBallotError.choiceProofFails(choice: 0)) { try ballot.verify(context: other, voter: voter) }
        }
        #expect(throws: SecretBallotError.choiceProofFails(choice: 0)) { try ballot.verify(context: context, voter: member(6)) }
        #expect(throws: SecretBallotError.choiceProofFails(choice: 0)) { try ballot.verify(context: rangeChanged, voter: voter) }
    }

    @Test func aBallotOrAChoiceCopiedFromAnotherVoterIsRefused() throws {
        let context = try soloContext()
        let alice = member(1), bob = member(2)
        let aliceBallot = try EncryptedBallot.encrypt(selections: [true, false, false], context: context, voter: alice, random: random)
        // Bob replays Alice's whole ballot as his own.
        #expect(throws: SecretBallotError.choiceProofFails(choice: 0)) { try aliceBallot.verify(context: context, voter: bob) }
        // Bob splices Alice's first choice (ciphertext and proof) into his own ballot.
        var bobBallot = try EncryptedBallot.encrypt(selections: [false, true, false], context: context, voter: bob, random: random)
        bobBallot.choices[0] = aliceBallot.choices[0]
        #expect(throws: SecretBallotError.choiceProofFails(choice: 0)) { try bobBallot.verify(context: context, voter: bob) }
        // In an audit, a ciphertext seen twice is refused even before the proofs are checked.
        let bobHonest = try EncryptedBallot.encrypt(selections: [false, true, false], context: context, voter: bob, random: random)
        var replay = bobHonest
        replay.choices[2] = aliceBallot.choices[2]
        #expect(throws: SecretBallotError.replayedCiphertext(voter: bob, copiedFrom: alice)) {
            try SecretTallyAudit.checkForCopies([CastBallot(voter: alice, ballot: aliceBallot), CastBallot(voter: bob, ballot: replay)])
        }
        #expect(throws: SecretBallotError.duplicateVoter(alice)) {
            try SecretTallyAudit.checkForCopies([CastBallot(voter: alice, ballot: aliceBallot), CastBallot(voter: alice, ballot: bobHonest)])
        }
    }

    @Test func reorderedOrSwappedPiecesAreRefused() throws {
        let context = try soloContext(choices: 3, minimum: 0, maximum: 3)
        let ballot = try EncryptedBallot.encrypt(selections: [true, false, true], context: context, voter: voter, random: random)
        var swapped = ballot
        swapped.choices.swapAt(0, 1)
        #expect(throws: SecretBallotError.choiceProofFails(choice: 0)) { try swapped.verify(context: context, voter: voter) }
        var branches = ballot
        branches.choices[1].proof.reverse()
        #expect(throws: SecretBallotError.choiceProofFails(choice: 1)) { try branches.verify(context: context, voter: voter) }
        var tooFew = ballot
        tooFew.choices.removeLast()
        #expect(throws: SecretBallotError.malformedBallot("it has 2 choices, the motion has 3")) { try tooFew.verify(context: context, voter: voter) }
        var oneBranch = ballot
        oneBranch.choices[2].proof.removeLast()
        #expect(throws: SecretBallotError.malformedBallot("choice 2's proof has 1 branches, not 2")) {
            try oneBranch.verify(context: context, voter: voter)
        }
    }

    @Test func everyFlippedBitOfAnyElementOrScalarIsRefused() throws {
        let context = try soloContext(choices: 2, minimum: 0, maximum: 2)
        let ballot = try EncryptedBallot.encrypt(selections: [true, false], context: context, voter: voter, random: random)
        var accepted: [String] = []
        func check(_ name: String, _ make: (inout EncryptedBallot, [UInt8]) throws -> Void, _ original: [UInt8]) {
            for bit in 0..<256 {
                var bytes = original
                bytes[bit / 8] ^= 1 << (bit % 8)
                var altered = ballot
                // A flip that leaves no valid element or canonical scalar is refused at decoding.
                guard (try? make(&altered, bytes)) != nil else { continue }
                if (try? altered.verify(context: context, voter: voter)) != nil { accepted.append("\(name) bit \(bit)") }
            }
        }
        check("alpha", { $0.choices[0].alpha = try Element(encoding: $1) }, ballot.choices[0].alpha.bytes)
        check("beta", { $0.choices[1].beta = try Element(encoding: $1) }, ballot.choices[1].beta.bytes)
        check("challenge", { $0.choices[0].proof[1].challenge = try Scalar(canonicalBytes: $1) }, ballot.choices[0].proof[1].challenge.bytes)
        check("response", { $0.sumProof[0].response = try Scalar(canonicalBytes: $1) }, ballot.sumProof[0].response.bytes)
        #expect(accepted.isEmpty, "altered ballots that verified: \(accepted)")
    }

    @Test func nonCanonicalEncodingsAreRefusedWhenDecoding() throws {
        let context = try soloContext()
        let ballot = try EncryptedBallot.encrypt(selections: [true, false, false], context: context, voter: voter, random: random)
        let json = String(decoding: try JSONEncoder().encode(ballot), as: UTF8.self)
        #expect(try JSONDecoder().decode(EncryptedBallot.self, from: Data(json.utf8)) == ballot)

        // A point not in the group: RFC 9496 A.2's non-canonical field encoding and non-square x².
        for bad in [
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
        ] {
            let hostile = json.replacingOccurrences(of: ballot.choices[0].alpha.base64, with: Base64.encode(Hex.decode(bad) ?? []))
            #expect(hostile != json)
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(EncryptedBallot.self, from: Data(hostile.utf8)) }
        }
        // A non-canonical scalar: the response plus ℓ is the same number mod ℓ, but a second encoding.
        let response = ballot.choices[0].proof[0].response
        let plusL = addOrder(to: response.bytes)
        let hostile = json.replacingOccurrences(of: response.base64, with: Base64.encode(plusL))
        #expect(hostile != json)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EncryptedBallot.self, from: Data(hostile.utf8)) }
        // The same through the ledger's canonical JSON, which entries use.
        let canonical = String(decoding: try CanonicalJSONEncoder().encode(ballot), as: UTF8.self)
        #expect(try CanonicalJSONDecoder().decode(EncryptedBallot.self, from: Array(canonical.utf8)) == ballot)
        let hostileCanonical = canonical.replacingOccurrences(of: response.base64, with: Base64.encode(plusL))
        #expect(hostileCanonical != canonical)
        #expect(throws: (any Error).self) { try CanonicalJSONDecoder().decode(EncryptedBallot.self, from: Array(hostileCanonical.utf8)) }
    }

    /// `bytes + ℓ` as a 256-bit little-endian integer (fits: both are below 2^253).
    func addOrder(to bytes: [UInt8]) -> [UInt8] {
        let order: [UInt8] =
            [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14]
            + [UInt8](repeating: 0, count: 15) + [0x10]
        var out = [UInt8](repeating: 0, count: 32)
        var carry: UInt16 = 0
        for i in 0..<32 {
            let sum = UInt16(bytes[i]) + UInt16(order[i]) + carry
            out[i] = UInt8(sum & 0xff)
            carry = sum >> 8
        }
        return out
    }
}
