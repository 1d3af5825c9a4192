/// Remembers the (keyid, nonce) pairs of accepted signatures until they expire, so a captured
/// request cannot be replayed while its signature is still valid (the replay risk RFC 9421's
/// security considerations describe; `nonce` exists for it).
///
/// A value type with no clock: the caller passes the time and keeps one window per server
/// (behind an actor or lock). Entries outlive the signature by nothing: once `expires` (or
/// created + the policy's maxAge) has passed, the verifier refuses the signature anyway, so the
/// nonce can be forgotten. Bounded: when `capacity` unexpired nonces are held, new ones are
/// refused (fail closed) rather than forgetting live ones.
public struct ReplayWindow: Sendable {
    /// The most unexpired nonces held.
    public let capacity: Int
    private var expiries: [String: Int64] = [:]

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The number of nonces held.
    public var count: Int { expiries.count }

    /// Records a verified signature's nonce, or refuses a replay.
    ///
    /// The nonce is kept until the signature's `expires`, or `created + policy.maxAge` when it
    /// has no `expires`.
    /// - Throws: `HTTPSignatureError.missingRequiredParameter("nonce")`, `.replayedNonce`,
    ///   `.replayWindowFull`.
    public mutating func admit(_ signature: VerifiedSignature, policy: HTTPSignaturePolicy, now: Int64) throws {
        guard let nonce = signature.nonce else { throw HTTPSignatureError.missingRequiredParameter("nonce") }
        let until = signature.expires ?? ((signature.created ?? now) + policy.maxAge)
        try admit(keyID: signature.keyID, nonce: nonce, until: until, now: now)
    }

    /// Records `nonce` for `keyID` until `until` (POSIX seconds), or refuses a replay.
    public mutating func admit(keyID: String, nonce: String, until: Int64, now: Int64) throws {
        let key = keyID + "\n" + nonce  // neither can hold a newline (printable ASCII)
        if let expiry = expiries[key], expiry >= now { throw HTTPSignatureError.replayedNonce(keyID: keyID, nonce: nonce) }
        if expiries.count >= capacity {
            expiries = expiries.filter { $0.value >= now }
            guard expiries.count < capacity else { throw HTTPSignatureError.replayWindowFull(capacity: capacity) }
        }
        expiries[key] = until
    }
}
