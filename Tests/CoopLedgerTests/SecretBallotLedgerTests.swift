import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import Testing

@testable import CoopSecretBallot

/// Secret ballots through the ledger: the trustees' ceremony, encrypted ballots judged by their
/// proofs, the seal, partial decryptions (a wrong one named and skipped) and a close whose
/// counts every verifier re-derives.
@Suite("Secret ballots in the ledger")
struct SecretBallotLedgerTests {
    static let refused = GovernanceLedgerTests.refused

    @Test func aSecretResolutionFromCeremonyToVerifiedCounts() throws {
        var s = try SecretScene.make(voters: 5)
        // No ballot before the election key exists.
        let early = Self.refused {
            try s.a.sign(s.voters[1], .ballotSecret, ["motion": .string(s.motion.description), "ballot": ["choices": [], "sum_proof": []]])
        }
        #expect(early?.code == .tooEarly)
        try s.ceremony()
        // yes, yes, no, abstain; m5 first votes yes, then no (the later ballot counts).
        try s.cast(s.voters[0], [0])
        try s.cast(s.voters[1], [0])
        try s.cast(s.voters[2], [1])
        try s.cast(s.voters[3], [2])
        try s.cast(s.voters[4], [0])
        try s.cast(s.voters[4], [1])
        // A ballot in the clear is refused on a secret motion.
        #expect(Self.refused { try s.a.vote(s.voters[1], s.motion, "yes") }?.code == .status)
        // Closing before the seal and the decryptions is refused, saying what is missing.
        #expect(Self.refused { try s.a.close(s.motion) } != nil)
        try s.seal()
        #expect(Self.refused { try s.cast(s.voters[1], [1]) }?.code == .tooLate)
        try s.decrypt(1)
        let waiting = Self.refused { try s.a.close(s.motion) }
        #expect(waiting?.code == .tooEarly && waiting?.reason.contains("waiting for 1 more trustee") == true, "\(String(describing: waiting))")
        try s.decrypt(3)
        let closed = try s.a.close(s.motion)
        #expect(closed.outcome?.tally == Tally(electorate: 5, yes: 2, no: 2, abstain: 1))
        #expect(closed.outcome?.passed == false)
        #expect(closed.secret?.result?.trustees == [1, 3])
        let report = try s.a.verify()
        #expect(report.ok, "\(report.problems)")
    }

    /// The state of a secret election survives a snapshot (what `verify --since` and bundles
    /// read back): same state, same digest, and the copy keeps refusing a replayed ciphertext.
    @Test func aSecretElectionSurvivesASnapshot() throws {
        var s = try SecretScene.make(voters: 3)
        try s.ceremony()
        try s.cast(s.voters[0], [0])
        try s.cast(s.voters[1], [2])
        let state = try s.a.state
        let back = try LedgerState(snapshotBytes: try state.canonicalBytes())
        #expect(back == state)
        #expect(try back.digest() == state.digest())
        #expect(try back.motion(s.motion).secret?.ballots.count == 2)
        try s.seal()
        try s.decrypt(1)
        try s.decrypt(2)
        try s.a.close(s.motion)
        let closed = try s.a.state
        #expect(try LedgerState(snapshotBytes: try closed.canonicalBytes()) == closed)
    }

    /// A ceremony that never gives a key does not hold the motion open forever: it closes with
    /// no ballot counted (none could be cast), and fails.
    @Test func aSecretMotionWhoseCeremonyNeverFinishesClosesWithNoBallots() throws {
        let s = try SecretScene.make(voters: 3)
        let closed = try s.a.close(s.motion)
        #expect(closed.status == .closed && closed.outcome?.passed == false)
        #expect(closed.outcome?.tally == Tally(electorate: 3, yes: 0, no: 0, abstain: 0))
        #expect(try s.a.verify().ok)
    }

    @Test func aSecretPluralityElectionCountsTheLastBallotOfEachVoter() throws {
        var s = try SecretScene.make(
            voters: 4, kind: .election, extra: ["seats": .integer(1), "candidates": ["Ana", "Ben", "Cho"], "ballot": "secret"])
        #expect(try s.election.maximum == 1 && s.election.choices == ["Ana", "Ben", "Cho"])
        try s.ceremony()
        try s.cast(s.voters[0], [1])
        try s.cast(s.voters[1], [1])
        try s.cast(s.voters[2], [2])
        try s.cast(s.voters[3], [])
        try s.cast(s.voters[2], [1])
        // Two candidates where one seat is open: refused before it reaches the ledger.
        #expect(throws: SecretBallotError.self) { try s.cast(s.voters[3], [0, 1]) }
        try s.seal()
        try s.decrypt(2)
        try s.decrypt(3)
        let closed = try s.a.close(s.motion)
        #expect(closed.outcome?.winners == ["Ben"])
        #expect(closed.outcome?.electionTally?.counts.map(\.votes) == [0, 3, 0])
        #expect(try s.a.verify().ok)
    }

