import CoopCrypto
import Foundation

/// Deterministic keys and cheap key files for tests.
public enum TestKeys {
    /// The Ed25519 key whose 32-byte seed is `n` repeated: the same key in every run.
    public static func key(_ n: UInt8) throws -> Ed25519.PrivateKey {
        var seed = [UInt8](repeating: n, count: 32)
        return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
    }

    /// The key-derivation cost tests seal key files with: libsodium's minimum (one Argon2id pass
    /// over 8 KiB), so a test that writes and reads many key files does not spend seconds on
    /// each. Never for real keys.
    public static let kdf = KeyFile.KDFLimits.minimum

    /// Writes `key` as an encrypted key file (mode 0600) sealed at the test cost.
    public static func writeKeyFile(_ key: Ed25519.PrivateKey, name: String?, passphrase: String, to path: String) throws {
        var bytes = Array(passphrase.utf8)
        try KeyFile.write(key, name: name, passphrase: SecretBytes(consuming: &bytes), limits: kdf, to: path)
    }
}
