import CoopCrypto
import CoopModel
import Testing

@testable import CoopSecretBallot

@Suite("Trustee ceremony: distributed key generation")
struct TrusteeCeremonyTests {
    @Test(arguments: [(1, 1), (3, 2), (5, 3), (4, 4)])
    func honestCeremoniesAgreeOnKeyAndShares(trustees n: Int, threshold t: Int) throws {
        let c = try Ceremony(trustees: n, threshold: t, seed: UInt64(10 * n + t))
        #expect(c.setup.qualified == Array(1...n))
        #expect(c.setup.disqualified.isEmpty && c.setup.rejectedComplaints.isEmpty)
        #expect(c.checks.allSatisfy { $0.isOK })
        let expectedKey = c.dealings.map { $0.commitments[0] }.reduce(Element.identity, +)
        #expect(c.setup.publicKey == expectedKey)
        let shares = try (1...n).map { try c.share($0) }
        for share in shares {
            #expect(Element.generatorMultiple(share.share) == c.setup.verificationKey(of: share.trustee))
        }
        // Any t shares interpolate to the secret key (x·B = Y); t − 1 do not.
        let chosen = Array(shares.suffix(t))
        let lambdas = Lagrange.coefficientsAtZero(chosen.map(\.trustee))
        let x = zip(chosen, lambdas).map { $1 * $0.share }.dropFirst().reduce(lambdas[0] * chosen[0].share) { $0 + $1 }
        #expect(Element.generatorMultiple(x) == c.setup.publicKey)
        if t > 1 {
            let fewer = Array(shares.prefix(t - 1))
            let l2 = Lagrange.coefficientsAtZero(fewer.map(\.trustee))
            let y = zip(fewer, l2).map { $1 * $0.share }.dropFirst().reduce(l2[0] * fewer[0].share) { $0 + $1 }
            #expect(Element.generatorMultiple(y) != c.setup.publicKey)
        }
    }

    @Test func lagrangeCoefficients() throws {
        #expect(Lagrange.coefficientsAtZero([1, 2]) == [Scalar(2), -Scalar(1)])
        #expect(Lagrange.coefficientsAtZero([4]) == [Scalar.one])
        // λ for {1, 3, 4}: 3·4/((3−1)(4−1)) = 2, 1·4/((1−3)(4−3)) = −2, 1·3/((1−4)(3−4)) = 1.
        #expect(Lagrange.coefficientsAtZero([1, 3, 4]) == [Scalar(2), -Scalar(2), Scalar(1)])
    }

    /// Dealer `dealer` of a fresh 3-of-5 ceremony seals a wrong share to `victim`, but signs its
    /// dealing properly, so only the victim can see the fault.
    func ceremonyWithBadShare(dealer: Int, victim: Int, garbage: Bool = false) throws -> (Ceremony, Dealing) {
        var c = try Ceremony(trustees: 5, threshold: 3, seed: 99)
        let random = SeededRandom(seed: 1234)
        let keys = try TrusteeKeys(ceremony: c.ceremony, keys: c.keys)
        let polynomial = SecretPolynomial(degreeBelow: 3, random: random)
        let shares = try (1...5).map { j in
            let value = j == victim ? polynomial.evaluate(at: j) + Scalar.one : polynomial.evaluate(at: j)
            var box = try Ristretto255.SealedBox.seal(
                value.encoded(), to: keys.key(of: j), ephemeral: random.secretScalar(),
                context: SealedShare.context(ceremony: c.ceremony, dealer: dealer, recipient: j))
            if garbage && j == victim { box[40] ^= 0xff }  // the box no longer opens
            return try SealedShare(bytes: box)
        }
        let t = Dealing.transcript(ceremony: c.ceremony, dealer: dealer, commitments: polynomial.commitments, shares: shares)
        let bad = Dealing(
            dealer: dealer, commitments: polynomial.commitments,
            proof: ChaumPedersen.proveKnowledge(secret: polynomial.coefficients[0], transcript: t, random: random), shares: shares)
        try bad.verify(ceremony: c.ceremony)  // it passes every public check
        c.dealings[dealer - 1] = bad
        return (c, bad)
    }

