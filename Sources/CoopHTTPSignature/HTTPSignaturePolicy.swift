/// What a verifier demands of a signature beyond its validity (RFC 9421 §3.2.1 leaves this to
/// the application): covered components, parameters, tag and time limits.
public struct HTTPSignaturePolicy: Hashable, Sendable {
    /// Components every accepted signature must cover.
    public var requiredComponents: [ComponentIdentifier]
    /// Parameters every accepted signature must carry (`keyid` is always required).
    public var requiredParameters: Set<String>
    /// The `tag` a signature must carry, if any.
    public var requiredTag: String?
    /// The oldest `created` accepted: now − maxAge.
    public var maxAge: Int64
    /// How far in the future `created` may be (clock skew).
    public var maxClockSkew: Int64
    /// The longest expires − created accepted, if limited.
    public var maxValidity: Int64?

    public init(
        requiredComponents: [ComponentIdentifier] = [], requiredParameters: Set<String> = ["created"],
        requiredTag: String? = nil, maxAge: Int64 = 300, maxClockSkew: Int64 = 30, maxValidity: Int64? = nil
    ) {
        self.requiredComponents = requiredComponents
        self.requiredParameters = requiredParameters.union(["keyid"])
        self.requiredTag = requiredTag
        self.maxAge = maxAge
        self.maxClockSkew = maxClockSkew
        self.maxValidity = maxValidity
    }

    /// coop's policy for signed reads (docs/API-PROTOCOLS.md): `@method`, `@target-uri` and
    /// `content-digest` covered; `created`, `expires`, `keyid`, `nonce` and `tag="coop"`
    /// present; created within the last 5 minutes (30 s of skew) and a lifetime of at most
    /// 5 minutes.
    public static let coopSignedRead = HTTPSignaturePolicy(
        requiredComponents: [.method, .targetURI, .contentDigest],
        requiredParameters: ["created", "expires", "keyid", "nonce"],
        requiredTag: "coop", maxAge: 300, maxClockSkew: 30, maxValidity: 300)

    /// Checks `input` against the policy at `now` (POSIX seconds).
    func check(_ input: SignatureInput, now: Int64) throws {
        for component in requiredComponents where !input.components.contains(component) {
            throw HTTPSignatureError.missingRequiredComponent(component.name)
        }
        let present = Set(input.parameters.list.map(\.key))
        for parameter in requiredParameters.sorted() where !present.contains(parameter) {
            throw HTTPSignatureError.missingRequiredParameter(parameter)
        }
        if let requiredTag, input.parameters.tag != requiredTag {
            throw HTTPSignatureError.tagMismatch(expected: requiredTag, actual: input.parameters.tag)
        }
        if let algorithm = input.parameters.algorithm, algorithm != SignatureParameters.ed25519 {
            throw HTTPSignatureError.unsupportedAlgorithm(algorithm)
        }
        if let created = input.parameters.created {
            guard created <= now + maxClockSkew else { throw HTTPSignatureError.createdInTheFuture(created: created, now: now) }
            guard now - created <= maxAge else { throw HTTPSignatureError.signatureTooOld(created: created, now: now, maxAge: maxAge) }
        }
        if let expires = input.parameters.expires {
            guard now <= expires else { throw HTTPSignatureError.signatureExpired(expires: expires, now: now) }
            if let maxValidity, let created = input.parameters.created, expires - created > maxValidity {
                throw HTTPSignatureError.validityTooLong(created: created, expires: expires, limit: maxValidity)
            }
        }
    }
}
