import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Testing

@testable import CoopSecretBallot

/// A `ballot.secret` handler that checks nothing: lets a test write a hostile ballot into a
/// ledger file, to show that `verify` (with the real rules) refuses it.
struct CredulousSecretBallotHandler: EntryHandler {
    let type = EntryType.ballotSecret
    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {}
}

/// Hostile encrypted ballots, refused by append (and by verify, which runs the same rules).
@Suite("Secret ballots in the ledger: hostile ballots")
struct SecretBallotHostileTests {
    static let refused = GovernanceLedgerTests.refused

    static func scene(catalog: EntryCatalog = .cooperative) throws -> SecretScene {
        var s = try SecretScene.make(voters: 4, catalog: catalog)
        try s.ceremony()
        return s
    }

    /// A ballot whose choice 0 encrypts `message`, proven by the honest prover as if it were
    /// `claimed`: the best cheating software can do.
    static func cheating(message: Int, claimed: Int, context: ElectionContext, voter: MemberID) throws -> EncryptedBallot {
        let r = Ristretto255.SecretScalar.random()
        let magnitude = Ristretto255.Element.generatorMultiple(Ristretto255.Scalar(UInt64(abs(message))))
        let ciphertext = Ciphertext(
            alpha: Ristretto255.Element.generatorMultiple(r), beta: r * context.publicKey + (message < 0 ? -magnitude : magnitude))
        let others = try EncryptedBallot.encrypt(selections: [false, true, false], context: context, voter: voter)
        let ciphertexts = [ciphertext] + others.choices.dropFirst().map(\.ciphertext)
        let prefix = BallotTranscript.prefix(context: context, voter: voter, ciphertexts: ciphertexts)
        let proof = DisjunctiveProof.prove(
            ciphertext, message: claimed, randomness: r, range: 0...1, key: context.publicKey,
            transcript: BallotTranscript.choice(prefix, index: 0, ciphertext: ciphertext), random: SystemRandomSource())
        var choices = others.choices
        choices[0] = EncryptedChoice(ciphertext: ciphertext, proof: proof)
        return EncryptedBallot(choices: choices, sumProof: others.sumProof)
    }

    @Test(arguments: [(2, 1), (-1, 0)])
    func aChoiceEncryptingTwoOrMinusOneIsRefused(message: Int, claimed: Int) throws {
        let s = try Self.scene()
        let ballot = try Self.cheating(message: message, claimed: claimed, context: try s.context, voter: s.voters[1])
        let r = Self.refused { try s.castBallot(s.voters[1], ballot) }
        #expect(r?.code == .proof && r?.field == "ballot", "\(String(describing: r))")
    }

    @Test func moreChoicesThanMaxIsRefused() throws {
        let s = try Self.scene()
        let context = try s.context
        let voter = s.voters[1]
        let r = (0..<3).map { _ in Ristretto255.SecretScalar.random() }
        let ciphertexts = r.map { Ciphertext.encrypt(1, key: context.publicKey, randomness: $0) }
        let prefix = BallotTranscript.prefix(context: context, voter: voter, ciphertexts: ciphertexts)
        let choices = ciphertexts.enumerated().map { i, c in
            EncryptedChoice(
                ciphertext: c,
                proof: DisjunctiveProof.prove(
                    c, message: 1, randomness: r[i], range: 0...1, key: context.publicKey,
                    transcript: BallotTranscript.choice(prefix, index: i, ciphertext: c), random: SystemRandomSource()))
        }
        let sum = ciphertexts[0] + ciphertexts[1] + ciphertexts[2]
        let lying = DisjunctiveProof.prove(
            sum, message: 1, randomness: r[0] + r[1] + r[2], range: 1...1, key: context.publicKey,
            transcript: BallotTranscript.sum(prefix, context: context, ciphertext: sum), random: SystemRandomSource())
        let refusal = Self.refused { try s.castBallot(voter, EncryptedBallot(choices: choices, sumProof: lying)) }
        #expect(refusal?.code == .proof)
    }