    @Test func aBadShareBringsAComplaintThatDisqualifiesTheDealer() throws {
        var (c, _) = try ceremonyWithBadShare(dealer: 2, victim: 4)
        let dealings = c.dealings
        c.checks = try c.secrets.map { try ShareCheck.check(ceremony: c.ceremony, secret: $0, keys: c.keys, dealings: dealings) }
        #expect(c.checks.map(\.complaints.count) == [0, 0, 0, 1, 0])
        #expect(c.checks[3].complaints[0].dealer == 2)
        let setup = try TrusteeSetup.derive(ceremony: c.ceremony, keys: c.keys, dealings: c.dealings, checks: c.checks)
        #expect(setup.qualified == [1, 3, 4, 5])
        #expect(setup.disqualified.map(\.dealer) == [2])
        #expect(setup.disqualified[0].reason.contains("does not match the dealer's commitments"))
        #expect(setup.publicKey == [1, 3, 4, 5].map { c.dealings[$0 - 1].commitments[0] }.reduce(Element.identity, +))
        // Every trustee, the victim included, still gets a valid share of the new key.
        c.setup = setup
        for j in 1...5 { #expect(try c.share(j).verificationKey == setup.verificationKey(of: j)) }

        // Had the victim kept quiet, its share could not be rebuilt with the bad dealer in the key.
        let silent = try TrusteeSetup.derive(ceremony: c.ceremony, keys: c.keys, dealings: c.dealings, checks: [])
        #expect(silent.qualified == [1, 2, 3, 4, 5])
        #expect(throws: SecretBallotError.shareDoesNotVerify(trustee: 4, dealer: 2)) {
            try TrusteeShare.derive(ceremony: c.ceremony, setup: silent, secret: c.secrets[3], keys: c.keys, dealings: c.dealings)
        }
    }

