import CSodium
import Synchronization

/// Ed25519 signatures (RFC 8032, pure variant) through libsodium's `crypto_sign_*`.
public enum Ed25519 {
    /// The text prefix of a public key: `ed25519:` followed by standard base64 of 32 bytes.
    public static let publicKeyTextPrefix = "ed25519:"
    static let publicKeyTextPrefixUTF8 = Array(publicKeyTextPrefix.utf8)

    /// A 32-byte Ed25519 public key.
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        private let storage: InlineBytes32

        /// The 32 bytes (a new array: loops should use `withUnsafeBytes`).
        public var bytes: [UInt8] { storage.array }

        /// Calls `body` with the 32 bytes, without copying them.
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try storage.withUnsafeBytes(body)
        }

        public init(bytes: [UInt8]) throws {
            guard bytes.count == Int(crypto_sign_PUBLICKEYBYTES) else {
                throw CryptoError.invalidKeyLength(expected: 32, actual: bytes.count)
            }
            storage = bytes.withUnsafeBytes { InlineBytes32(copying: $0) }
        }

        /// Parses the text form `ed25519:<base64>`.
        public init(text: String) throws {
            var text = text
            guard let key = text.withUTF8({ PublicKey(textUTF8: $0) }) else { throw CryptoError.invalidKeyText(text) }
            self = key
        }

        /// Parses the text form from its UTF-8 bytes; nil when they are not one.
        public init?(textUTF8 utf8: UnsafeBufferPointer<UInt8>) {
            let prefix = Ed25519.publicKeyTextPrefixUTF8
            // Base64 of 32 bytes is 44 characters; decoded on the stack, straight into the key.
            guard utf8.count == prefix.count + 44, zip(utf8, prefix).allSatisfy({ $0 == $1 }),
                let storage = withUnsafeTemporaryAllocation(
                    byteCount: 33, alignment: 8,
                    { buffer -> InlineBytes32? in
                        guard Base64.decode(utf8: UnsafeBufferPointer(rebasing: utf8[prefix.count...]), into: buffer) == 32 else { return nil }
                        return InlineBytes32(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<32]))
                    })
            else { return nil }
            self.storage = storage
        }

        /// True when the bytes are the canonical encoding of a point of the prime-order subgroup
        /// that is not of small order: a key someone holds the private half of. A key that fails
        /// can never make a signature libsodium accepts, so a member given one could never sign.
        /// Checked where keys enter the ledger (bodies), not on every parse: a scalar
        /// multiplication per key would double the cost of verifying a large ledger.
        ///
        /// Keys found valid are remembered (up to `ValidKeys.limit`), so a key checked ahead on
        /// another core (`checkAhead`) costs the thread that applies the rules a look-up, not a
        /// scalar multiplication: admitting 100,000 members did 100,000 of them on that thread.
        public var isValidPoint: Bool {
            if ValidKeys.contains(self) { return true }
            Sodium.ready()
            let valid = storage.withUnsafeBytes { pk in
                guard let base = pk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
                return crypto_core_ed25519_is_valid_point(base) == 1
            }
            if valid { ValidKeys.insert(self) }
            return valid
        }

        /// Checks `isValidPoint` now, on this thread, for each of `texts` that is a key in
        /// `text` form (anything else is skipped), so a later check of the same key is a
        /// look-up.
        public static func checkAhead(_ texts: some Sequence<String>) {
            for text in texts {
                if let key = try? PublicKey(text: text) { _ = key.isValidPoint }
            }
        }

        /// Parses the text form and requires `isValidPoint`: for keys arriving in documents.
        public init(validatingText text: String) throws {
            try self.init(text: text)
            guard isValidPoint else { throw CryptoError.invalidPublicKeyPoint(text) }
        }

        /// The text form, `ed25519:<base64>`.
        public var text: String { Ed25519.publicKeyTextPrefix + storage.withUnsafeBytes { Base64.encode($0) } }
        public var description: String { text }

        /// True when `signature` is a valid signature of `message` by this key.
        /// libsodium rejects non-canonical S and small-order keys (RFC 8032 §5.1.7 strict checks).
        /// Safe to call from many threads at once; it allocates nothing (lengths are checked
        /// when the key and signature are made, so it goes straight to libsodium).
        public func isValidSignature<M: ContiguousBytes>(_ signature: Signature, for message: M) -> Bool {
            Sodium.ready()
            return message.withUnsafeBytes { msg in
                signature.withUnsafeBytes { sig in
                    storage.withUnsafeBytes { pk in
                        guard let sigBase = sig.baseAddress?.assumingMemoryBound(to: UInt8.self),
                            let pkBase = pk.baseAddress?.assumingMemoryBound(to: UInt8.self)
                        else { return false }
                        return crypto_sign_verify_detached(
                            sigBase, msg.baseAddress?.assumingMemoryBound(to: UInt8.self),
                            UInt64(msg.count), pkBase) == 0
                    }
                }
            }
        }
    }

    /// A 64-byte Ed25519 signature.
    public struct Signature: Hashable, Sendable {
        private let storage: InlineBytes64

        /// The 64 bytes (a new array: loops should use `withUnsafeBytes`).
        public var bytes: [UInt8] { storage.array }

        /// Calls `body` with the 64 bytes, without copying them.
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try storage.withUnsafeBytes(body)
        }

        public init(bytes: [UInt8]) throws {
            self = try bytes.withUnsafeBytes { try Signature(copying: $0) }
        }

        /// Copies 64 bytes from `raw` (a stored row's signature blob, say) with no array made.
        public init(copying raw: UnsafeRawBufferPointer) throws {
            guard raw.count == Int(crypto_sign_BYTES) else {
                throw CryptoError.invalidSignatureLength(actual: raw.count)
            }
            storage = InlineBytes64(copying: raw)
        }

        /// Parses standard base64 of 64 bytes.
        public init(base64: String) throws {
            guard let raw = Base64.decode(base64), raw.count == 64 else {
                throw CryptoError.invalidSignatureText(base64)
            }
            storage = raw.withUnsafeBytes { InlineBytes64(copying: $0) }
        }

        public var base64: String { storage.withUnsafeBytes { Base64.encode($0) } }
    }

    /// An Ed25519 private key. The 32-byte seed and libsodium's 64-byte expanded secret live in
    /// `SecretBytes`, zeroed when the key is released.
    public final class PrivateKey: Sendable {
        private let secret: SecretBytes  // libsodium layout: seed ‖ public key
        public let publicKey: PublicKey

        /// A fresh random key.
        public convenience init() {
            // The seed goes straight into a SecretBytes buffer, never through a Swift array.
            let seed = SecretBytes(count: 32) { buffer in
                if let base = buffer.baseAddress { randombytes_buf(base, buffer.count) }
            }
            // 32 random bytes always make a valid seed.
            self.init(validSeed: seed)
        }

        /// The key for a 32-byte seed (RFC 8032's private key).
        public convenience init(seed: SecretBytes) throws {
            guard seed.count == 32 else { throw CryptoError.invalidKeyLength(expected: 32, actual: seed.count) }
            self.init(validSeed: seed)
        }

        private init(validSeed seed: SecretBytes) {
            Sodium.ready()
            var pk = [UInt8](repeating: 0, count: 32)
            var rc: Int32 = -1
            secret = SecretBytes(count: 64) { sk in
                seed.withUnsafeBytes { s in
                    guard let skBase = sk.baseAddress?.assumingMemoryBound(to: UInt8.self),
                        let seedBase = s.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    else { return }
                    rc = crypto_sign_seed_keypair(&pk, skBase, seedBase)
                }
            }
            // crypto_sign_seed_keypair has no failure path for a 32-byte seed; a non-zero code
            // would mean a broken libsodium, and a key made from it must not be used.
            precondition(rc == 0, "crypto_sign_seed_keypair failed")
            publicKey = PublicKey(unchecked: pk)
        }

        /// The 32-byte seed, lent to `body` (used to write key files).
        public func withSeed<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try secret.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<32])) }
        }

        /// Asks the kernel to keep the secret out of swap (see `SecretBytes.lockInMemory`);
        /// false when it refuses. For processes that hold keys for long (`coop agent`).
        @discardableResult
        public func lockInMemory() -> Bool { secret.lockInMemory() }

        /// Signs `message` (deterministic, RFC 8032).
        public func signature<M: ContiguousBytes>(for message: M) -> Signature {
            var sig = [UInt8](repeating: 0, count: 64)
            var rc: Int32 = -1
            message.withUnsafeBytes { msg in
                secret.withUnsafeBytes { sk in
                    guard let skBase = sk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
                    rc = crypto_sign_detached(
                        &sig, nil, msg.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(msg.count), skBase)
                }
            }
            // crypto_sign_detached cannot fail for a well-formed key; never hand out a zero signature.
            precondition(rc == 0, "crypto_sign_detached failed")
            return Signature(unchecked: sig)
        }
    }
}

