/// One RFC 9421 §2.3 signature parameter.
public enum SignatureParameter: Hashable, Sendable {
    /// `created`: when the signature was made, POSIX seconds.
    case created(Int64)
    /// `expires`: when it stops being valid, POSIX seconds.
    case expires(Int64)
    /// `nonce`: a value the signer never reuses, for replay detection.
    case nonce(String)
    /// `alg`: the algorithm, `ed25519` here.
    case algorithm(String)
    /// `keyid`: which key signed (coop: a member id or an auditor key fingerprint).
    case keyID(String)
    /// `tag`: the application the signature is for.
    case tag(String)

    /// The parameter's key in the serialization.
    public var key: String {
        switch self {
        case .created: return "created"
        case .expires: return "expires"
        case .nonce: return "nonce"
        case .algorithm: return "alg"
        case .keyID: return "keyid"
        case .tag: return "tag"
        }
    }

    var bareItem: StructuredField.BareItem {
        switch self {
        case let .created(time), let .expires(time): return .integer(time)
        case let .nonce(text), let .algorithm(text), let .keyID(text), let .tag(text): return .string(text)
        }
    }
}

/// The signature parameters of one signature, in the order they are serialized — which the
/// signature base depends on, so a verifier keeps the order it received.
public struct SignatureParameters: Hashable, Sendable {
    /// The RFC 9421 algorithm name for Ed25519 (§3.3.6).
    public static let ed25519 = "ed25519"

    /// The parameters, in order.
    public let list: [SignatureParameter]

    /// Parameters in the given order.
    /// - Throws: `HTTPSignatureError.invalidParameter` for a repeated key, a time outside
    ///   0…999,999,999,999,999 or a string with non-printable characters.
    public init(_ list: [SignatureParameter]) throws {
        var keys: Set<String> = []
        for parameter in list {
            guard keys.insert(parameter.key).inserted else { throw HTTPSignatureError.invalidParameter(parameter.key, reason: "it appears twice") }
            switch parameter {
            case let .created(time), let .expires(time):
                guard (0...999_999_999_999_999).contains(time) else {
                    throw HTTPSignatureError.invalidParameter(parameter.key, reason: "a time is a non-negative integer of at most 15 digits")
                }
            case let .nonce(text), let .algorithm(text), let .keyID(text), let .tag(text):
                guard text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
                    throw HTTPSignatureError.invalidParameter(parameter.key, reason: "it must be printable ASCII")
                }
            }
        }
        self.list = list
    }

    /// Parameters in the order created, expires, nonce, alg, keyid, tag (absent ones left out).
    public init(
        created: Int64? = nil, expires: Int64? = nil, nonce: String? = nil, algorithm: String? = nil,
        keyID: String? = nil, tag: String? = nil
    ) throws {
        let list: [SignatureParameter?] = [
            created.map { .created($0) }, expires.map { .expires($0) }, nonce.map { .nonce($0) },
            algorithm.map { .algorithm($0) }, keyID.map { .keyID($0) }, tag.map { .tag($0) },
        ]
        try self.init(list.compactMap { $0 })
    }

    /// Reads the parameters of a Signature-Input inner list, keeping their order.
    /// - Throws: `HTTPSignatureError.invalidParameter` for an unknown key or a value of the
    ///   wrong type (an unknown parameter could carry meaning coop would ignore).
    init(parsing parameters: StructuredField.Parameters) throws {
        let list = try parameters.entries.map { entry -> SignatureParameter in
            switch (entry.key, entry.value) {
            case let ("created", .integer(time)): return .created(time)
            case let ("expires", .integer(time)): return .expires(time)
            case let ("nonce", .string(text)): return .nonce(text)
            case let ("alg", .string(text)): return .algorithm(text)
            case let ("keyid", .string(text)): return .keyID(text)
            case let ("tag", .string(text)): return .tag(text)
            case ("created", _), ("expires", _):
                throw HTTPSignatureError.invalidParameter(entry.key, reason: "it must be an integer")
            case ("nonce", _), ("alg", _), ("keyid", _), ("tag", _):
                throw HTTPSignatureError.invalidParameter(entry.key, reason: "it must be a quoted string")
            default:
                throw HTTPSignatureError.invalidParameter(entry.key, reason: "it is not an RFC 9421 signature parameter")
            }
        }
        try self.init(list)
    }

    public var created: Int64? { list.lazy.compactMap { if case let .created(v) = $0 { v } else { nil } }.first }
    public var expires: Int64? { list.lazy.compactMap { if case let .expires(v) = $0 { v } else { nil } }.first }
    public var nonce: String? { list.lazy.compactMap { if case let .nonce(v) = $0 { v } else { nil } }.first }
    public var algorithm: String? { list.lazy.compactMap { if case let .algorithm(v) = $0 { v } else { nil } }.first }
    public var keyID: String? { list.lazy.compactMap { if case let .keyID(v) = $0 { v } else { nil } }.first }
    public var tag: String? { list.lazy.compactMap { if case let .tag(v) = $0 { v } else { nil } }.first }

    var structured: StructuredField.Parameters {
        StructuredField.Parameters(list.map { StructuredField.Parameter(key: $0.key, value: $0.bareItem) })
    }
}
