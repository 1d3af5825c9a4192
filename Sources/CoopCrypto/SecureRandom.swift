import CSodium

/// Random bytes from the operating system's cryptographic generator (libsodium
/// `randombytes_buf`), for ledger ids, salts and nonces.
public enum SecureRandom {
    /// `count` random bytes. `randombytes_buf` has no failure return: libsodium aborts the
    /// process if the system generator is unusable, rather than hand out weak bytes.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes needs a non-negative count")
        Sodium.ready()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 {
                randombytes_buf(base, buffer.count)
            }
        }
        return out
    }
}