extension Ed25519.PrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the public key only: the secret never appears in text or in `dump`.
    public var description: String { "Ed25519.PrivateKey(public: \(publicKey.text))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey], displayStyle: .class) }
}

extension Ed25519.PublicKey {
    init(unchecked bytes: [UInt8]) { storage = bytes.withUnsafeBytes { InlineBytes32(copying: $0) } }
}

extension Ed25519.Signature {
    init(unchecked bytes: [UInt8]) { storage = bytes.withUnsafeBytes { InlineBytes64(copying: $0) } }
}

/// A public key is encoded as its text form, `ed25519:<base64>`. Decoding (entry bodies, files)
/// also requires a valid point (`isValidPoint`): that is how a key enters the ledger.
extension Ed25519.PublicKey: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "not an Ed25519 public key (ed25519:<base64 of 32 bytes>): \(text)"))
        }
        guard isValidPoint else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "not a usable Ed25519 public key (a non-canonical or small-order point no one can sign for): \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

/// The keys `isValidPoint` has found valid in this process. Only valid keys go in, so a hit is
/// the check's own answer; emptied when full, which costs checks again, never a wrong answer.
enum ValidKeys {
    /// About 8 MiB of keys.
    static let limit = 100_000
    private static let keys = Mutex<Set<Ed25519.PublicKey>>([])

    static func contains(_ key: Ed25519.PublicKey) -> Bool { keys.withLock { $0.contains(key) } }

    static func insert(_ key: Ed25519.PublicKey) {
        keys.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0.insert(key)
        }
    }
}