    @Test func aShareThatDoesNotDecryptAlsoDisqualifiesTheDealer() throws {
        let (c, _) = try ceremonyWithBadShare(dealer: 5, victim: 1, garbage: true)
        let checks = try c.secrets.map { try ShareCheck.check(ceremony: c.ceremony, secret: $0, keys: c.keys, dealings: c.dealings) }
        #expect(checks.map(\.complaints.count) == [1, 0, 0, 0, 0])
        let setup = try TrusteeSetup.derive(ceremony: c.ceremony, keys: c.keys, dealings: c.dealings, checks: checks)
        #expect(setup.qualified == [1, 2, 3, 4])
        #expect(
            setup.disqualified == [
                TrusteeSetup.Disqualification(
                    dealer: 5, reason: "complaint by trustee 1 upheld: the share sealed to trustee 1 does not decrypt")
            ])
    }

    @Test func falseOrForgedComplaintsAreRejected() throws {
        let c = try Ceremony(trustees: 3, threshold: 2, seed: 5)
        let random = SeededRandom(seed: 6)
        let keys = try TrusteeKeys(ceremony: c.ceremony, keys: c.keys)
        // Trustee 3 complains about dealer 1, whose share is fine.
        let falseComplaint = try Complaint.make(
            ceremony: c.ceremony, secret: c.secrets[2], publicKey: keys.key(of: 3), dealing: c.dealings[0], random: random)
        // Trustee 2 complains about dealer 1 with a made-up shared element.
        var forged = try Complaint.make(
            ceremony: c.ceremony, secret: c.secrets[1], publicKey: keys.key(of: 2), dealing: c.dealings[0], random: random)
        forged.sharedElement = Element.generatorMultiple(Scalar(77))
        let checks = [ShareCheck(trustee: 2, complaints: [forged]), ShareCheck(trustee: 3, complaints: [falseComplaint])]
        let setup = try TrusteeSetup.derive(ceremony: c.ceremony, keys: c.keys, dealings: c.dealings, checks: checks)
        #expect(setup.qualified == [1, 2, 3])
        #expect(setup.publicKey == c.setup.publicKey)
        #expect(setup.rejectedComplaints.map(\.trustee) == [2, 3])
        #expect(setup.rejectedComplaints[0].reason.contains("proof"))
        #expect(setup.rejectedComplaints[1].reason.contains("correct"))
    }

    @Test func dealingsThatFailPublicChecksAreDisqualified() throws {
        var c = try Ceremony(trustees: 4, threshold: 1, seed: 8)
        c.dealings[0].shares.swapAt(1, 2)  // the proof binds the shares
        c.dealings[1].commitments.removeLast()
        c.dealings.remove(at: 3)  // dealer 4 never deals
        let setup = try TrusteeSetup.derive(ceremony: c.ceremony, keys: c.keys, dealings: c.dealings, checks: [])
        #expect(setup.qualified == [3])
        #expect(setup.disqualified.map(\.dealer) == [1, 2, 4])
        #expect(setup.disqualified[0].reason.contains("proof of knowledge"))
        #expect(setup.disqualified[1].reason.contains("0 commitments"))
        #expect(setup.disqualified[2].reason == "it published no dealing")
        #expect(setup.publicKey == c.dealings[2].commitments[0])
    }

    @Test func tooFewQualifiedDealersStopsTheCeremony() throws {
        var c = try Ceremony(trustees: 3, threshold: 3, seed: 9)
        c.dealings.removeLast()
        #expect(throws: SecretBallotError.notEnoughQualifiedDealers(qualified: [1, 2], threshold: 3)) {
            try TrusteeSetup.derive(ceremony: c.ceremony, keys: c.keys, dealings: c.dealings, checks: [])
        }
    }

    @Test func keysMustAllBePublishedAndProven() throws {
        let c = try Ceremony(trustees: 3, threshold: 2, seed: 12)
        #expect(throws: SecretBallotError.missingTrusteeKeys([2])) {
            try Dealing.deal(ceremony: c.ceremony, dealer: 1, keys: [c.keys[0], c.keys[2]])
        }
        var stolen = c.keys[1]
        stolen.encryptionKey = c.keys[0].encryptionKey  // someone else's key, with the wrong proof
        #expect(throws: SecretBallotError.invalidTrusteeKey(trustee: 2, reason: "its proof of possession does not verify")) {
            try stolen.verify(ceremony: c.ceremony)
        }
        var moved = c.keys[1]
        moved.trustee = 3  // a proof for trustee 2 does not serve trustee 3
        #expect(throws: SecretBallotError.invalidTrusteeKey(trustee: 3, reason: "its proof of possession does not verify")) {
            try moved.verify(ceremony: c.ceremony)
        }
        #expect(throws: SecretBallotError.duplicateStep(trustee: 1, step: "an encryption key")) {
            try TrusteeSetup.derive(ceremony: c.ceremony, keys: c.keys + [c.keys[0]], dealings: c.dealings, checks: [])
        }
        #expect(throws: SecretBallotError.wrongTrusteeSecret(trustee: 2)) {
            try ShareCheck.check(ceremony: c.ceremony, secret: TrusteeSecret(trustee: 2, key: c.secrets[0].key), keys: c.keys, dealings: c.dealings)
        }
        #expect(throws: SecretBallotError.trusteeOutOfRange(trustee: 4, trustees: 3)) {
            try TrusteeKey.generate(ceremony: c.ceremony, trustee: 4)
        }
    }

    @Test func trusteeSecretsDerivedFromSigningKeysWorkAndDifferPerCeremony() throws {
        var seeds = (1...3).map { [UInt8](repeating: UInt8($0), count: 32) }
        let signingKeys = try (0..<3).map { try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seeds[$0])) }
        let ceremony = try TrusteeCeremony(ledgerID: testLedgerID, label: "motion-9", threshold: 2, trustees: [member(1), member(2), member(3)])
        let secrets = try (1...3).map { try TrusteeSecret.derived(from: signingKeys[$0 - 1], ceremony: ceremony, trustee: $0) }
        let again = try TrusteeSecret.derived(from: signingKeys[0], ceremony: ceremony, trustee: 1)
        #expect(again.key.constantTimeEquals(secrets[0].key), "the same key, ceremony and trustee give the same secret")
        let other = try TrusteeCeremony(ledgerID: testLedgerID, label: "motion-10", threshold: 2, trustees: ceremony.trustees)
        #expect(!(try TrusteeSecret.derived(from: signingKeys[0], ceremony: other, trustee: 1)).key.constantTimeEquals(secrets[0].key))
        #expect(!(try TrusteeSecret.derived(from: signingKeys[0], ceremony: ceremony, trustee: 2)).key.constantTimeEquals(secrets[0].key))

        let keys = try secrets.map { try TrusteeKey.publish(ceremony: ceremony, secret: $0) }
        let dealings = try (1...3).map { try Dealing.deal(ceremony: ceremony, dealer: $0, keys: keys) }
        let checks = try secrets.map { try ShareCheck.check(ceremony: ceremony, secret: $0, keys: keys, dealings: dealings) }
        #expect(checks.allSatisfy { $0.isOK })
        let setup = try TrusteeSetup.derive(ceremony: ceremony, keys: keys, dealings: dealings, checks: checks)
        // At tally time the trustee re-derives its secret from its key file alone.
        let later = try TrusteeSecret.derived(from: signingKeys[1], ceremony: ceremony, trustee: 2)
        let share = try TrusteeShare.derive(ceremony: ceremony, setup: setup, secret: later, keys: keys, dealings: dealings)
        #expect(share.verificationKey == setup.verificationKey(of: 2))
    }

    @Test func aDealingForAnotherCeremonyDoesNotVerify() throws {
        let c = try Ceremony(trustees: 3, threshold: 2, seed: 13)
        let other = try TrusteeCeremony(ledgerID: testLedgerID, label: "motion-8", threshold: 2, trustees: c.ceremony.trustees)
        #expect(throws: SecretBallotError.self) { try c.dealings[0].verify(ceremony: other) }
        #expect(throws: SecretBallotError.self) { try c.keys[0].verify(ceremony: other) }
    }

    @Test func ceremoniesAreChecked() throws {
        #expect(throws: SecretBallotError.self) { try TrusteeCeremony(ledgerID: testLedgerID, label: "x", threshold: 0, trustees: [member(1)]) }
        #expect(throws: SecretBallotError.self) { try TrusteeCeremony(ledgerID: testLedgerID, label: "x", threshold: 2, trustees: [member(1)]) }
        #expect(throws: SecretBallotError.self) {
            try TrusteeCeremony(ledgerID: testLedgerID, label: "x", threshold: 1, trustees: [member(1), member(1)])
        }
        #expect(throws: SecretBallotError.self) { try TrusteeCeremony(ledgerID: testLedgerID, label: "x", threshold: 1, trustees: []) }
    }
}