    @Test func theBylawsSayWhenABallotIsSecret() throws {
        // Elections are secret on request in the shipped bylaws; resolutions there are open.
        var a = try Assembly()
        let open = Self.refused { try a.propose(.resolution, "Open", extra: ["ballot": "secret"]) }
        #expect(open?.code == .bylaws && open?.field == "ballot")
        let requested = try a.propose(.election, "Board", extra: ["seats": .integer(1), "candidates": ["Ana", "Ben"], "ballot": "secret"])
        #expect(try a.state.motion(requested).secretRequested == true)
        _ = try a.admit("Ben", class: "therapist")
        // A secret motion opens only with trustees and a threshold; an open one refuses them.
        let noTrustees = Self.refused { try a.open(requested) }
        #expect(noTrustees?.code == .field && noTrustees?.field == "trustees")
        let plain = try a.propose(.election, "Board 2", extra: ["seats": .integer(1), "candidates": ["Ana", "Ben"]])
        var body = try a.state.openBody(for: plain, openDate: a.clock.now().date)
        body.trustees = [a.m1]
        body.threshold = 1
        #expect(Self.refused { try a.sign(a.m1, .motionOpen, try body.object()) }?.field == "trustees")
        // Ranked elections cannot be secret.
        let ranked = try a.propose(
            .election, "Ranked", extra: ["method": "irv", "candidates": ["Ana", "Ben"], "ballot": "secret"])
        var rankedBody = try a.state.openBody(for: ranked, openDate: a.clock.now().date)
        rankedBody.trustees = [a.m1]
        rankedBody.threshold = 1
        #expect(Self.refused { try a.sign(a.m1, .motionOpen, try rankedBody.object()) }?.code == .bylaws)
        // A threshold above the number of trustees is refused.
        var tooHigh = try a.state.openBody(for: requested, openDate: a.clock.now().date)
        tooHigh.trustees = [a.m1]
        tooHigh.threshold = 2
        #expect(Self.refused { try a.sign(a.m1, .motionOpen, try tooHigh.object()) }?.field == "threshold")
    }

    @Test func proxiesCastSecretBallotsOnlyWhereTheBylawsAllow() throws {
        var s = try SecretScene.make(voters: 4, proxies: true)
        try s.ceremony()
        try s.a.sign(s.voters[3], .proxyGrant, ["motion": .string(s.motion.description), "holder": .string(s.voters[2].description)])
        try s.cast(s.voters[2], [0], for: s.voters[3])
        try s.cast(s.voters[2], [1])
        // A proxy ballot whose proofs are bound to the holder, not the grantor, is refused.
        let ballot = try EncryptedBallot.encrypt(selected: [0], context: try s.context, voter: s.voters[2])
        #expect(Self.refused { try s.castBallot(s.voters[2], ballot, for: s.voters[3]) }?.code == .proof)
        try s.seal()
        try s.decrypt(1)
        try s.decrypt(2)
        let closed = try s.a.close(s.motion)
        #expect(closed.outcome?.tally == Tally(electorate: 4, yes: 1, no: 1, abstain: 0))

        var t = try SecretScene.make(voters: 3)
        try t.ceremony()
        let noProxies = Self.refused { try t.cast(t.voters[1], [0], for: t.voters[2]) }
        #expect(noProxies?.code == .bylaws && noProxies?.field == "for")
    }

