import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Synchronization
import Testing

/// A signer that counts what it is asked to sign (a dry run must ask nothing).
private final class CountingSigner: Ed25519Signer {
    let key: Ed25519.PrivateKey
    let signed = Mutex(0)

    init(_ key: Ed25519.PrivateKey) { self.key = key }

    var publicKey: Ed25519.PublicKey { key.publicKey }

    func sign(_ message: [UInt8]) throws -> Ed25519.Signature {
        signed.withLock { $0 += 1 }
        return key.signature(for: message)
    }
}

@Suite("Dry runs: Ledger.check")
struct DryRunCheckTests {
    func admit(_ coop: TestCoop, _ name: String, _ key: Ed25519.PrivateKey, by signer: any Ed25519Signer) -> Ledger.Draft {
        Ledger.Draft(
            type: .memberAdmit, body: .object(["name": .string(name), "key": .string(key.publicKey.text)]), author: coop.m1, key: signer)
    }

    @Test func eachDraftIsJudgedOnWhatTheAcceptedOnesLeaveAndNothingIsWrittenOrSigned() throws {
        let coop = try TestCoop(members: 1)
        let founder = CountingSigner(coop.founder)
        let before = try coop.ledger.state()
        let newcomer = try testKey(40)
        let drafts = [
            admit(coop, "Cleo", newcomer, by: founder),
            // The same key again: refused only because the draft before it was accepted.
            admit(coop, "Cleo Again", newcomer, by: founder),
            // By member 2, who is not the secretary.
            Ledger.Draft(
                type: .memberAdmit, body: .object(["name": .string("Dan"), "key": .string(try testKey(41).publicKey.text)]),
                author: coop.id(2), key: coop.members[0]),
            Ledger.Draft(type: .note, body: .object(["text": .string("minutes")]), author: coop.id(2), key: coop.members[0]),
        ]
        let results = try coop.ledger.check(drafts)
        #expect(results.count == 4)
        #expect(results[0] == nil && results[3] == nil)
        #expect((results[1] as? LedgerError)?.refusal?.code == .keyReused, "\(String(describing: results[1]))")
        #expect(results[2] is LedgerError)
        #expect((results[2] as? LedgerError)?.refusal?.code == .unauthorized, "\(String(describing: results[2]))")
        #expect(founder.signed.withLock { $0 } == 0)
        #expect(try coop.ledger.store.size() == before.size)
        #expect(try coop.ledger.state().heads == before.heads)

        // What the dry run accepted, appended for real, is accepted and signed.
        #expect(try coop.ledger.append([drafts[0], drafts[3]]).count == 2)
        #expect(founder.signed.withLock { $0 } == 1)
        #expect(try coop.ledger.state().members.values.contains { $0.name == "Cleo" })
        #expect(try Verifier().verify(coop.ledger.store).ok)
    }
}
