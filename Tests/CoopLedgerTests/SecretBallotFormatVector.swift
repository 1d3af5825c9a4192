import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import CoopSecretBallot

/// A seeded source of scalars, for reproducible vectors only: scalar n is SHA-512("coop-test-random"
/// ‖ seed ‖ n) (u64be) reduced mod ℓ. Never for real ballots.
final class SeededScalars: RandomSource {
    let seed: UInt64
    private var counter: UInt64 = 0

    init(seed: UInt64) { self.seed = seed }

    func secretScalar() -> Ristretto255.SecretScalar {
        counter += 1
        var input = Array("coop-test-random".utf8)
        for value in [seed, counter] { input += (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) } }
        var wide = SHA512.hash(input)
        return (try? Ristretto255.SecretScalar(reducing: SecretBytes(consuming: &wide))) ?? Ristretto255.SecretScalar(Ristretto255.Scalar.one)
    }
}

extension FormatVectorTests {
    /// A secret resolution (§4.4) on the test bylaws with `ballot: secret`: three members, trustees
    /// m1 and m2 (threshold 2), m1 votes yes, m2 no, m3 yes; every entry's type, author and body.
    static func secretBallotVector() throws -> String {
        let random = SeededScalars(seed: 44)
        var s = try SecretScene.make(voters: 3, trustees: 2, threshold: 2)
        let c = try s.election.ceremony
        var bodies: [(EntryType, MemberID, JSONValue)] = []
        func sign<B: SingleTypeBody>(_ author: MemberID, _ body: B) throws {
            try s.a.sign(author, B.entryType, try body.object())
            bodies.append((B.entryType, author, try body.json()))
        }
        let open = try s.a.state.motion(s.motion).opening
        for (i, t) in s.trustees.enumerated() {
            let (key, secret) = try TrusteeKey.generate(ceremony: c, trustee: i + 1, random: random)
            s.secrets[i + 1] = secret
            try sign(t, TrusteeKeyBody(motion: s.motion, key: key))
        }
        for (i, t) in s.trustees.enumerated() {
            try sign(t, TrusteeDealBody(motion: s.motion, dealing: try Dealing.deal(ceremony: c, dealer: i + 1, keys: try s.election.keys, random: random)))
        }
        for (i, t) in s.trustees.enumerated() {
            let e = try s.election
            guard let secret = s.secrets[i + 1] else { continue }
            try sign(
                t,
                TrusteeCheckBody(motion: s.motion, check: try ShareCheck.check(ceremony: c, secret: secret, keys: e.keys, dealings: e.dealings, random: random))
            )
        }
        let e = try s.election
        let setup = try TrusteeSetup.derive(ceremony: c, keys: e.keys, dealings: e.dealings, checks: e.checks)
        try sign(s.a.m1, TrusteeSetupBody(motion: s.motion, publicKey: setup.publicKey))
        let context = try s.context
        for (voter, choice) in zip(s.voters, [0, 1, 0]) {
            try sign(
                voter,
                SecretBallotBody(motion: s.motion, ballot: try EncryptedBallot.encrypt(selected: [choice], context: context, voter: voter, random: random)))
        }
        try sign(s.a.m1, MotionSealBody(motion: s.motion, tally: try s.a.state.encryptedTally(for: try s.a.state.motion(s.motion))))
        for j in 1...2 {
            let e = try s.election
            guard let secret = s.secrets[j], let setup = e.setup, let tally = e.tally else { continue }
            let share = try TrusteeShare.derive(ceremony: c, setup: setup, secret: secret, keys: e.keys, dealings: e.dealings)
            try sign(
                s.trustees[j - 1],
                TrusteeDecryptBody(motion: s.motion, partial: PartialDecryption.make(tally: tally, context: context, share: share, random: random)))
        }
        let state = try s.a.state
        try sign(s.a.m1, try state.closeBody(for: try state.motion(s.motion)).body)
        var out = "\nA secret resolution (§4.4): ledger `\(context.ledgerID)`, motion \(s.motion) opened at entry \(open?.index ?? 0) "
        out += "with trustees m1, m2 (threshold 2) over the electorate m1, m2, m3 (hash `\(context.electorateHash)`); "
        out += "m1 and m3 vote yes, m2 no (only this sentence says so). Each entry's type, author and body, in ledger order "
        out += "(randomness from a seeded source, so the vector is reproducible):\n\n```text\n"
        for (type, author, body) in bodies {
            out += "\(type.rawValue) \(author) " + String(decoding: try CanonicalJSON.encode(body), as: UTF8.self) + "\n"
        }
        out += "```\n\nThe election context every ballot and partial decryption is bound to (SECRET-BALLOTS.md §6):\n\n```json\n"
        out += String(decoding: try CanonicalJSONEncoder().encode(context), as: UTF8.self) + "\n```\n"
        return out
    }
}
