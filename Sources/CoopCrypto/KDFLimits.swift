import CSodium

extension KeyFile {
    /// Argon2id cost limits for turning a passphrase into a key-file key
    /// (libsodium `crypto_pwhash`, `crypto_pwhash_ALG_ARGON2ID13`).
    ///
    /// Files record the limits they were sealed with. Reading refuses limits outside
    /// `opsLimitRange` and `memoryLimitRange`, so a hostile file cannot make coop allocate
    /// more than 1 GiB or spin for minutes before the passphrase is even checked.
    public struct KDFLimits: Hashable, Sendable, CustomStringConvertible {
        /// Argon2id passes over memory (`opslimit`).
        public var opsLimit: UInt64
        /// Argon2id memory in bytes (`memlimit`).
        public var memoryLimit: UInt64

        /// Limits as given; `KeyFile` checks them against the accepted ranges when used.
        public init(opsLimit: UInt64, memoryLimit: UInt64) {
            self.opsLimit = opsLimit
            self.memoryLimit = memoryLimit
        }

        /// The accepted `opsLimit` values: libsodium's minimum (1) to 20.
        public static let opsLimitRange: ClosedRange<UInt64> = UInt64(crypto_pwhash_opslimit_min())...20
        /// The accepted `memoryLimit` values: libsodium's minimum (8 KiB) to 1 GiB.
        public static let memoryLimitRange: ClosedRange<UInt64> = UInt64(crypto_pwhash_memlimit_min())...(1 << 30)

        /// libsodium's interactive limits (2 passes, 64 MiB): the default for `coop key new`.
        public static let interactive = KDFLimits(
            opsLimit: UInt64(crypto_pwhash_opslimit_interactive()),
            memoryLimit: UInt64(crypto_pwhash_memlimit_interactive()))
        /// libsodium's moderate limits (3 passes, 256 MiB).
        public static let moderate = KDFLimits(
            opsLimit: UInt64(crypto_pwhash_opslimit_moderate()),
            memoryLimit: UInt64(crypto_pwhash_memlimit_moderate()))
        /// libsodium's sensitive limits (4 passes, 1 GiB): the most coop accepts in memory.
        public static let sensitive = KDFLimits(
            opsLimit: UInt64(crypto_pwhash_opslimit_sensitive()),
            memoryLimit: UInt64(crypto_pwhash_memlimit_sensitive()))
        /// The cheapest limits libsodium allows (1 pass, 8 KiB). For tests only: they give a
        /// stolen key file almost no protection against guessing.
        public static let minimum = KDFLimits(opsLimit: opsLimitRange.lowerBound, memoryLimit: memoryLimitRange.lowerBound)

        /// True when both limits are within the accepted ranges.
        public var isAccepted: Bool {
            Self.opsLimitRange.contains(opsLimit) && Self.memoryLimitRange.contains(memoryLimit)
        }

        public var description: String { "argon2id13 ops=\(opsLimit) mem=\(memoryLimit)" }

        /// Throws `kdfLimitsOutOfRange` unless `isAccepted`.
        func check() throws {
            guard isAccepted else {
                throw CryptoError.kdfLimitsOutOfRange(opsLimit: opsLimit, memoryLimit: memoryLimit)
            }
        }
    }

    /// Derives the 32-byte XChaCha20-Poly1305 key from `passphrase` and `salt`.
    static func deriveKey(passphrase: SecretBytes, salt: [UInt8], limits: KDFLimits) throws -> SecretBytes {
        try limits.check()
        guard passphrase.count > 0 else { throw CryptoError.emptyPassphrase }
        guard salt.count == Int(crypto_pwhash_SALTBYTES) else {
            throw CryptoError.keyFileMalformed("the salt must be \(crypto_pwhash_SALTBYTES) bytes")
        }
        // Checked above: the memory limit is at most 1 GiB, so it fits in size_t.
        let memory = Int(limits.memoryLimit)
        return try SecretBytes(count: Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)) { key in
            let rc = passphrase.withUnsafeBytes { pass in
                salt.withUnsafeBufferPointer { saltBuffer in
                    guard let keyBase = key.baseAddress?.assumingMemoryBound(to: UInt8.self),
                        let passBase = pass.baseAddress?.assumingMemoryBound(to: CChar.self),
                        let saltBase = saltBuffer.baseAddress
                    else { return Int32(-1) }
                    return crypto_pwhash(
                        keyBase, UInt64(key.count), passBase, UInt64(pass.count), saltBase,
                        limits.opsLimit, memory, crypto_pwhash_ALG_ARGON2ID13)
                }
            }
            // libsodium fails here only when it cannot allocate the memory limit.
            guard rc == 0 else { throw CryptoError.keyDerivationFailed }
        }
    }
}
