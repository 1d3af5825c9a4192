import CSodium

/// One-time libsodium initialisation. Every public entry point of this module calls
/// `Sodium.ready()` first; `sodium_init` is idempotent and thread-safe.
enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    /// Ensures libsodium is initialised; traps only if the library itself cannot start,
    /// which means no randomness source: nothing in this program could be trusted then.
    static func ready() {
        precondition(initialised, "libsodium failed to initialise (no secure randomness source?)")
    }
}
