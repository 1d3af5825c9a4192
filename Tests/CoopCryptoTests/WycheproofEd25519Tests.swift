import CoopCrypto
import Testing

/// Project Wycheproof's Ed25519 verification vectors (`Vectors/wycheproof-ed25519_test.json`).
struct WycheproofFile: Decodable {
    struct Group: Decodable {
        struct Key: Decodable { let pk: String }
        let publicKey: Key
        let tests: [Case]
    }
    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let flags: [String]
        let msg: String
        let sig: String
        let result: String
    }
    let numberOfTests: Int
    let testGroups: [Group]
}

@Suite("Ed25519, Wycheproof")
struct WycheproofEd25519Tests {
    /// Vectors marked "acceptable" that libsodium 1.0.18 accepts. Wycheproof leaves these to
    /// the implementation: they are signatures under public keys of mixed order (a prime-order
    /// point plus a small torsion point). libsodium 1.0.18 refuses small-order keys (152-159)
    /// but not mixed-order ones. Pinned so that a libsodium upgrade that changes it is noticed.
    static let acceptableAndAccepted: Set<Int> = Set(160...180)

    /// libsodium's verdict for one vector; a signature that is not 64 bytes cannot even be
    /// made into an `Ed25519.Signature`, which counts as rejected.
    static func verdict(publicKey: [UInt8], test: WycheproofFile.Case) throws -> Bool {
        let key = try Ed25519.PublicKey(bytes: publicKey)
        let raw = try bytes(hex: test.sig)
        guard let signature = try? Ed25519.Signature(bytes: raw) else { return false }
        return key.isValidSignature(signature, for: try bytes(hex: test.msg))
    }

    @Test func libsodiumAgreesWithEveryValidAndInvalidVerdict() throws {
        let file = try loadVectors("wycheproof-ed25519_test", as: WycheproofFile.self)
        var seen = 0
        var acceptedAcceptable: Set<Int> = []
        for group in file.testGroups {
            let publicKey = try bytes(hex: group.publicKey.pk)
            for test in group.tests {
                seen += 1
                let accepted = try Self.verdict(publicKey: publicKey, test: test)
                switch test.result {
                case "valid":
                    #expect(accepted, "tcId \(test.tcId) (\(test.flags)) is valid but was rejected: \(test.comment)")
                case "invalid":
                    #expect(!accepted, "tcId \(test.tcId) (\(test.flags)) is invalid but was accepted: \(test.comment)")
                default:
                    if accepted { acceptedAcceptable.insert(test.tcId) }
                }
            }
        }
        #expect(seen == file.numberOfTests)
        #expect(seen == 210)
        #expect(acceptedAcceptable == Self.acceptableAndAccepted)
    }
}
