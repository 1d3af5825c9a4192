import CoopCrypto
import Testing

private typealias SealedBox = Ristretto255.SealedBox

@Suite("ristretto255 sealed boxes (ElGamal KEM + XChaCha20-Poly1305)")
struct Ristretto255SealedBoxTests {
    let recipientKey = Ristretto255.SecretScalar.random()
    var recipient: Ristretto255.Element { Ristretto255.Element.generatorMultiple(recipientKey) }
    let context = Array("coop/test dealer 1 to trustee 2".utf8)

    @Test func sealsAndOpens() throws {
        let message = secret("thirty-two bytes of secret share")
        let box = try SealedBox.seal(message, to: recipient, ephemeral: .random(), context: context)
        #expect(box.count == 32 + 32 + 16)
        #expect(SealedBox.overhead == 48)
        let opened = try SealedBox.open(box, secretKey: recipientKey, context: context)
        #expect(reveal(opened) == reveal(message))
    }

    @Test func wrongKeyContextOrAnyChangedByteDoesNotOpen() throws {
        let box = try SealedBox.seal(secret("share"), to: recipient, ephemeral: .random(), context: context)
        #expect(throws: Ristretto255Error.boxDoesNotOpen) {
            try SealedBox.open(box, secretKey: .random(), context: context)
        }
        #expect(throws: Ristretto255Error.boxDoesNotOpen) {
            try SealedBox.open(box, secretKey: recipientKey, context: Array("coop/test dealer 1 to trustee 3".utf8))
        }
        var opened = 0
        for i in 32..<box.count {
            var changed = box
            changed[i] ^= 0x01
            if (try? SealedBox.open(changed, secretKey: recipientKey, context: context)) != nil { opened += 1 }
        }
        #expect(opened == 0)
        #expect(throws: Ristretto255Error.boxLength(expected: 48, actual: 47)) {
            try SealedBox.open(Array(box.prefix(47)), secretKey: recipientKey, context: context)
        }
    }

    @Test func theSharedElementOpensThatBoxForAnyone() throws {
        let box = try SealedBox.seal(secret("share"), to: recipient, ephemeral: .random(), context: context)
        let shared = try SealedBox.sharedElement(of: box, secretKey: recipientKey)
        let opened = try SealedBox.open(box, recipient: recipient, sharedElement: shared, context: context)
        #expect(reveal(opened) == Array("share".utf8))
        #expect(throws: Ristretto255Error.boxDoesNotOpen) {
            try SealedBox.open(box, recipient: recipient, sharedElement: .generator, context: context)
        }
    }

    @Test func deterministicForAGivenEphemeralAndRefusesTheIdentity() throws {
        let k = Ristretto255.SecretScalar(Ristretto255.Scalar(12345))
        let a = try SealedBox.seal(secret("share"), to: recipient, ephemeral: k, context: context)
        let b = try SealedBox.seal(secret("share"), to: recipient, ephemeral: k, context: context)
        #expect(a == b)
        #expect(throws: Ristretto255Error.identityRecipient) {
            try SealedBox.seal(secret("share"), to: .identity, ephemeral: k, context: context)
        }
        var identityR = a
        for i in 0..<32 { identityR[i] = 0 }
        #expect(throws: Ristretto255Error.boxDoesNotOpen) { try SealedBox.open(identityR, secretKey: recipientKey, context: context) }
    }
}
