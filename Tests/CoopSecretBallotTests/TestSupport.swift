import CoopCrypto
import CoopModel
import Testing

@testable import CoopSecretBallot

typealias Element = Ristretto255.Element
typealias Scalar = Ristretto255.Scalar
typealias SecretScalar = Ristretto255.SecretScalar

/// A seeded source of scalars for tests only: scalar n is SHA-512("coop-test-random" ‖ seed ‖ n)
/// (seed and n as u64be) reduced mod ℓ. Reproducible, and therefore never for real ballots.
final class SeededRandom: RandomSource {
    let seed: UInt64
    private var counter: UInt64 = 0

    init(seed: UInt64) { self.seed = seed }

    func secretScalar() -> SecretScalar {
        counter += 1
        var input = Array("coop-test-random".utf8)
        for value in [seed, counter] { input += (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) } }
        var wide = SHA512.hash(input)
        // 64 bytes by construction.
        return (try? SecretScalar(reducing: SecretBytes(consuming: &wide))) ?? SecretScalar(Scalar.one)
    }
}

func member(_ n: Int64) -> MemberID {
    MemberID(number: n) ?? MemberID(number: 1)!
}

let testLedgerID = "0123456789abcdef0123456789abcdef"

/// A complete, honest trustee ceremony.
struct Ceremony {
    let ceremony: TrusteeCeremony
    let keys: [TrusteeKey]
    let secrets: [TrusteeSecret]
    var dealings: [Dealing]
    var checks: [ShareCheck]
    var setup: TrusteeSetup

    /// Runs steps 0 to 3 with trustees m101, m102, … and a seeded source.
    init(trustees n: Int, threshold t: Int, seed: UInt64 = 1, label: String = "motion-7") throws {
        let random = SeededRandom(seed: seed)
        let ceremony = try TrusteeCeremony(
            ledgerID: testLedgerID, label: label, threshold: t, trustees: (1...n).map { member(100 + Int64($0)) })
        var keys: [TrusteeKey] = [], secrets: [TrusteeSecret] = []
        for i in 1...n {
            let (key, secret) = try TrusteeKey.generate(ceremony: ceremony, trustee: i, random: random)
            keys.append(key)
            secrets.append(secret)
        }
        let dealings = try (1...n).map { try Dealing.deal(ceremony: ceremony, dealer: $0, keys: keys, random: random) }
        let checks = try secrets.map { try ShareCheck.check(ceremony: ceremony, secret: $0, keys: keys, dealings: dealings, random: random) }
        self.ceremony = ceremony
        self.keys = keys
        self.secrets = secrets
        self.dealings = dealings
        self.checks = checks
        setup = try TrusteeSetup.derive(ceremony: ceremony, keys: keys, dealings: dealings, checks: checks)
    }

    func share(_ trustee: Int) throws -> TrusteeShare {
        try TrusteeShare.derive(ceremony: ceremony, setup: setup, secret: secrets[trustee - 1], keys: keys, dealings: dealings)
    }

    func context(choices: Int, minimum: Int, maximum: Int, motion: String = "motion-7") throws -> ElectionContext {
        try ElectionContext(
            ledgerID: testLedgerID, motionID: motion, electorateHash: String(repeating: "ab", count: 32),
            choices: choices, minimum: minimum, maximum: maximum, publicKey: setup.publicKey)
    }
}

/// A context under a single-trustee key whose secret the test knows, for ballot-only tests.
func soloContext(choices: Int = 3, minimum: Int = 1, maximum: Int = 1, motion: String = "motion-7") throws -> ElectionContext {
    try ElectionContext(
        ledgerID: testLedgerID, motionID: motion, electorateHash: String(repeating: "ab", count: 32),
        choices: choices, minimum: minimum, maximum: maximum,
        publicKey: Element.generatorMultiple(Scalar(424_242)))
}