    @Test func theCeremonyStepsAreTheTrusteesOwn() throws {
        let s = try SecretScene.make(voters: 4)
        let c = try s.election.ceremony
        let (key, _) = try TrusteeKey.generate(ceremony: c, trustee: 2)
        // Trustee 2's key posted by trustee 1, or by a member who is no trustee.
        #expect(Self.refused { try s.a.sign(s.voters[0], .trusteeKey, try TrusteeKeyBody(motion: s.motion, key: key).object()) }?.code == .notAuthorized)
        #expect(Self.refused { try s.a.sign(s.voters[3], .trusteeKey, try TrusteeKeyBody(motion: s.motion, key: key).object()) }?.code == .notAuthorized)
        // A key whose proof is for another trustee number.
        var forged = key
        forged.trustee = 1
        #expect(Self.refused { try s.a.sign(s.voters[0], .trusteeKey, try TrusteeKeyBody(motion: s.motion, key: forged).object()) }?.code == .proof)
        try s.a.sign(s.voters[1], .trusteeKey, try TrusteeKeyBody(motion: s.motion, key: key).object())
        #expect(Self.refused { try s.a.sign(s.voters[1], .trusteeKey, try TrusteeKeyBody(motion: s.motion, key: key).object()) }?.code == .duplicate)
        // Dealing before every key is published.
        let early = Self.refused { try s.a.sign(s.voters[1], .trusteeDeal, ["motion": .string(s.motion.description), "dealing": .object([:])]) }
        #expect(early != nil)
        // Setup before the ceremony is done.
        let setup = Self.refused {
            try s.a.sign(s.a.m1, .trusteeSetup, try TrusteeSetupBody(motion: s.motion, publicKey: .generator).object())
        }
        #expect(setup?.code == .tooEarly)
        _ = s
    }

    @Test func aWrongPartialDecryptionIsNamedAndSkippedWhileEnoughHonestTrusteesRemain() throws {
        var s = try SecretScene.make(voters: 4, trustees: 3, threshold: 2)
        try s.ceremony()
        for (i, v) in s.voters.enumerated() { try s.cast(v, [i % 2]) }
        try s.seal()
        try s.decrypt(1, tamper: true)
        try s.decrypt(2)
        // Trustee 1's proof fails: with only trustee 2 valid the tally waits and says who is wrong.
        let waiting = Self.refused { try s.a.close(s.motion) }
        #expect(waiting?.code == .tooEarly)
        #expect(waiting?.reason.contains("trustee 1: the proof of correct decryption fails for choice 0") == true, "\(String(describing: waiting))")
        // A third trustee completes the tally; a second valid partial decryption is refused.
        try s.decrypt(3)
        #expect(Self.refused { try s.decrypt(3) }?.code == .duplicate)
        let closed = try s.a.close(s.motion)
        #expect(closed.outcome?.tally == Tally(electorate: 4, yes: 2, no: 2, abstain: 0))
        #expect(closed.secret?.result?.trustees == [2, 3])
        #expect(closed.secret?.result?.rejected.map(\.trustee) == [1])
        #expect(try s.a.verify().ok)
    }