    @Test func aProofForAnotherMotionOrAnotherVoterIsRefused() throws {
        let s = try Self.scene()
        let c = try s.context
        let other = try ElectionContext(
            ledgerID: c.ledgerID, motionID: "M99", electorateHash: c.electorateHash, choices: c.choices, minimum: c.minimum,
            maximum: c.maximum, publicKey: c.publicKey)
        let forOtherMotion = try EncryptedBallot.encrypt(selected: [0], context: other, voter: s.voters[1])
        #expect(Self.refused { try s.castBallot(s.voters[1], forOtherMotion) }?.code == .proof)
        let forOtherVoter = try EncryptedBallot.encrypt(selected: [0], context: c, voter: s.voters[2])
        #expect(Self.refused { try s.castBallot(s.voters[1], forOtherVoter) }?.code == .proof)
    }

    @Test func aBallotReplayedFromAnotherVoterIsRefused() throws {
        let s = try Self.scene()
        let ballot = try EncryptedBallot.encrypt(selected: [1], context: try s.context, voter: s.voters[0])
        try s.castBallot(s.voters[0], ballot)
        let r = Self.refused { try s.castBallot(s.voters[1], ballot) }
        #expect(r?.code == .proof || r?.code == .duplicate, "\(String(describing: r))")
    }

    /// The ballot's JSON with `edit` applied, cast by `voter`.
    static func castEdited(_ s: SecretScene, _ voter: MemberID, _ edit: (inout JSONValue) -> Void) throws {
        let ballot = try EncryptedBallot.encrypt(selected: [0], context: try s.context, voter: voter)
        var json = try SecretBallotBody(motion: s.motion, ballot: ballot).json()
        edit(&json)
        try s.a.sign(voter, .ballotSecret, json.objectValue ?? [:])
    }

    @Test func aPointNotInTheGroupOrANonCanonicalScalarIsRefused() throws {
        let s = try Self.scene()
        let notAPoint = JSONValue.string(Base64.encode([UInt8](repeating: 0xff, count: 32)))
        let point = Self.refused {
            try Self.castEdited(s, s.voters[1]) { json in
                guard case var .object(body) = json, case var .object(ballot)? = body["ballot"], case var .array(choices)? = ballot["choices"],
                    case var .object(first)? = choices.first
                else { return }
                first["alpha"] = notAPoint
                choices[0] = .object(first)
                ballot["choices"] = .array(choices)
                body["ballot"] = .object(ballot)
                json = .object(body)
            }
        }
        #expect(point?.code == .field && point?.field?.hasPrefix("ballot") == true, "\(String(describing: point))")
        // ℓ + 1 little-endian: a scalar with a second encoding.
        var big: [UInt8] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ]
        big[0] += 1
        let scalar = Self.refused {
            try Self.castEdited(s, s.voters[1]) { json in
                guard case var .object(body) = json, case var .object(ballot)? = body["ballot"], case var .array(sum)? = ballot["sum_proof"],
                    case var .object(first)? = sum.first
                else { return }
                first["response"] = .string(Base64.encode(big))
                sum[0] = .object(first)
                ballot["sum_proof"] = .array(sum)
                body["ballot"] = .object(ballot)
                json = .object(body)
            }
        }
        #expect(scalar?.code == .field && scalar?.field?.hasPrefix("ballot") == true, "\(String(describing: scalar))")
    }

    @Test func verifyRefusesAHostileBallotTheAppendDidNotJudge() throws {
        let s = try Self.scene(catalog: EntryCatalog.cooperative.adding([CredulousSecretBallotHandler()]))
        let ballot = try Self.cheating(message: 2, claimed: 1, context: try s.context, voter: s.voters[1])
        let stored = try s.castBallot(s.voters[1], ballot)
        let report = try s.a.verify()
        #expect(!report.ok)
        #expect(report.problems.first?.index == stored.index)
        #expect(report.problems.first?.message.contains("does not verify") == true, "\(report.problems)")
    }
}
