import CSodium

extension Ristretto255 {
    /// Seals a short secret to a ristretto255 public key: ElGamal key encapsulation followed by
    /// XChaCha20-Poly1305 (libsodium `crypto_aead_xchacha20poly1305_ietf_*`). Used to hand each
    /// trustee its key shares through the public ledger.
    ///
    /// Sealing `m` to `X = x·B` with the ephemeral secret `k`, under a caller's `context`:
    ///
    ///     R = k·B            S = k·X  (= x·R)
    ///     h = SHA-512( field("coop/ristretto255-sealed-box/v1") ‖ field(R) ‖ field(X) ‖ field(S) ‖ field(context) )
    ///     key = h[0..<32]    nonce = h[32..<56]
    ///     box = R ‖ XChaCha20-Poly1305(key, nonce, associated data: empty, m)   (32 + len(m) + 16 bytes)
    ///
    /// with `field` as in `Transcript` (4-byte big-endian length, then the bytes). Key and nonce
    /// are fresh for every box because `k` is; the context binds the box to its purpose, so a
    /// box cannot be moved to another slot. Whoever learns `S` for one box (a trustee proving a
    /// complaint) can open that box and no other.
    public enum SealedBox {
        /// Bytes a box adds to its message: the ephemeral element and the Poly1305 tag.
        public static let overhead = Ristretto255.encodedLength + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
        static let domain = "coop/ristretto255-sealed-box/v1"

        /// Seals `message` to `recipient` with the ephemeral secret `ephemeral` (fresh and random
        /// for every box; it is the caller's so that tests can be deterministic).
        /// - Throws: `identityRecipient` for the identity, `sealingFailed` if libsodium refuses.
        public static func seal(
            _ message: SecretBytes, to recipient: Element, ephemeral: SecretScalar, context: [UInt8]
        ) throws -> [UInt8] {
            guard !recipient.isIdentity else { throw Ristretto255Error.identityRecipient }
            let r = Element.generatorMultiple(ephemeral)
            let shared = sharedSecret(ephemeral, recipient)
            let keys = deriveKeys(ephemeralKey: r, recipient: recipient, shared: shared, context: context)
            var sealed = [UInt8](repeating: 0, count: message.count + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES))
            var written: UInt64 = 0
            let rc = keys.withUnsafeBytes { k in
                message.withUnsafeBytes { m in
                    sealed.withUnsafeMutableBytes { c in
                        crypto_aead_xchacha20poly1305_ietf_encrypt(
                            c.bytes, &written, m.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(m.count),
                            nil, 0, nil, k.bytes + 32, k.bytes)
                    }
                }
            }
            guard rc == 0, written == UInt64(sealed.count) else { throw Ristretto255Error.sealingFailed }
            return r.bytes + sealed
        }

        /// Opens a box with the recipient's secret key.
        /// - Throws: `boxLength`, `invalidElement` for a malformed ephemeral key, `boxDoesNotOpen`.
        public static func open(_ box: [UInt8], secretKey: SecretScalar, context: [UInt8]) throws -> SecretBytes {
            let r = try ephemeralKey(of: box)
            return try open(
                box, ephemeralKey: r, recipient: Element.generatorMultiple(secretKey),
                shared: sharedSecret(secretKey, r), context: context)
        }

        /// Opens a box with its shared element `S` (published with a proof that it is `x·R`, to
        /// let anyone check a complaint about the box's contents).
        public static func open(_ box: [UInt8], recipient: Element, sharedElement: Element, context: [UInt8]) throws -> SecretBytes {
            let r = try ephemeralKey(of: box)
            let shared = SecretBytes(count: Ristretto255.encodedLength) { out in
                sharedElement.bytes.withUnsafeBytes { out.copyMemory(from: $0) }
            }
            return try open(box, ephemeralKey: r, recipient: recipient, shared: shared, context: context)
        }

        /// The ephemeral element `R` at the start of a box.
        /// - Throws: `boxLength` if the box is shorter than `overhead`, `invalidElement`.
        public static func ephemeralKey(of box: [UInt8]) throws -> Element {
            guard box.count >= overhead else { throw Ristretto255Error.boxLength(expected: overhead, actual: box.count) }
            return try Element(encoding: Array(box[0..<Ristretto255.encodedLength]))
        }

        /// The shared element `S` of a box for the holder of `secretKey`, to publish in a complaint.
        public static func sharedElement(of box: [UInt8], secretKey: SecretScalar) throws -> Element {
            secretKey * (try ephemeralKey(of: box))
        }

        private static func open(
            _ box: [UInt8], ephemeralKey r: Element, recipient: Element, shared: SecretBytes, context: [UInt8]
        ) throws -> SecretBytes {
            guard !r.isIdentity else { throw Ristretto255Error.boxDoesNotOpen }
            let keys = deriveKeys(ephemeralKey: r, recipient: recipient, shared: shared, context: context)
            let sealed = Array(box[Ristretto255.encodedLength...])
            let length = sealed.count - Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
            return try SecretBytes(count: length) { out in
                var produced: UInt64 = 0
                let rc = keys.withUnsafeBytes { k in
                    sealed.withUnsafeBytes { c in
                        crypto_aead_xchacha20poly1305_ietf_decrypt(
                            out.baseAddress?.assumingMemoryBound(to: UInt8.self), &produced, nil,
                            c.bytes, UInt64(c.count), nil, 0, k.bytes + 32, k.bytes)
                    }
                }
                guard rc == 0, produced == UInt64(length) else { throw Ristretto255Error.boxDoesNotOpen }
            }
        }

        /// `scalar · element` written straight into secret memory (the identity for a zero product).
        private static func sharedSecret(_ scalar: SecretScalar, _ element: Element) -> SecretBytes {
            SecretBytes(count: Ristretto255.encodedLength) { out in
                scalar.withPointer { s in
                    // -1 only for the identity product (the buffer stays zero) or an invalid
                    // element, which no `Element` can be.
                    _ = crypto_scalarmult_ristretto255(out.bytes, s, element.bytes)
                }
            }
        }

        /// The 64-byte hash whose first 32 bytes are the key and next 24 the nonce.
        private static func deriveKeys(ephemeralKey r: Element, recipient: Element, shared: SecretBytes, context: [UInt8]) -> SecretBytes {
            var transcript = Transcript(domain: domain)
            transcript.append(r)
            transcript.append(recipient)
            shared.withUnsafeBytes { transcript.append(bytes: $0) }
            transcript.append(bytes: context)
            return transcript.secretDigest()
        }
    }
}