    @Test func aPartialDecryptionByANonTrusteeOrOfTheWrongShapeIsRefused() throws {
        var s = try SecretScene.make(voters: 4)
        try s.ceremony()
        try s.cast(s.voters[0], [0])
        try s.seal()
        let p = try s.partial(1)
        #expect(
            Self.refused { try s.a.sign(s.voters[1], .trusteeDecrypt, try TrusteeDecryptBody(motion: s.motion, partial: p).object()) }?.code == .notAuthorized)
        var short = p
        short.factors.removeLast()
        #expect(
            Self.refused { try s.a.sign(s.voters[0], .trusteeDecrypt, try TrusteeDecryptBody(motion: s.motion, partial: short).object()) }?.field == "partial")
        _ = s
    }

    @Test func aSealRecordingAnotherSumIsRefused() throws {
        var s = try SecretScene.make(voters: 3)
        try s.ceremony()
        try s.cast(s.voters[0], [0])
        try s.cast(s.voters[1], [1])
        var tally = try s.a.state.encryptedTally(for: try s.a.state.motion(s.motion))
        tally.ciphertexts.swapAt(0, 1)
        let r = Self.refused { try s.a.sign(s.a.m1, .motionSeal, try MotionSealBody(motion: s.motion, tally: tally).object()) }
        #expect(r?.code == .recount && r?.field == "tally")
    }

    /// Trustee 3 seals a wrong share to trustee 1 (its dealing passes every public check):
    /// trustee 1 complains with a proof, the setup disqualifies dealer 3, and the election
    /// completes with the key of dealers 1 and 2.
    @Test func aDealerWhoSealsABadShareIsDisqualifiedAndTheElectionStillCompletes() throws {
        var s = try SecretScene.make(voters: 4, trustees: 3, threshold: 2)
        let c = try s.election.ceremony
        for (i, t) in s.trustees.enumerated() {
            let (key, secret) = try TrusteeKey.generate(ceremony: c, trustee: i + 1)
            s.secrets[i + 1] = secret
            try s.a.sign(t, .trusteeKey, try TrusteeKeyBody(motion: s.motion, key: key).object())
        }
        let keys = try s.election.keys
        for j in 1...2 {
            try s.a.sign(
                s.trustees[j - 1], .trusteeDeal, try TrusteeDealBody(motion: s.motion, dealing: try Dealing.deal(ceremony: c, dealer: j, keys: keys)).object())
        }
        let checked = try TrusteeKeys(ceremony: c, keys: keys)
        let random = SystemRandomSource()
        let polynomial = SecretPolynomial(degreeBelow: 2, random: random)
        let shares = try (1...3).map { j in
            let value = j == 1 ? polynomial.evaluate(at: j) + Ristretto255.Scalar.one : polynomial.evaluate(at: j)
            return try SealedShare(
                bytes: try Ristretto255.SealedBox.seal(
                    value.encoded(), to: checked.key(of: j), ephemeral: random.secretScalar(),
                    context: SealedShare.context(ceremony: c, dealer: 3, recipient: j)))
        }
        let t = Dealing.transcript(ceremony: c, dealer: 3, commitments: polynomial.commitments, shares: shares)
        let bad = Dealing(
            dealer: 3, commitments: polynomial.commitments,
            proof: ChaumPedersen.proveKnowledge(secret: polynomial.coefficients[0], transcript: t, random: random), shares: shares)
        try s.a.sign(s.trustees[2], .trusteeDeal, try TrusteeDealBody(motion: s.motion, dealing: bad).object())
        for j in 1...3 {
            let e = try s.election
            let check = try ShareCheck.check(ceremony: c, secret: try #require(s.secrets[j]), keys: e.keys, dealings: e.dealings)
            #expect(check.complaints.map(\.dealer) == (j == 1 ? [3] : []))
            try s.a.sign(s.trustees[j - 1], .trusteeCheck, try TrusteeCheckBody(motion: s.motion, check: check).object())
        }
        try s.setup()
        let setup = try #require(try s.election.setup)
        #expect(setup.qualified == [1, 2] && setup.disqualified.map(\.dealer) == [3])
        for (i, v) in s.voters.enumerated() { try s.cast(v, [i == 0 ? 1 : 0]) }
        try s.seal()
        try s.decrypt(1)
        try s.decrypt(3)
        let closed = try s.a.close(s.motion)
        #expect(closed.outcome?.tally == Tally(electorate: 4, yes: 3, no: 1, abstain: 0))
        #expect(try s.a.verify().ok)
    }

    /// The proven tally equals the plaintext count on random elections (the test knows the
    /// plaintexts; the ledger holds only ciphertexts and proofs).
    @Test(arguments: [1, 2, 3, 4])
    func theProvenTallyEqualsThePlaintextCount(seed: UInt64) throws {
        var rng = SplitMix(state: seed)
        let approval = seed % 2 == 0
        let count = 3 + Int(rng.next() % 4)
        var s = try SecretScene.make(
            voters: count, kind: approval ? .election : .resolution,
            extra: approval ? ["method": "approval", "seats": .integer(2), "candidates": ["Ana", "Ben", "Cho"], "ballot": "secret"] : [:],
            trustees: 3, threshold: 1 + Int(rng.next() % 3))
        try s.ceremony()
        let choices = try s.election.choices.count
        var last: [MemberID: Set<Int>] = [:]
        for _ in 0..<(count + 2) {
            let voter = s.voters[Int(rng.next() % UInt64(count))]
            let selected: Set<Int> =
                approval ? Set((0..<choices).filter { _ in rng.next() % 2 == 0 }) : [Int(rng.next() % 3)]
            try s.cast(voter, selected)
            last[voter] = selected
        }
        try s.seal()
        let threshold = try s.election.ceremony.threshold
        for j in 1...threshold { try s.decrypt(j) }
        let plain = (0..<choices).map { i in Int64(last.values.filter { $0.contains(i) }.count) }
        let closed = try s.a.close(s.motion)
        if approval {
            #expect(closed.outcome?.electionTally?.counts.map(\.votes) == plain)
        } else {
            let t = try #require(closed.outcome?.tally)
            #expect([t.yes, t.no, t.abstain] == plain)
        }
        #expect(try s.a.verify().ok)
    }
}

/// A small deterministic generator for the property test's choices.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
